import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKey } from '../helpers/keys.js';

/**
 * The package as users get it: `npm pack`, the tarball installed with ESLint and TypeScript from
 * the registry into a fresh TypeScript app, the README's quick-start config copied verbatim.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL_TIMEOUT_MS = 300_000;

const work = realpathSync(mkdtempSync(path.join(tmpdir(), 'cencori-packed-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let tarball = '';
beforeAll(() => {
  // dist/ is built by `npm test`; scripts off so packing does not rebuild it.
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr.trim().split('\n').pop()}`);
  tarball = path.join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
}, INSTALL_TIMEOUT_MS);

/** The first ```js block of the README's quick start: what a new user pastes. */
function quickStartConfig(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Quick start'));
  const block = /```js\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no quick-start config');
  return block[1]!;
}

/** One file per extension a TypeScript app holds, each with its own key and syntax espree cannot read where it is TS. */
function appFiles(keys: Map<string, string>): Record<string, string> {
  const key = (file: string): string => {
    const k = makeKey();
    keys.set(file, k);
    return k;
  };
  return {
    'src/app/page.tsx': `export default function Page(): JSX.Element {\n  return <Chat apiKey="${key('src/app/page.tsx')}" />;\n}\n`,
    'src/lib/client.ts': `export const apiKey: string = '${key('src/lib/client.ts')}';\n`,
    'src/lib/esm.mts': `export const apiKey = '${key('src/lib/esm.mts')}' as const;\n`,
    'src/lib/cjs.cts': `const apiKey: string = '${key('src/lib/cjs.cts')}';\nexport = apiKey;\n`,
    'src/widget.jsx': `export const Widget = () => <Chat apiKey="${key('src/widget.jsx')}" />;\n`,
    'src/legacy.js': `export const apiKey = '${key('src/legacy.js')}';\n`,
    'src/module.mjs': `export const apiKey = '${key('src/module.mjs')}';\n`,
    'src/common.cjs': `module.exports = { apiKey: '${key('src/common.cjs')}' };\n`,
  };
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

/** A fresh app with the tarball, the given ESLint range and TypeScript installed from the registry. */
function freshApp(name: string, eslintRange: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  write(dir, { 'package.json': JSON.stringify({ name, private: true, type: 'module' }) });
  const npm = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball, `eslint@${eslintRange}`, 'typescript@5.9.3'],
    { cwd: dir, encoding: 'utf8' },
  );
  if (npm.status !== 0) throw new Error(`npm install in ${name} failed: ${npm.stderr.trim().split('\n').pop()}`);
  return dir;
}

interface LintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string; fatal?: boolean }>;
}

const TYPED_CONFIGS = `import { defineConfig } from 'eslint/config';
import type { Linter } from 'eslint';
import cencori from 'eslint-plugin-cencori';

export const viaDefineConfig = defineConfig([cencori.configs.recommended]);
export const asConfigArray: Linter.Config[] = [cencori.configs.recommended];
export const plugin = defineConfig([{ plugins: { cencori }, rules: { 'cencori/no-hardcoded-key': 'error' } }]);
// Proves the types are real: were they \`any\`, this directive would itself be an error.
// @ts-expect-error configs has no entry of that name
export const missing: Linter.Config = cencori.configs.strict;
`;

describe.each([
  ['ESLint 10', '^10'],
  ['ESLint 9', '^9.22'],
])('packed plugin in a fresh TypeScript app with %s', (label, range) => {
  let dir = '';
  const keys = new Map<string, string>();
  beforeAll(() => {
    dir = freshApp(label.replace(' ', '-').toLowerCase(), range);
    write(dir, {
      'eslint.config.js': quickStartConfig(),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', noEmit: true, jsx: 'preserve', skipLibCheck: true, types: [] }, files: ['typed-config.ts'] }),
      'typed-config.ts': TYPED_CONFIGS,
      ...appFiles(keys),
    });
  }, INSTALL_TIMEOUT_MS);

  it("the README's quick-start config lints every JS and TS file kind and reports the key in each, exit 1", () => {
    const eslint = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
    expect(eslint.stderr).toBe('');
    expect(eslint.status).toBe(1);
    const results = JSON.parse(eslint.stdout) as LintResult[];
    const byFile = new Map(results.map((r) => [path.relative(dir, r.filePath), r.messages]));
    for (const file of keys.keys()) {
      const messages = byFile.get(file) ?? [];
      expect({ file, fatal: messages.filter((m) => m.fatal).map((m) => m.message) }).toEqual({ file, fatal: [] });
      expect({ file, rules: messages.map((m) => m.ruleId) }).toEqual({ file, rules: ['cencori/no-hardcoded-key'] });
    }
    const text = JSON.stringify(results.map((r) => r.messages));
    for (const key of keys.values()) expect(text.includes(key)).toBe(false);
  });

  it('defineConfig([cencori.configs.recommended]) and Linter.Config[] type-check against its own types', () => {
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
