// What the plugin costs an ESLint run, against an anchor measured in the same run.
//
// 1. Wall time: ESLint with a minimal config (typescript-eslint's parser, two core rules) is the
//    anchor; the same config with `cencori.configs.recommended` first (as the README says) is
//    measured against it. Target: at most 3% more (issue 13).
// 2. ESLint's own --stats: the four rules' time as a share of ESLint's total time per file
//    (parse + rules + fixes), from one process. Load-independent. Target: at most 2%.
// 3. Hostile input: a file of 40 lines of 3,000-term `+` chains and one of twice that, linted
//    with no-hardcoded-key; ESLint's --stats time of the rule grows ~2x when the rule is linear,
//    ~4x when quadratic. Anchor: the parse of the same file, timed by ESLint in the same process.
//
// Corpus: by default the TypeScript sources the `effect` package ships (a devDependency pinned
// to 4.1.0 for this bench: ~570 .ts files, ~23 MB, offline after `npm ci`). For a real app, point
// BENCH_ESLINT_CORPUS at its checkout (BENCH_FILES: globs, space-separated, default every
// JS/TS file kind). Every run is a fresh Node process; runs alternate between the two configs so
// machine load hits both alike; medians are reported with the load average before and after.
//
// Reproduce: npm run build && npm run bench -- eslint
//            (BENCH_RUNS=5 for more runs; BENCH_ESLINT_CORPUS=/path/to/app for a real app;
//            BENCH_ESLINT_PART=chain for the hostile shape alone)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(process.env.BENCH_ESLINT_CORPUS ?? path.join(root, 'node_modules/effect'));
const defaultFiles = process.env.BENCH_ESLINT_CORPUS ? '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' : 'src/**/*.ts';
const files = (process.env.BENCH_FILES ?? defaultFiles).split(/\s+/);
const TARGET_WALL = 0.03;
const TARGET_STATS = 0.02;
const IGNORES = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.next/**', '**/out/**', '**/coverage/**', '**/*.min.js', '**/public/**', '**/*.d.ts'];

/** The anchor: what a TypeScript project needs to lint at all, plus two cheap core rules. */
async function minimalConfig() {
  const { default: tseslint } = await import('typescript-eslint');
  return [
    { ignores: IGNORES },
    { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser: tseslint.parser }, rules: { 'no-debugger': 'error', 'no-dupe-keys': 'error' } },
  ];
}

/** Child mode: lint once and print what was measured as JSON. */
async function lintOnce(variant, cwd, patterns) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const { ESLint } = await import('eslint');
  const { default: cencori } = await import(path.join(root, 'dist/index.js'));
  const minimal = await minimalConfig();
  let config;
  if (variant === 'minimal') config = minimal;
  else if (variant === 'chain-rule') config = [{ files: ['**/*.js'], plugins: { cencori }, rules: { 'cencori/no-hardcoded-key': 'error' } }];
  else config = [cencori.configs.recommended, ...minimal];
  const stats = variant === 'with-stats' || variant === 'chain-rule';
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, cache: false, stats });
  const results = await eslint.lintFiles(patterns);
  const fatal = results.reduce((n, r) => n + r.fatalErrorCount, 0);
  const cencoriReports = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('cencori/')).length, 0);
  const cpu = process.cpuUsage(cpuStart);
  let lintMs = 0;
  let parseMs = 0;
  let pluginMs = 0;
  const perRule = {};
  for (const result of stats ? results : []) {
    for (const pass of result.stats?.times.passes ?? []) {
      lintMs += pass.total;
      parseMs += pass.parse?.total ?? 0;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) {
        if (!ruleId.startsWith('cencori/')) continue;
        pluginMs += time.total;
        perRule[ruleId] = (perRule[ruleId] ?? 0) + time.total;
      }
    }
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, files: results.length, fatal, cencoriReports, lintMs, parseMs, pluginMs, perRule }));
}

