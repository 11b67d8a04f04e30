// `npm run demo`: copies fixtures/demo to a temp folder, fills its key placeholders with
// freshly generated keys, and runs the built cencori-scan on it, offline.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEY_FORMATS } from '../dist/scanner.js';
import { fillPlaceholders } from './placeholders.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(tmpdir(), 'cencori-demo-'));
cpSync(path.join(root, 'fixtures/demo'), dir, { recursive: true });
const keys = new Map();
const walk = (d) => readdirSync(d).flatMap((n) => (statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)]));
for (const file of walk(dir)) writeFileSync(file, fillPlaceholders(readFileSync(file, 'utf8'), KEY_FORMATS, keys));

console.log(`Demo tree with ${keys.size} generated keys in ${dir}\n$ cencori-scan files --offline\n`);
const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'files', '--offline', ...process.argv.slice(2)], {
  cwd: dir,
  stdio: 'inherit',
});
rmSync(dir, { recursive: true, force: true });
console.log(`\nexit code ${result.status} (1 = a blocking key was found, as expected for this demo)`);
