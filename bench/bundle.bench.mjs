// `npm run bench -- bundle`: cencori-scan bundle over a large real Vite build (minified, with
// source maps). Two cases: no key (maps must not be touched) and one secret key in the last
// module (its map is parsed once and the key traced to source).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.cjs');
const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
const MODULES = 3000;
const RUNS = 5;
const TARGET_CLEAN_MS = 500;
const TARGET_TRACED_MS = 1000;

/** A module with enough varied code that the minified bundle and its map are realistically large. */
function moduleSource(i, key) {
  const fields = Array.from({ length: 12 }, (_, j) => `  field${j}: compute${i}(${j}, 'label-${i}-${j}'),`).join('\n');
  return `export function compute${i}(n: number, label: string): string {
  let acc = ${i};
  for (let k = 0; k < n; k++) acc = (acc * 31 + k + label.length) % 1000003;
  return \`\${label}:\${acc.toString(16)}\`;
}

export const record${i} = {
${fields}
${key ? `  apiKey: import.meta.env.VITE_CENCORI_SECRET,\n` : ''}};
`;
}

function buildApp(dir, withKey) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  for (let i = 0; i < MODULES; i++) writeFileSync(path.join(dir, `src/m${i}.ts`), moduleSource(i, withKey && i === MODULES - 1));
  const imports = Array.from({ length: MODULES }, (_, i) => `import { record${i} } from './m${i}';`).join('\n');
  const all = Array.from({ length: MODULES }, (_, i) => `record${i}`).join(', ');
  writeFileSync(path.join(dir, 'src/main.ts'), `${imports}\n(window as any).records = [${all}];\n`);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="/src/main.ts"></script>\n');
  writeFileSync(path.join(dir, 'vite.config.mjs'), "export default { logLevel: 'silent', build: { sourcemap: true, chunkSizeWarningLimit: 100000 } };\n");
  if (withKey) writeFileSync(path.join(dir, '.env'), `VITE_CENCORI_SECRET=csk_${randomBytes(24).toString('hex')}\n`);
  const built = spawnSync(process.execPath, [viteBin, 'build'], { cwd: dir, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build failed');
}

function sizeOf(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const info = statSync(path.join(dir, entry));
    if (info.isFile()) bytes += info.size;
  }
  return bytes;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(dir, expectedExit) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [cli, 'bundle', '--offline'], { cwd: dir, encoding: 'utf8' });
    runs.push(performance.now() - started);
    if (result.status !== expectedExit) throw new Error(`exit ${result.status}, expected ${expectedExit}: ${result.stderr}`);
  }
  return median(runs);
}

// In a temp folder, removed afterwards: the built app holds a generated key, which must not
// linger in the worktree for the next `cencori-scan files .` to find.
const base = mkdtempSync(path.join(tmpdir(), 'cencori-bundle-bench-'));
const cases = [
  { name: 'no key (maps never parsed)', dir: path.join(base, 'clean'), withKey: false, exit: 0, target: TARGET_CLEAN_MS },
  { name: 'one secret key traced through its map', dir: path.join(base, 'traced'), withKey: true, exit: 1, target: TARGET_TRACED_MS },
];
try {
  for (const c of cases) {
    buildApp(c.dir, c.withKey);
    const mb = sizeOf(path.join(c.dir, 'dist')) / 1024 / 1024;
    const ms = time(c.dir, c.exit);
    console.log(`bundle, ${c.name}: ${ms.toFixed(0)} ms median of ${RUNS} for ${mb.toFixed(1)} MB of dist/ (target < ${c.target} ms)`);
  }
  console.log(`  reproduce: npm run build && npm run bench -- bundle  (${MODULES}-module Vite app, timed: cencori-scan bundle --offline in its folder)`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
