// `npm run bench -- files`: throughput of `cencori-scan files` against ripgrep on the same tree.
//
// Times, warm cache, RUNS alternating runs of
//   node dist/cli.cjs files --offline --format json .   (cwd = the tree)
//   rg --no-ignore --hidden -c -e <equivalent regex> .  and the same with rg -j1 (one thread)
// on: 10,000 files of real third-party JavaScript (the largest .js/.mjs/.cjs files of the
// project's node_modules and of a few large packages npm-installed once into .bench/js-packages),
// a generated >= 100 MB tree with keys and near-misses, the same as a git repository, and a 10 MB
// line of near-misses. Then: where worker threads start to pay (the crossover behind
// POOL_MIN_FILES), and peak RSS on the JavaScript tree and on >= 1 GB (hard-linked copies of it
// in /tmp/cencori-bench-1gb, made once; delete it when done).
// Target (issue 13): cencori-scan <= 2.0x rg on the JavaScript tree, same findings; flat memory.
// FILES_BENCH=js,generated,git,node_modules,near-miss,crossover,rss runs only the sections named.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRA_CA, nodeStartLine, withoutExtraCa } from './node-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.cjs');
const benchDir = path.join(root, '.bench');
const tree = path.join(benchDir, 'tree');
const TARGET_BYTES = 110 * 1024 * 1024;
const FILES = 6000;
const RUNS = 7;
const TREE_VERSION = '3';

if (!existsSync(cli)) {
  console.error('dist/cli.cjs is missing: run `npm run build` first');
  process.exit(2);
}

// A fixed-seed PRNG: the same tree shape every time (keys themselves are fresh random bytes).
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x100000000;
};
const pick = (list) => list[Math.floor(rand() * list.length)];
const hex = (n) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);

const WORDS = 'const let return function async await import export default from request response client server config cache token session user account model stream result error value index length options handler router module'.split(' ');
const LINE_SHAPES = [
  () => `  const ${pick(WORDS)}${Math.floor(rand() * 99)} = await ${pick(WORDS)}.${pick(WORDS)}(${pick(WORDS)}, { ${pick(WORDS)}: ${Math.floor(rand() * 1e6)} });`,
  () => `  // ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} the ${pick(WORDS)} when ${pick(WORDS)} is ${pick(WORDS)}`,
  () => `  if (${pick(WORDS)} === '${hex(8)}') return ${pick(WORDS)}.${pick(WORDS)}('${pick(WORDS)}-${hex(6)}');`,
  () => `export function ${pick(WORDS)}${Math.floor(rand() * 999)}(${pick(WORDS)}: string, ${pick(WORDS)}: number): Promise<void> {`,
  () => `  "${pick(WORDS)}": "sha512-${randomBytes(24).toString('base64')}",`,
  () => '}',
  () => '',
];
// Near-misses a scanner must pass over: wrong length, foreign prefixes, docs placeholders, masks.
const NEAR_MISSES = [
  () => `csk_${hex(47)}`,
  () => `cpk_${hex(49)}`,
  () => `egy_csk_test_${hex(48)}`,
  () => `csk-${hex(48)}`,
  () => 'csk_your_api_key_here',
  () => `csk_${hex(4)}...`,
  () => `cen_test_helper`,
  () => `xcake_${hex(32)}`,
];
const KEYS = [() => `csk_${hex(48)}`, () => `cpk_test_${hex(48)}`, () => `cake_${hex(32)}`, () => `cen_test_${hex(48)}`];

