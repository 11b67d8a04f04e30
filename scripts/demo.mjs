// `npm run demo`: copies fixtures/demo to a temp folder, fills its key placeholders with
// freshly generated keys, then shows both faces on it: the built cencori-scan (offline) and
// ESLint with the plugin's recommended config.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import cencori from '../dist/index.js';
import { KEY_FORMATS } from '../dist/scanner.js';
import { fillPlaceholders } from './placeholders.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'cencori-demo-'));
cpSync(path.join(root, 'fixtures/demo'), dir, { recursive: true });
const keys = new Map();
const walk = (d) => readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]));
for (const file of walk(dir)) writeFileSync(file, fillPlaceholders(readFileSync(file, 'utf8'), KEY_FORMATS, keys));

try {
  console.log(`Demo tree with ${keys.size} generated keys in ${dir}\n\n$ cencori-scan files --offline\n`);
  const scan = spawnSync(process.execPath, [path.join(root, 'dist/cli.cjs'), 'files', '--offline', ...process.argv.slice(2)], {
    cwd: dir,
    stdio: 'inherit',
  });
  console.log(`exit code ${scan.status} (1 = a blocking key was found, as expected for this demo)`);

  console.log('\n$ eslint .   (with cencori.configs.recommended)\n');
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mjs}'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
      cencori.configs.recommended,
    ],
  });
  const results = await eslint.lintFiles(['**/*.{ts,tsx,mjs}']);
  const formatter = await eslint.loadFormatter('stylish');
  console.log(await formatter.format(results));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
