import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { bundleJson } from '../sources/bundle/run-bundle.js';
import { FIXTURES_DIR, loadFixture, type FilledFixture } from '../helpers/fixtures.js';
import { masked } from '../helpers/keys.js';

const VITE_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');

let fixture: FilledFixture;
let results: ESLint.LintResult[];

beforeAll(async () => {
  fixture = loadFixture('eslint/ng-monorepo');
  const config: Linter.Config[] = [
    {
      files: ['**/*.{ts,tsx}'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { cencori: plugin as unknown as ESLint.Plugin },
      rules: { 'cencori/no-public-secret-env': 'error', 'cencori/no-secret-key-in-client': 'error' },
    },
  ];
  results = await new ESLint({ cwd: fixture.dir, overrideConfigFile: true, overrideConfig: config }).lintFiles(['**/*.{ts,tsx}']);
});
afterAll(() => fixture.cleanup());

const messages = () =>
  results.flatMap((r) => r.messages.map((m) => ({ file: path.relative(fixture.dir, r.filePath).split(path.sep).join('/'), line: m.line, column: m.column, ruleId: m.ruleId, messageId: m.messageId, message: m.message })));

describe('a monorepo: .env files follow each framework from the package to the workspace root', () => {
  it('reports the repo-root files Vite (envDir) and dotenv -e load, and nothing Next.js does not load', () => {
    const expected = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'eslint/ng-monorepo/expected.json'), 'utf8')) as unknown[];
    expect(messages().map(({ message: _m, ...rest }) => rest)).toEqual(expected);
  });

  it('names the repo-root file and line as seen from the package, masked', () => {
    const [site, web] = messages();
    expect(site!.message).toContain(`../../.env.local:2 sets it to ${masked(fixture.keys.get('dotenv-cli')!)}`);
    expect(web!.message).toContain(`../.env.development:2 sets it to ${masked(fixture.keys.get('vite-root')!)}`);
  });

  it("a real Vite build through envDir: '../' puts the repo-root secret into the bundle the plugin reported", async () => {
    const web = path.join(fixture.dir, 'web');
    await promisify(execFile)(process.execPath, [VITE_BIN, 'build', '--mode', 'development'], { cwd: web, env: { ...process.env, NODE_ENV: 'production' } });
    const { findings } = await bundleJson(web);
    expect(findings.map((f) => ({ file: f.file.replace(/-[\w-]+\.js$/, '-[hash].js'), redacted: f.redacted }))).toEqual([
      { file: 'dist/assets/index-[hash].js', redacted: masked(fixture.keys.get('vite-root')!) },
    ]);
  });
});
