import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { makeKey } from '../helpers/keys.js';
import { createProject } from '../helpers/project.js';

// The VS Code extension's case: one ESLint instance, alive across edits, linting the open file's
// text on every change. Each step edits the disk and asks again; the verdict must follow at once.

const project = createProject(
  {
    'app/page.tsx': "import { Box } from '@/components/box';\nexport default function Page() {\n  return <Box apiKey={process.env.AI_TOKEN} />;\n}\n",
    'pages/index.tsx': 'const token = process.env.CENCORI_API_KEY;\nexport default function Home() {\n  return <p>{token}</p>;\n}\n',
  },
  { name: 'editor-app', private: true, dependencies: { react: '19.2.0' } },
);
afterAll(() => project.cleanup());

const config: Linter.Config[] = [
  {
    files: ['**/*.tsx'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { cencori: plugin as unknown as ESLint.Plugin },
    rules: { 'cencori/no-secret-key-in-client': 'error' },
  },
];
const eslint = new ESLint({ cwd: project.dir, overrideConfigFile: true, overrideConfig: config });

/** What the editor shows for a file: its messageIds. */
async function verdict(relative: string): Promise<string[]> {
  const file = project.path(relative);
  const [result] = await eslint.lintText(readFileSync(file, 'utf8'), { filePath: file });
  return result!.messages.map((m) => m.messageId ?? m.message);
}

const CLIENT_BOX = "'use client';\nexport function Box(props: { apiKey?: string }) { return null; }\n";
// The same length as CLIENT_BOX: only the nanosecond mtime tells the two edits apart.
const SERVER_BOX = CLIENT_BOX.replace("'use client'", "'use server'");
const wholeSecond = (file: string) => Math.floor(statSync(file).mtimeMs / 1000);

describe('one long-lived ESLint process follows every edit', () => {
  it('sees a created module, a tsconfig alias, two same-second edits, a delete, package.json and .env changes', async () => {
    // The import names an alias no tsconfig defines yet, of a module that does not exist.
    expect(await verdict('app/page.tsx')).toEqual([]);

    project.write('components/box.tsx', CLIENT_BOX);
    expect(await verdict('app/page.tsx')).toEqual([]); // still no alias

    project.write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }));
    project.write('.env', `AI_TOKEN=${makeKey('secret-live')}\n`);
    expect(await verdict('app/page.tsx')).toEqual(['secretPropToClientComponent']);

    // Two edits of the same size within one second: server, then client again.
    const box = project.path('components/box.tsx');
    for (let attempt = 0; ; attempt++) {
      writeFileSync(box, SERVER_BOX);
      const first = wholeSecond(box);
      const afterServer = await verdict('app/page.tsx');
      writeFileSync(box, CLIENT_BOX);
      const afterClient = await verdict('app/page.tsx');
      if (wholeSecond(box) !== first && attempt < 3) continue; // crossed a second boundary: try again
      expect(afterServer).toEqual([]);
      expect(afterClient).toEqual(['secretPropToClientComponent']);
      break;
    }

    rmSync(box);
    expect(await verdict('app/page.tsx')).toEqual([]);
    project.write('components/box.tsx', CLIENT_BOX);
    expect(await verdict('app/page.tsx')).toEqual(['secretPropToClientComponent']);

    // The alias removed from tsconfig: the import no longer resolves.
    project.write('tsconfig.json', JSON.stringify({ compilerOptions: {} }));
    expect(await verdict('app/page.tsx')).toEqual([]);
    project.write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }));
    expect(await verdict('app/page.tsx')).toEqual(['secretPropToClientComponent']);

    // .env: the value decides; a placeholder is no secret.
    project.write('.env', 'AI_TOKEN=set-me\n');
    expect(await verdict('app/page.tsx')).toEqual([]);

    // package.json: pages/ follows Next's rules only once the app depends on next.
    expect(await verdict('pages/index.tsx')).toEqual([]);
    project.write('package.json', JSON.stringify({ name: 'editor-app', private: true, dependencies: { next: '15.5.29', react: '19.2.0' } }));
    expect(await verdict('pages/index.tsx')).toEqual(['secretReadInClient']);
    project.write('package.json', JSON.stringify({ name: 'editor-app', private: true, dependencies: { react: '19.2.0' } }));
    expect(await verdict('pages/index.tsx')).toEqual([]);
  });

  it('follows a package.json created after the first lint nearer the file, and its deletion', async () => {
    // Linted first as part of the root package (no next): pages/ is no Next.js page yet.
    project.write('packages/web/pages/index.tsx', 'const token = process.env.CENCORI_API_KEY;\nexport default function Home() {\n  return <p>{token}</p>;\n}\n');
    expect(await verdict('packages/web/pages/index.tsx')).toEqual([]);

    // The nearer package.json makes packages/web a Next.js app of its own.
    project.write('packages/web/package.json', JSON.stringify({ name: 'web', private: true, dependencies: { next: '15.5.29' } }));
    expect(await verdict('packages/web/pages/index.tsx')).toEqual(['secretReadInClient']);

    // Its own .env decides now (Next.js reads the app directory's): the root sets AI_TOKEN to no key.
    project.write('packages/web/pages/token.tsx', 'export default function Token() {\n  return <p>{process.env.AI_TOKEN}</p>;\n}\n');
    expect(await verdict('packages/web/pages/token.tsx')).toEqual([]);
    project.write('packages/web/.env', `AI_TOKEN=${makeKey('secret-live')}\n`);
    expect(await verdict('packages/web/pages/token.tsx')).toEqual(['secretReadInClient']);

    rmSync(project.path('packages/web/package.json'));
    expect(await verdict('packages/web/pages/index.tsx')).toEqual([]);
  });
});