function generateTree() {
  rmSync(tree, { recursive: true, force: true });
  let bytes = 0;
  let keys = 0;
  const perFile = Math.ceil(TARGET_BYTES / FILES);
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(tree, `pkg${i % 40}`, `src${Math.floor(i / 40) % 10}`);
    mkdirSync(dir, { recursive: true });
    const lines = [];
    let size = 0;
    const target = perFile * (0.5 + rand());
    while (size < target) {
      let line = pick(LINE_SHAPES)();
      if (rand() < 0.01) line += ` // ${pick(NEAR_MISSES)()}`;
      lines.push(line);
      size += line.length + 1;
    }
    if (i % 150 === 0) {
      lines.splice(Math.floor(rand() * lines.length), 0, `const key = "${pick(KEYS)()}";`);
      keys++;
    }
    const text = `${lines.join('\n')}\n`;
    writeFileSync(path.join(dir, `${pick(WORDS)}-${i}.${pick(['ts', 'js', 'json', 'md'])}`), text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(path.join(benchDir, 'tree.json'), JSON.stringify({ version: TREE_VERSION, bytes, keys, files: FILES }));
  return { bytes, keys, files: FILES };
}

function treeInfo() {
  const marker = path.join(benchDir, 'tree.json');
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8'));
    if (info.version === TREE_VERSION) return info;
  }
  console.log(`generating ${Math.round(TARGET_BYTES / 2 ** 20)} MB tree in ${path.relative(root, tree)} ...`);
  return generateTree();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs each command RUNS times, alternating them so that load from other processes on a shared
 * machine falls on both alike; reports the median and the best run of each.
 */
function timeAlternating(commands, runs = RUNS) {
  for (const c of commands) spawnSync(c.command, c.args, { cwd: c.cwd, stdio: 'ignore', env: c.env ?? process.env }); // warm the page cache
  const samples = commands.map(() => []);
  const last = [];
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, j) => {
      const start = performance.now();
      last[j] = spawnSync(c.command, c.args, { cwd: c.cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: c.env ?? process.env });
      samples[j].push(performance.now() - start);
    });
  }
  return commands.map((_c, j) => ({ ms: median(samples[j]), best: Math.min(...samples[j]), stdout: last[j].stdout, stderr: last[j].stderr, status: last[j].status }));
}

const hasRg = spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0;
const SECTIONS = process.env.FILES_BENCH ? new Set(process.env.FILES_BENCH.split(',')) : undefined;
const wanted = (section) => SECTIONS === undefined || SECTIONS.has(section);
// The same keys as the core's KEY_PATTERN_SOURCE, written without look-around for rg's default engine.
const RG_REGEX =
  '(?:^|[^A-Za-z0-9_])(?:(?:csk_test_|cpk_test_|cen_test_|cake_|csk_|cpk_|cen_)[0-9a-f]{48}|cen_[1-9A-HJ-NP-Za-km-z]{32}|cake_[0-9a-f]{32})(?:[^A-Za-z0-9]|$)';
const mbps = (bytes, ms) => (bytes / 2 ** 20 / (ms / 1000)).toFixed(0);