function run(variant, cwd = corpus, patterns = files) {
  // A larger stack: typescript-eslint's converter recurses once per level of a 3,000-term chain.
  const child = spawnSync(process.execPath, ['--stack-size=8000', fileURLToPath(import.meta.url), '--lint', variant, cwd, patterns.join(' ')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`lint run (${variant}) failed: ${child.stderr.trim().split('\n')[0]}`);
  const result = JSON.parse(child.stdout);
  if (result.fatal > 0) throw new Error(`${result.fatal} files failed to parse (${variant})`);
  return result;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const pct = (ratio) => `${((ratio - 1) * 100).toFixed(1)}%`;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

/** Alternating runs of each variant; returns the wall and CPU times of each. */
function alternate(variants, runs, cwd, patterns) {
  const wall = Object.fromEntries(variants.map((v) => [v, []]));
  const cpu = Object.fromEntries(variants.map((v) => [v, []]));
  let last;
  for (let i = 0; i < runs; i++) {
    for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) {
      last = run(variant, cwd, patterns);
      wall[variant].push(last.ms);
      cpu[variant].push(last.cpuMs);
    }
  }
  return { wall, cpu, last };
}

/**
 * 40 lines of `x + 'csk_' + 'p0' + ...` chains: the shape that was quadratic. The written prefix
 * keeps the rule's composite analysis on (a file without one skips it).
 */
function chainFile(terms) {
  const line = (i) => `export const v${i} = x${i} + 'csk_' + ${Array.from({ length: terms }, (_, j) => `'p${j}'`).join(' + ')};`;
  return `${Array.from({ length: 40 }, (_, i) => line(i)).join('\n')}\n`;
}

function chainBench(runs) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cencori-bench-chain-'));
  try {
    for (const [name, terms] of [['single', 3000], ['double', 6000]]) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'chain.js'), chainFile(terms));
    }
    // ESLint's own timing of the rule and of the parse, in one process per size: load-independent.
    const timed = {};
    for (const size of ['single', 'double']) {
      const samples = Array.from({ length: runs }, () => run('chain-rule', path.join(dir, size), ['chain.js']));
      timed[size] = { parse: median(samples.map((r) => r.parseMs)), rule: median(samples.map((r) => r.pluginMs)) };
    }
    const ms = (value) => `${Math.round(value)} ms`;
    console.log(
      `hostile: 40 lines x 3,000-term + chains: no-hardcoded-key ${ms(timed.single.rule)} against a parse of ${ms(timed.single.parse)} (anchor); ` +
        `x 6,000 terms: ${ms(timed.double.rule)} against ${ms(timed.double.parse)}; the rule grows ${(timed.double.rule / timed.single.rule).toFixed(1)}x for 2x input (linear ~2, quadratic ~4)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv[2] === '--lint') return lintOnce(process.argv[3], process.argv[4], process.argv[5].split(' '));
  if (!existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  if (!existsSync(corpus)) throw new Error(`corpus ${corpus} is missing (node_modules/effect: run \`npm ci\`)`);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (process.env.BENCH_ESLINT_PART === 'chain') return chainBench(runs);
  const loadBefore = load();
  // One warm-up: the first run pays for cold disk caches, whichever config it uses.
  const warm = run('minimal');
  console.log(`corpus: ${path.relative(root, corpus) || corpus} (${files.join(', ')}), ${warm.files} files; anchor: typescript-eslint parser + no-debugger + no-dupe-keys; load average before ${loadBefore}`);
  const { wall, cpu, last } = alternate(['minimal', 'with'], runs, corpus, files);
  for (const variant of ['minimal', 'with']) {
    console.log(`${variant === 'with' ? 'with cencori' : 'minimal (anchor)'}: wall ${wall[variant].map(fmt).join(', ')}; cpu ${cpu[variant].map(fmt).join(', ')}`);
  }
  const wallRatio = median(wall.with) / median(wall.minimal);
  const cpuRatio = median(cpu.with) / median(cpu.minimal);
  console.log(`cencori reports in the corpus: ${last.cencoriReports}`);
  console.log(`overhead, wall time (median of ${runs}): ${fmt(median(wall.with))} against ${fmt(median(wall.minimal))} = ${pct(wallRatio)}   (target <= ${TARGET_WALL * 100}%: ${wallRatio - 1 <= TARGET_WALL ? 'met' : 'NOT met'})`);
  console.log(`overhead, CPU time (median of ${runs}):  ${fmt(median(cpu.with))} against ${fmt(median(cpu.minimal))} = ${pct(cpuRatio)}`);
  const timed = run('with-stats');
  const share = timed.pluginMs / timed.lintMs;
  console.log(`cencori rules in ESLint --stats: ${fmt(timed.pluginMs)} of ${fmt(timed.lintMs)} = ${(share * 100).toFixed(2)}%   (target <= ${TARGET_STATS * 100}%: ${share <= TARGET_STATS ? 'met' : 'NOT met'})`);
  console.log(`  per rule: ${Object.entries(timed.perRule).map(([id, ms]) => `${id} ${((ms / timed.lintMs) * 100).toFixed(2)}%`).join(', ')}`);
  if (!process.env.BENCH_ESLINT_CORPUS) chainBench(Math.max(1, runs - 2));
  console.log(`load average after ${load()} (2-core machine: figures above load 2 are noisy)`);
  console.log('reproduce: npm run build && npm run bench -- eslint');
}

main().catch((error) => {
  console.error(`eslint bench: ${error.message}`);
  process.exit(2);
});
