// ESLint wall time on a real-size TypeScript codebase with the plugin's recommended config, against
// the same config without the plugin. Target: at most 5% more (eslint-plugin-no-secrets adds ~23%).
//
// Corpus: the TypeScript sources the `effect` package ships (devDependency pinned to 4.1.0 for this
// bench: ~570 .ts files, ~23 MB, offline after `npm ci`). Every run is a fresh Node process linting
// the whole corpus on one thread, so the figure is what a CLI user waits; runs alternate between
// the two configs so machine load hits both alike; the median is reported.
//
// Reproduce: npm run build && npm run bench -- eslint    (BENCH_RUNS=5 for more runs)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, 'node_modules/effect');
const TARGET_OVERHEAD = 0.05;

/** Child mode: lint the corpus once with one config and print the wall time in ms. */
async function lintOnce(variant) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const { ESLint } = await import('eslint');
  const { default: tseslint } = await import('typescript-eslint');
  const { default: cencori } = await import(path.join(root, 'dist/index.js'));
  const config = [
    { files: ['**/*.ts'] },
    ...tseslint.configs.recommended,
    ...(variant !== 'without' ? [cencori.configs.recommended] : []),
  ];
  const stats = variant === 'with-stats';
  const eslint = new ESLint({ cwd: corpus, overrideConfigFile: true, overrideConfig: config, cache: false, stats });
  const results = await eslint.lintFiles([process.env.BENCH_FILES ?? 'src/**/*.ts']);
  const fatal = results.reduce((n, r) => n + r.fatalErrorCount, 0);
  const cencoriReports = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('cencori/')).length, 0);
  const cpu = process.cpuUsage(cpuStart);
  // ESLint's own per-rule timing: how much of the linting the plugin's rules take.
  let lintMs = 0;
  let pluginMs = 0;
  for (const result of stats ? results : []) {
    for (const pass of result.stats?.times.passes ?? []) {
      lintMs += pass.total;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) if (ruleId.startsWith('cencori/')) pluginMs += time.total;
    }
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, files: results.length, fatal, cencoriReports, lintMs, pluginMs }));
}

function corpusSize() {
  let files = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        files++;
        bytes += statSync(full).size;
      }
    }
  };
  walk(path.join(corpus, 'src'));
  return { files, bytes };
}

function run(variant) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--lint', variant], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`lint run (${variant}) failed: ${child.stderr.trim().split('\n')[0]}`);
  return JSON.parse(child.stdout);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (process.argv[2] === '--lint') return lintOnce(process.argv[3]);
  if (!existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  if (!existsSync(path.join(corpus, 'src'))) throw new Error('node_modules/effect is missing: run `npm ci` first');
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const { files, bytes } = corpusSize();
  const uptime = await import('node:os').then((os) => os.loadavg()[0].toFixed(1));
  console.log(`corpus: effect@4.1.0 src, ${files} .ts files, ${(bytes / 1e6).toFixed(1)} MB; config: typescript-eslint recommended; load average ${uptime}`);
  // One warm-up: the first run pays for cold disk caches, whichever config it uses.
  run('without');
  const wall = { without: [], with: [] };
  const cpu = { without: [], with: [] };
  let last;
  for (let i = 0; i < runs; i++) {
    for (const variant of ['without', 'with']) {
      last = run(variant);
      if (last.fatal > 0) throw new Error(`${last.fatal} files failed to parse`);
      wall[variant].push(last.ms);
      cpu[variant].push(last.cpuMs);
    }
  }
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const pct = (ratio) => `${((ratio - 1) * 100).toFixed(1)}%`;
  const min = (values) => Math.min(...values);
  for (const variant of ['without', 'with']) {
    console.log(`${variant.padEnd(7)} plugin: wall ${wall[variant].map(fmt).join(', ')}; cpu ${cpu[variant].map(fmt).join(', ')}`);
  }
  // On a shared machine other load only ever adds time: the fastest run is the closest to the
  // cost of the work itself, and CPU time is less sensitive to load than wall time.
  const wallMin = min(wall.with) / min(wall.without);
  const wallMedian = median(wall.with) / median(wall.without);
  const cpuMedian = median(cpu.with) / median(cpu.without);
  console.log(`cencori reports in the corpus: ${last.cencoriReports}`);
  // Load-independent: both figures come from the same process, timed by ESLint itself.
  const timed = run('with-stats');
  const added = timed.pluginMs / (timed.lintMs - timed.pluginMs);
  console.log(`cencori rules' own time (ESLint stats): ${fmt(timed.pluginMs)} of ${fmt(timed.lintMs)} linting = ${(added * 100).toFixed(1)}% added   (target <= ${TARGET_OVERHEAD * 100}%: ${added <= TARGET_OVERHEAD ? 'met' : 'NOT met'})`);
  console.log(`overhead, wall time (fastest of ${runs}): ${pct(wallMin)}   (target <= ${TARGET_OVERHEAD * 100}%: ${wallMin - 1 <= TARGET_OVERHEAD ? 'met' : 'NOT met'})`);
  console.log(`overhead, wall time (median):       ${pct(wallMedian)}`);
  console.log(`overhead, CPU time (median):        ${pct(cpuMedian)}`);
  console.log('reproduce: npm run build && npm run bench -- eslint');
}

main().catch((error) => {
  console.error(`eslint bench: ${error.message}`);
  process.exit(2);
});
