import { readFileSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { FIXTURES_DIR, loadFixture, type FilledFixture } from '../helpers/fixtures.js';
import { masked } from '../helpers/keys.js';

interface ExpectedMessage {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  messageId: string;
}

const MY_RULES = ['cencori/no-public-secret-env', 'cencori/no-secret-key-in-client'] as const;

/** Lints a filled fixture project with the real ESLint class and a flat config holding the plugin. */
async function lintProject(dir: string, clientRuleOptions: Record<string, unknown> = {}): Promise<ESLint.LintResult[]> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.{ts,tsx}'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { cencori: plugin as unknown as ESLint.Plugin },
      rules: {
        'cencori/no-public-secret-env': 'error',
        'cencori/no-secret-key-in-client': ['error', clientRuleOptions],
      },
    },
  ];
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
  return eslint.lintFiles(['**/*.{ts,tsx}']);
}

function flatten(dir: string, results: ESLint.LintResult[]): ExpectedMessage[] {
  return results
    .flatMap((r) =>
      r.messages.map((m) => ({ file: path.relative(dir, r.filePath).split(path.sep).join('/'), line: m.line, column: m.column, ruleId: m.ruleId ?? '(fatal)', messageId: m.messageId ?? m.message })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

function expectedOf(fixture: string): ExpectedMessage[] {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'eslint', fixture, 'expected.json'), 'utf8')) as ExpectedMessage[];
}

function allMessages(results: ESLint.LintResult[]): string[] {
  return results.flatMap((r) => r.messages.map((m) => m.message));
}

describe('Next.js app (app router and pages router) through the ESLint API', () => {
  let fixture: FilledFixture;
  let results: ESLint.LintResult[];
  beforeAll(async () => {
    fixture = loadFixture('eslint/ng-next-app');
    results = await lintProject(fixture.dir);
  });
  afterAll(() => fixture.cleanup());

  it('reports exactly the expected rule, file, line and column', () => {
    expect(flatten(fixture.dir, results)).toEqual(expectedOf('ng-next-app'));
  });

  it('names the .env file and line that make a public variable secret, masked', () => {
    const chatKey = results.flatMap((r) => r.messages).find((m) => m.ruleId === MY_RULES[0] && m.message.startsWith('NEXT_PUBLIC_CHAT_KEY'));
    expect(chatKey?.message).toContain(`.env.local:3 sets it to $CENCORI_API_KEY (${masked(fixture.keys.get('main')!)})`);
    const token = results.flatMap((r) => r.messages).find((m) => m.ruleId === MY_RULES[0] && m.message.startsWith('NEXT_PUBLIC_AI_TOKEN'));
    expect(token?.message).toContain(`.env.production:1 sets it to ${masked(fixture.keys.get('prod')!)}`);
  });

  it('leaves a client module importing a module that reads a secret alone (Next.js ships undefined), and names the client component a prop goes to', () => {
    const messages = allMessages(results);
    expect(messages.filter((m) => m.includes('lib/cencori.ts'))).toEqual([]);
    expect(messages).toContainEqual(expect.stringContaining("to <ChatBox>, a 'use client' component (components/chat-box.tsx)"));
  });

  it('never puts a full key into a message', () => {
    const messages = allMessages(results);
    expect(messages.length).toBeGreaterThan(0);
    for (const key of fixture.keys.values()) for (const message of messages) expect(message).not.toContain(key);
  });
});

describe('Vite app through the ESLint API', () => {
  let fixture: FilledFixture;
  let results: ESLint.LintResult[];
  beforeAll(async () => {
    fixture = loadFixture('eslint/ng-vite-app');
    // A Vite single-page app: everything under src/ runs in the browser.
    results = await lintProject(fixture.dir, { clientFiles: ['src/**/*.{ts,tsx}'] });
  });
  afterAll(() => fixture.cleanup());

  it('reports exactly the expected rule, file, line and column', () => {
    expect(flatten(fixture.dir, results)).toEqual(expectedOf('ng-vite-app'));
  });

  it('never puts a full key into a message', () => {
    const messages = allMessages(results);
    expect(messages.length).toBeGreaterThan(0);
    for (const key of fixture.keys.values()) for (const message of messages) expect(message).not.toContain(key);
    expect(messages.join('\n')).toContain(masked(fixture.keys.get('vite')!));
  });
});
