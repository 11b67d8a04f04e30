// `npm run bench -- hostile`: hostile input shapes at 1, 2 and 10 MB, timed as whole processes,
// so linearity shows as a ratio: time(10 MB) / time(1 MB) should be about 10 and at most 12
// (below 10 when process start-up is a large part of the 1 MB time). A quadratic path shows as
// ~100.
//
// Shapes (generated under .bench/hostile/, keys are fresh random bytes):
//   keys-per-line    one line of keys, 20 k keys per MB     cencori-scan files
//   long-line        one line of text, one key at its end   cencori-scan files
//   base64-lines     long lines of base64 blobs (random bytes, and keys inside)   cencori-scan files
//   env-expansion    a .env of chained $VAR expansions, read by no-public-secret-env   eslint
//   concatenation    lines of 500-term '+' chains of string literals   eslint no-hardcoded-key
// Each shape also runs on an empty input in the same run (the anchor: process start-up).
//
// Reproduce: npm run build && npm run bench -- hostile     (BENCH_RUNS=3 by default; fastest run shown)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.js');
const plugin = path.join(root, 'dist/index.js');
const work = path.join(root, '.bench/hostile');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES_MB = [1, 2, 10];
const MB = 1024 * 1024;
const MAX_RATIO = 12;
/** A run longer than this is stopped and reported as such: a quadratic path must not hang the bench. */
const RUN_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 120_000);

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
    // Chains of 500 terms (typescript-eslint's parser overflows Node's default stack near 1,000), as many
    // lines as the size asks: 1 MB is ~300 such lines.
    make: (bytes) => {
      const line = (i) => `export const s${i} = ${Array.from({ length: 500 }, (_, j) => `'t${j % 10}'`).join(' + ')};`;
      const lines = Array.from({ length: Math.round(bytes / line(0).length) }, (_, i) => line(i));
      return { 'package.json': '{"name":"hostile-concat","private":true}\n', 'src/chain.ts': `${lines.join('\n')}\n` };
    },
  },
};

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
  });
  const results = await eslint.lintFiles(['src/**/*.ts']);
  const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal || m.ruleId === null));
  if (fatal.length > 0) throw new Error(fatal[0].message.split('\n')[0]);
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
  const args = tool === 'cli' ? [cli, 'files', '--format', 'json', '.'] : [fileURLToPath(import.meta.url), '--lint', dir];
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, timeout: RUN_TIMEOUT_MS, env: { ...process.env, CENCORI_SCAN_OFFLINE: '1' } });
  const ms = performance.now() - started;
  if (child.error?.code === 'ETIMEDOUT' || child.signal === 'SIGTERM') return { ms, error: `over ${RUN_TIMEOUT_MS / 1000} s (stopped)` };
  // The CLI exits 1 when it finds keys (the shapes plant some); anything else is a failure.
  const ok = tool === 'cli' ? child.status === 0 || child.status === 1 : child.status === 0;
  const said = (child.stderr || child.stdout).trim().split('\n');
  return ok ? { ms } : { ms, error: said.find((l) => /error|Error/.test(l)) ?? said[0] };
}

function fastest(tool, dir) {
  let best;
  for (let i = 0; i < RUNS; i++) {
    const run = timeOnce(tool, dir);
    if (run.error) return run;
    if (!best || run.ms < best.ms) best = run;
  }
  return best;
}

async function main() {
  if (process.argv[2] === '--lint') return lintOnce(process.argv[3]);
  if (!existsSync(cli) || !existsSync(plugin)) throw new Error('dist/ is missing: run `npm run build` first');
  console.log(`hostile shapes, whole-process wall time, fastest of ${RUNS}; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`${'shape'.padEnd(15)} ${'empty'.padStart(9)} ${SIZES_MB.map((mb) => `${mb} MB`.padStart(9)).join(' ')}   10/1 ratio (target <= ${MAX_RATIO})`);
  const wanted = process.env.BENCH_SHAPES?.split(',');
  for (const [name, shape] of Object.entries(SHAPES)) {
    if (wanted && !wanted.includes(name)) continue;
    const cells = [];
    const times = {};
    const anchorDir = path.join(work, name, 'empty');
    writeTree(anchorDir, shape.make(0));
    const anchor = fastest(shape.tool, anchorDir);
    cells.push(anchor.error ? 'failed' : `${Math.round(anchor.ms)} ms`);
    let failure = anchor.error;
    for (const mb of SIZES_MB) {
      const dir = path.join(work, name, `${mb}mb`);
      writeTree(dir, shape.make(mb * MB));
      const run = failure ? { error: failure } : fastest(shape.tool, dir);
      if (run.error) {
        failure ??= `${mb} MB: ${run.error}`;
        cells.push('failed');
      } else {
        times[mb] = run.ms;
        cells.push(`${Math.round(run.ms)} ms`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    const ratio = times[10] && times[1] ? times[10] / times[1] : undefined;
    const verdict = ratio === undefined ? `not measured: ${failure}` : `${ratio.toFixed(1)} (${ratio <= MAX_RATIO ? 'met' : 'NOT met'})`;
    console.log(`${name.padEnd(15)} ${cells.map((c) => c.padStart(9)).join(' ')}   ${verdict}`);
  }
  rmSync(work, { recursive: true, force: true });
  console.log('reproduce: npm run build && npm run bench -- hostile   (one shape: BENCH_SHAPES=keys-per-line)');
}

main().catch((error) => {
  console.error(`hostile bench: ${error.message}`);
  process.exit(2);
});
