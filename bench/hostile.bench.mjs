// `npm run bench -- hostile`: hostile input shapes at 1, 2 and 10 MB, timed as whole processes,
// so linearity shows as a ratio: time(10 MB) / time(1 MB) should be about 10 and at most 12
// (below 10 when process start-up is a large part of the 1 MB time). A quadratic path shows as
// ~100.
//
// Shapes (generated under .bench/hostile/, keys are fresh random bytes):
//   keys-per-line    one line of keys, 20 k keys per MB     cencori-scan files
//   long-line        one line of text, one key at its end   cencori-scan files
//   base64-lines     long lines of base64 blobs (random bytes, and keys inside)   cencori-scan files
//   map-keys         a source map's sourcesContent with a key per line   cencori-scan bundle
//   env-expansion    a .env of chained $VAR expansions, read by no-public-secret-env   eslint
//   concatenation    lines of 500-term '+' chains of string literals, 1 MB files   eslint no-hardcoded-key
//   concat-one-file  the same in one file, to 4 MB (past that typescript-eslint runs out of heap)
// Each shape also runs on an empty input in the same run (the anchor: process start-up).
// The ESLint shapes run with ESLint's `stats` on, so each run also splits its time into our rules'
// share and ESLint's own (parse, scope analysis, traversal, other rules): that split is the anchor
// that says whose time a slow size is. Linearity is judged on our rules' time for those shapes (ESLint's
// own is printed beside it: typescript-eslint on one 10 MB file is not ours to make linear).
//
// Reproduce: npm run build && npm run bench -- hostile     (BENCH_RUNS=3 by default; fastest run shown)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.cjs');
const plugin = path.join(root, 'dist/index.js');
const work = path.join(root, '.bench/hostile');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES_MB = [1, 2, 10];
const MB = 1024 * 1024;
const MAX_RATIO = 12;
/** A run longer than this is stopped and reported as such: a quadratic path must not hang the bench. */
const RUN_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);
/** A run this long is not repeated: one 10 MB file through typescript-eslint takes minutes by itself. */
const REPEAT_BELOW_MS = 60_000;

const key = () => `csk_${randomBytes(24).toString('hex')}`;
const b64 = (text) => Buffer.from(text).toString('base64');

/** Text of about `bytes` bytes made by repeating `make()` with `sep` between. */
function fill(bytes, make, sep = ' ') {
  const parts = [];
  let length = 0;
  while (length < bytes) {
    const part = make();
    parts.push(part);
    length += part.length + sep.length;
  }
  return parts.join(sep);
}