function compare(label, cwd, bytes, expectedKeys, target = 3, runs = RUNS) {
  const rgArgs = ['--no-ignore', '--hidden', '-c', '-e', RG_REGEX, '.'];
  const commands = [{ command: process.execPath, args: [cli, 'files', '--offline', '--format', 'json', '.'], cwd }];
  // rg -j1 too: the per-core comparison.
  if (hasRg) commands.push({ command: 'rg', args: rgArgs, cwd }, { command: 'rg', args: ['-j1', ...rgArgs], cwd });
  if (hasRg && EXTRA_CA !== undefined) commands.push({ ...commands[0], env: withoutExtraCa() });
  const [scan, rg, rg1, bare] = timeAlternating(commands, runs);
  const found = JSON.parse(scan.stdout).findings.length;
  const where = path.relative(process.cwd(), cwd) || '.';
  console.log(`\n${label}: ${(bytes / 2 ** 20).toFixed(1)} MB`);
  console.log(`  cencori-scan  median ${scan.ms.toFixed(0).padStart(5)} ms (${mbps(bytes, scan.ms)} MB/s), best ${scan.best.toFixed(0)} ms  (${found} findings${expectedKeys === undefined ? '' : `, ${expectedKeys} planted`}, exit ${scan.status})`);
  console.log(`    ${scan.stderr.trim().split('\n').pop()}`);
  console.log(`    reproduce: (cd ${where} && node ${path.relative(cwd, cli)} files --offline --format json .)`);
  if (!rg) {
    console.log('  rg not present (apt-get install ripgrep): no ratio');
    return;
  }
  const rgLines = rg.stdout.split('\n').reduce((sum, line) => sum + (Number(line.slice(line.lastIndexOf(':') + 1)) || 0), 0);
  console.log(`  rg            median ${rg.ms.toFixed(0).padStart(5)} ms (${mbps(bytes, rg.ms)} MB/s), best ${rg.best.toFixed(0)} ms  (${rgLines} matching lines)`);
  console.log(`    reproduce: (cd ${where} && rg ${rgArgs.slice(0, -3).join(' ')} -e '${RG_REGEX}' .)`);
  console.log(`  rg -j1        median ${rg1.ms.toFixed(0).padStart(5)} ms (${mbps(bytes, rg1.ms)} MB/s), best ${rg1.best.toFixed(0)} ms   ratio ${(scan.ms / rg1.ms).toFixed(2)}x`);
  const ratio = scan.ms / rg.ms;
  console.log(`  ratio cencori-scan / rg: ${ratio.toFixed(2)}x on medians, ${(scan.best / rg.best).toFixed(2)}x on best runs   target <= ${target}x: ${ratio <= target ? 'met' : 'NOT MET'}`);
  if (!bare) return;
  const bareRatio = bare.ms / rg.ms;
  console.log(`  without NODE_EXTRA_CA_CERTS: median ${bare.ms.toFixed(0)} ms, ratio ${bareRatio.toFixed(2)}x   target <= ${target}x: ${bareRatio <= target ? 'met' : 'NOT MET'} (the variable costs every node process its start-up parse; see bench/node-env.mjs)`);
}

function duBytes(dir) {
  const out = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(out.stdout.split('\t')[0]);
}

// 10,000 files of real third-party JavaScript: the largest of the project's node_modules and of a
// few large packages installed once (npm, the only registry used) into .bench/js-packages.
const JS_PACKAGES = ['lodash@4', 'date-fns@3', 'rxjs@7', 'core-js@3', 'typescript@5.9', '@babel/core@7', 'three@0.170', 'echarts@5'];
const JS_FILES = 10_000;
const jsTree = path.join(benchDir, 'js-tree');
function buildJsTree() {
  const marker = path.join(benchDir, 'js-tree.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8'));
  const packages = path.join(benchDir, 'js-packages');
  if (!existsSync(path.join(packages, 'node_modules'))) {
    console.log(`installing ${JS_PACKAGES.join(' ')} into ${path.relative(root, packages)} ...`);
    mkdirSync(packages, { recursive: true });
    writeFileSync(path.join(packages, 'package.json'), '{"name":"bench-js","private":true}');
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...JS_PACKAGES], { cwd: packages, stdio: 'inherit' });
    if (npm.status !== 0) return undefined;
  }
  const pool = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.[mc]?js$/.test(e.name)) pool.push([p, statSync(p).size]);
    }
  };
  walk(path.join(root, 'node_modules'));
  walk(path.join(packages, 'node_modules'));
  pool.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  rmSync(jsTree, { recursive: true, force: true });
  let bytes = 0;
  const picked = pool.slice(0, JS_FILES);
  picked.forEach(([file, size], i) => {
    const target = path.join(jsTree, `p${i % 50}`, `f${i}-${path.basename(file)}`);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
    bytes += size;
  });
  const info = { files: picked.length, bytes };
  writeFileSync(marker, JSON.stringify(info));
  return info;
}

const js = buildJsTree();
const needsTree = ['generated', 'git'].some(wanted);
const info = needsTree ? treeInfo() : undefined;
console.log(`runs: ${RUNS} of each, alternating, warm cache; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores; node ${process.version}; ${hasRg ? spawnSync('rg', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : 'rg not present'}`);
if (wanted('js')) {
  if (js) compare(`real third-party JavaScript (${js.files} files)`, jsTree, js.bytes, undefined, 2);
  else console.log('\nreal third-party JavaScript: npm install failed, skipped');
}
if (wanted('generated')) compare(`generated tree (${info.files} files)`, tree, info.bytes, info.keys);
if (wanted('git')) {
  // The same files as a committed git repository: the file list then comes from git ls-files.
  const treeGit = path.join(benchDir, 'tree-git');
  const gitMarker = path.join(benchDir, 'tree-git.json');
  if (!existsSync(gitMarker) || readFileSync(gitMarker, 'utf8') !== readFileSync(path.join(benchDir, 'tree.json'), 'utf8')) {
    console.log(`\ncommitting a hard-linked copy of the tree in ${path.relative(root, treeGit)} ...`);
    rmSync(treeGit, { recursive: true, force: true });
    spawnSync('cp', ['-al', tree, treeGit], { stdio: 'inherit' });
    const git = (...args) => spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: treeGit, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'bench tree');
    writeFileSync(gitMarker, readFileSync(path.join(benchDir, 'tree.json'), 'utf8'));
  }
  compare(`same tree as a git repository (git ls-files)`, treeGit, info.bytes, info.keys);
}

const nodeModules = path.join(root, 'node_modules');
if (wanted('node_modules') && existsSync(nodeModules)) compare('project node_modules', nodeModules, duBytes(nodeModules));

if (wanted('near-miss')) {
  // Linear time: 10 MB on one line of `csk_` + 47 hex, each a near-miss.
  const nearMissFile = path.join(benchDir, 'near-miss-line.txt');
  const unit = `csk_${hex(47)} `;
  writeFileSync(nearMissFile, unit.repeat(Math.ceil((10 * 2 ** 20) / unit.length)));
  const size = statSync(nearMissFile).size;
  const [near] = timeAlternating([{ command: process.execPath, args: [cli, 'files', '--offline', nearMissFile], cwd: root }]);
  console.log(`\n10 MB line of near-misses (csk_ + 47 hex, repeated): ${near.ms.toFixed(0)} ms for ${(size / 2 ** 20).toFixed(1)} MB, whole process`);
  console.log(`  target: well under 1000 ms: ${near.ms < 1000 ? 'met' : 'NOT MET'}  exit ${near.status}`);
  console.log(`  reproduce: node dist/cli.cjs files --offline ${path.relative(root, nearMissFile)}`);
}

// Where worker threads start to pay: the first N files of the JavaScript tree read on this thread
// (CENCORI_SCAN_WORKERS=0), on one worker per core from the first file (CENCORI_SCAN_WORKERS=N),
// and as the CLI picks (this thread, then workers once POOL_MIN_FILES files were listed).
if (js && wanted('crossover')) {
  const cores = os.availableParallelism();
  console.log(`\ncrossover (first N files of the JavaScript tree, median whole-process ms of ${RUNS}; POOL_MIN_CORES and POOL_MIN_FILES decide):`);
  const files = readdirSync(jsTree, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
  for (const n of [250, 500, 1000, 1500, 2000, 3000, 5000]) {
    const dir = path.join(benchDir, `js-first-${n}`);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      files.slice(0, n).forEach((file, i) => copyFileSync(file, path.join(dir, `${i}-${path.basename(file)}`)));
    }
    const args = [cli, 'files', '--offline', '.'];
    const auto = { ...process.env };
    delete auto.CENCORI_SCAN_WORKERS;
    const [one, pool, picked] = timeAlternating([
      { command: process.execPath, args, cwd: dir, env: { ...process.env, CENCORI_SCAN_WORKERS: '0' } },
      { command: process.execPath, args, cwd: dir, env: { ...process.env, CENCORI_SCAN_WORKERS: String(cores) } },
      { command: process.execPath, args, cwd: dir, env: auto },
    ]);
    const bytes = files.slice(0, n).reduce((sum, f) => sum + statSync(f).size, 0);
    console.log(
      `  ${String(n).padStart(5)} files (${(bytes / 2 ** 20).toFixed(0).padStart(3)} MB): this thread ${one.ms.toFixed(0).padStart(5)} ms, ${cores} workers ${pool.ms.toFixed(0).padStart(5)} ms (${(pool.ms / one.ms).toFixed(2)}x), as picked ${picked.ms.toFixed(0).padStart(5)} ms (${(picked.ms / one.ms).toFixed(2)}x)`,
    );
  }
  console.log(`  reproduce: (cd .bench/js-first-2000 && CENCORI_SCAN_WORKERS=0 node ../../dist/cli.cjs files --offline .)  and with CENCORI_SCAN_WORKERS=${cores}, and without it`);
}