const SHAPES = {
  'keys-per-line': {
    tool: 'cli',
    make: (bytes) => ({ 'keys.txt': `${fill(bytes, key)}\n` }),
  },
  'long-line': {
    tool: 'cli',
    make: (bytes) => ({ 'line.min.js': `${fill(bytes, () => 'var a=b(c,d)+e;')} ${key()}\n` }),
  },
  'base64-lines': {
    tool: 'cli',
    // Lines of 100 KB: random blobs, with a key inside every 50th blob (once and twice encoded).
    make: (bytes) => {
      let n = 0;
      const blob = () => {
        n++;
        if (n % 100 === 0) return b64(`user:${key()}`);
        if (n % 100 === 50) return b64(b64(`{"auth":"${key()}"}`));
        return randomBytes(600).toString('base64');
      };
      const lines = [];
      for (let made = 0; made < bytes; made += 100_000) lines.push(`data: ${fill(100_000, blob)}`);
      return { 'secrets.yaml': `${lines.join('\n')}\n` };
    },
  },
  'map-keys': {
    tool: 'bundle',
    // A build's source map whose sourcesContent holds a key per line (~13 k keys per MB), each
    // traced back to its source line and declaration.
    make: (bytes) => {
      const lines = bytes === 0 ? [] : fill(bytes, () => `export const k = "${key()}";`, '\n').split('\n');
      const map = { version: 3, sources: ['../src/keys.ts'], sourcesContent: [lines.join('\n')], names: [], mappings: 'AAAA' };
      return { 'dist/app.js': 'console.log(1);\n//# sourceMappingURL=app.js.map\n', 'dist/app.js.map': JSON.stringify(map) };
    },
  },
  'env-expansion': {
    tool: 'eslint',
    // Each variable expands the one before twice: the expanded size doubles per line unless bounded.
    make: (bytes) => {
      const lines = ['V0=seed'];
      let size = 8;
      for (let i = 1; size < bytes; i++) {
        const line = i % 2 ? `V${i}=\${V${i - 1}}\${V${i - 1}}` : `V${i}=${'x'.repeat(200)}$V${i - 1}`;
        lines.push(line);
        size += line.length + 1;
      }
      return {
        'package.json': '{"name":"hostile-env","private":true}\n',
        '.env': `${lines.join('\n')}\n`,
        'src/app.ts': `export const v = process.env.NEXT_PUBLIC_V1 ?? process.env.V${lines.length - 1};\n`,
      };
    },
  },
  concatenation: {
    tool: 'eslint',
    // Chains of 500 terms (typescript-eslint's parser overflows Node's default stack near 1,000), in
    // files of at most 1 MB (~300 such lines each). One file of this shape costs ESLint itself
    // super-linear time, with or without our rules (measured, one run each, load ~5: 1, 2 and 4 MB
    // took 8.9, 14.3 and 41.1 s without them and 9.2, 14.0 and 37.5 s with them); at 10 MB the lint
    // with them ran out of a 4 GB heap after 10 minutes. So the 10 MB size is ten such files, and
    // concat-one-file keeps one growing file to 4 MB.
    make: (bytes) => concatenationTree(bytes, MB),
  },
  'concat-one-file': {
    tool: 'eslint',
    // One file growing to 4 MB: the size a single source file of this shape can reach in ESLint.
    sizes: [1, 2, 4],
    make: (bytes) => concatenationTree(bytes, Infinity),
  },
};

/** Lines of 500-term '+' chains of string literals, about `bytes` in all, in files of at most `perFile`. */
function concatenationTree(bytes, perFile) {
  const line = (i) => `export const s${i} = ${Array.from({ length: 500 }, (_, j) => `'t${j % 10}'`).join(' + ')};`;
  const count = Math.round(bytes / line(0).length);
  const perFileLines = Math.max(1, Math.round(perFile / line(0).length));
  const tree = { 'package.json': '{"name":"hostile-concat","private":true}\n' };
  for (let start = 0, n = 0; start < count || n === 0; start += perFileLines, n++) {
    const lines = Array.from({ length: Math.min(perFileLines, count - start) }, (_, i) => line(start + i));
    tree[`src/chain${n}.ts`] = `${lines.join('\n')}\n`;
  }
  return tree;
}

/** Child mode: lint `dir` with the built plugin's recommended config, once. */
async function lintOnce(dir) {
  const { ESLint } = await import('eslint');
  const { default: tseslint } = await import('typescript-eslint');
  const { default: cencori } = await import(plugin);
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, { ...cencori.configs.recommended, files: ['**/*.ts'] }],
    cache: false,
    stats: true,
  });
  const results = await eslint.lintFiles(['src/**/*.ts']);
  const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal || m.ruleId === null));
  if (fatal.length > 0) throw new Error(fatal[0].message.split('\n')[0]);
  let lintMs = 0;
  let oursMs = 0;
  for (const pass of results.flatMap((r) => r.stats?.times.passes ?? [])) {
    lintMs += pass.total;
    for (const [ruleId, time] of Object.entries(pass.rules ?? {})) if (ruleId.startsWith('cencori/')) oursMs += time.total;
  }
  process.stdout.write(JSON.stringify({ oursMs, eslintMs: lintMs - oursMs }));
}