// Flat memory: peak RSS (GNU time's "Maximum resident set size", worker threads included) on the
// JavaScript tree and on >= 1 GB: hard-linked copies of it in /tmp (no disk used, same files).
if (js && wanted('rss')) {
  const gig = '/tmp/cencori-bench-1gb';
  const copies = Math.ceil(2 ** 30 / js.bytes);
  if (!existsSync(path.join(gig, `copy${copies - 1}`))) {
    console.log(`\nhard-linking ${copies} copies of the JavaScript tree into ${gig} ...`);
    rmSync(gig, { recursive: true, force: true });
    mkdirSync(gig);
    for (let i = 0; i < copies; i++) {
      const made = spawnSync('cp', ['-al', jsTree, path.join(gig, `copy${i}`)], { stdio: 'inherit' });
      if (made.status !== 0) spawnSync('cp', ['-a', jsTree, path.join(gig, `copy${i}`)], { stdio: 'inherit' });
    }
  }
  const rss = (dir, env = process.env) => {
    const ran = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, 'files', '--offline', '.'], { cwd: dir, encoding: 'utf8', env });
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(ran.stderr)?.[1]);
    const summary = ran.stderr.split('\n').find((l) => l.includes('scanned'));
    return { mb: kb / 1024, summary };
  };
  if (existsSync('/usr/bin/time')) {
    const one = { ...process.env, CENCORI_SCAN_WORKERS: '0' };
    const cores = os.availableParallelism();
    const workers = { ...process.env, CENCORI_SCAN_WORKERS: String(cores) };
    const small = rss(jsTree);
    const large = rss(gig);
    const smallPool = rss(jsTree, workers);
    const largePool = rss(gig, workers);
    const smallOne = rss(jsTree, one);
    const largeOne = rss(gig, one);
    const gb = (copies * js.bytes) / 2 ** 30;
    const flat = (a, b) => (b.mb < a.mb * 1.25 ? 'yes' : 'NO');
    console.log(`\npeak RSS (${copies * js.files} files, ${gb.toFixed(2)} GB against ${js.files} files, ${(js.bytes / 2 ** 20).toFixed(0)} MB):`);
    console.log(`  as picked:           ${small.mb.toFixed(0)} MB -> ${large.mb.toFixed(0)} MB (flat: ${flat(small, large)})`);
    console.log(`  this thread only:    ${smallOne.mb.toFixed(0)} MB -> ${largeOne.mb.toFixed(0)} MB (flat: ${flat(smallOne, largeOne)})`);
    console.log(`  ${cores} workers:           ${smallPool.mb.toFixed(0)} MB -> ${largePool.mb.toFixed(0)} MB (flat: ${flat(smallPool, largePool)})`);
    console.log(`    ${large.summary}`);
    console.log(`  reproduce: (cd ${gig} && /usr/bin/time -v node ${cli} files --offline .)`);
  } else console.log('\n/usr/bin/time not present: no peak RSS');
}
console.log(`\n${nodeStartLine()}: a fixed cost rg does not pay`);