function writeTree(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

function timeOnce(tool, dir) {
  const args = {
    cli: [cli, 'files', '--format', 'json', '.'],
    bundle: [cli, 'bundle', '--format', 'json', 'dist'],
    eslint: [fileURLToPath(import.meta.url), '--lint', dir],
  }[tool];
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, timeout: RUN_TIMEOUT_MS, env: { ...process.env, CENCORI_SCAN_OFFLINE: '1' } });
  const ms = performance.now() - started;
  if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGTERM') return { ms, error: `over ${RUN_TIMEOUT_MS / 1000} s (stopped)` };
  // The CLI exits 1 when it finds keys (the shapes plant some); anything else is a failure.
  const ok = tool === 'eslint' ? child.status === 0 : child.status === 0 || child.status === 1;
  const said = (child.stderr || child.stdout).trim().split('\n');
  if (!ok) return { ms, error: said.find((l) => /error|Error/.test(l)) ?? said[0] };
  return tool === 'eslint' ? { ms, ...JSON.parse(child.stdout) } : { ms };
}

function fastest(tool, dir) {
  let best;
  for (let i = 0; i < RUNS; i++) {
    const run = timeOnce(tool, dir);
    if (run.error) return run;
    if (!best || run.ms < best.ms) best = run;
    if (run.ms > REPEAT_BELOW_MS) break;
  }
  return best;
}

async function main() {
  if (process.argv[2] === '--lint') return lintOnce(process.argv[3]);
  if (!existsSync(cli) || !existsSync(plugin)) throw new Error('dist/ is missing: run `npm run build` first');
  console.log(`hostile shapes, whole-process wall time, fastest of ${RUNS}; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`linear when time(largest) / time(smallest) <= ${MAX_RATIO / 10} x (largest / smallest size)`);
  const wanted = process.env.BENCH_SHAPES?.split(',');
  for (const [name, shape] of Object.entries(SHAPES)) {
    if (wanted && !wanted.includes(name)) continue;
    const sizes = shape.sizes ?? SIZES_MB;
    const row = { whole: [], ours: [], eslint: [] };
    const times = {};
    const record = (label, run) => {
      row.whole.push(`${label} ${run.error ? 'failed' : `${Math.round(run.ms)} ms`}`);
      if (run.oursMs !== undefined) row.ours.push(`${label} ${Math.round(run.oursMs)} ms`);
      if (run.eslintMs !== undefined) row.eslint.push(`${label} ${Math.round(run.eslintMs)} ms`);
    };
    const anchorDir = path.join(work, name, 'empty');
    writeTree(anchorDir, shape.make(0));
    const anchor = fastest(shape.tool, anchorDir);
    record('empty', anchor);
    let failure = anchor.error;
    for (const mb of sizes) {
      const dir = path.join(work, name, `${mb}mb`);
      writeTree(dir, shape.make(mb * MB));
      const run = failure ? { error: failure } : fastest(shape.tool, dir);
      if (run.error) failure ??= `${mb} MB: ${run.error}`;
      else times[mb] = shape.tool === 'eslint' ? run.oursMs : run.ms;
      record(`${mb} MB`, run);
      rmSync(dir, { recursive: true, force: true });
    }
    const [small, large] = [sizes[0], sizes.at(-1)];
    const ratio = times[large] && times[small] ? times[large] / times[small] : undefined;
    const target = (MAX_RATIO / 10) * (large / small);
    const verdict = ratio === undefined ? `not measured: ${failure}` : `${large}/${small} ratio ${ratio.toFixed(1)}, target <= ${target.toFixed(1)}: ${ratio <= target ? 'met' : 'NOT met'}`;
    const judged = shape.tool === 'eslint' ? "judged on our rules' time" : 'whole process';
    console.log(`${name}: ${verdict} (${judged})`);
    console.log(`  whole process   ${row.whole.join(' · ')}`);
    if (row.ours.length > 0) {
      console.log(`  our rules       ${row.ours.join(' · ')}   (ESLint stats: the cencori/* rules)`);
      console.log(`  ESLint alone    ${row.eslint.join(' · ')}   (parse, scopes, traversal: the anchor)`);
    }
  }
  rmSync(work, { recursive: true, force: true });
  console.log('reproduce: npm run build && npm run bench -- hostile   (one shape: BENCH_SHAPES=keys-per-line)');
}

main().catch((error) => {
  console.error(`hostile bench: ${error.message}`);
  process.exit(2);
});
