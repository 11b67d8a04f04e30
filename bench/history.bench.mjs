// `cencori-scan history` on a 5,000-commit repository against the simplest equivalent pipeline,
// `git log -p | rg -P <the key regex>`. Target: <= 0.8x its time (issue 13). Also peak memory on 1,000
// vs 5,000 vs 10,000 commits: streaming keeps it flat.
// Reproduce: npm run build && npm run bench -- history   (rg: apt-get install ripgrep)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDeepRepo, ROOT } from './git-repos.mjs';

const TARGET_RATIO = 0.8; // issue 13
const RUNS = 9;
const COMMITS = 5000;
const cli = path.join(ROOT, 'dist', 'cli.js');
if (!existsSync(cli)) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const { KEY_FORMATS } = await import(pathToFileURL(path.join(ROOT, 'dist', 'scanner.js')).href);

// The same boundaries as src/keys/matcher.ts, one branch per (alphabet, length).
const ALPHABET = { hex: '[0-9a-f]', base58: '[1-9A-HJ-NP-Za-km-z]' };
const groups = new Map();
for (const f of KEY_FORMATS) groups.set(`${f.alphabet}:${f.bodyLength}`, [...(groups.get(`${f.alphabet}:${f.bodyLength}`) ?? []), f]);
const branches = [...groups.values()].map((fs) => `(?:${[...new Set(fs.map((f) => f.prefix))].join('|')})${ALPHABET[fs[0].alphabet]}{${fs[0].bodyLength}}`);
const REGEX = `(?<![A-Za-z0-9_])(?:${branches.join('|')})(?![A-Za-z0-9])`;

const hasRg = spawnSync('rg', ['--version']).status === 0;
const hasTime = existsSync('/usr/bin/time');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);

function timed(command, args, options = {}) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  return { ms: performance.now() - start, result };
}

// Interleaved runs, min and median of each: on a shared machine one slow moment must not land
// on one side only. The ratio uses the medians; min/min shows the floor.
function compare(label, { dir, keysPlanted }) {
  const ours = [];
  const theirs = [];
  let found = 0;
  for (let i = 0; i < RUNS; i++) {
    const { ms, result } = timed(process.execPath, [cli, 'history', '--offline', '-f', 'json'], { cwd: dir });
    if (result.status !== 1) throw new Error(`history: exit ${result.status}: ${result.stderr}`);
    found = JSON.parse(result.stdout).findings.length;
    ours.push(ms);
    if (hasRg) theirs.push(timed('sh', ['-c', `git log -p | rg -P -c '${REGEX}'`], { cwd: dir }).ms);
  }
  const bytes = timed('sh', ['-c', 'git log -p | wc -c'], { cwd: dir }).result.stdout.trim();
  console.log(`\n${label}: ${dir}\n  ${COMMITS} commits, git log -p = ${(Number(bytes) / 1e6).toFixed(1)} MB, ${keysPlanted} keys planted, ${found} found; ${RUNS} interleaved runs`);
  console.log(`  cencori-scan history --offline   median ${median(ours).toFixed(0)} ms, min ${min(ours).toFixed(0)} ms`);
  if (!hasRg) return console.log('  rg not present: no comparison (apt-get install ripgrep)');
  const ratio = median(ours) / median(theirs);
  console.log(`  git log -p | rg -P <key regex>   median ${median(theirs).toFixed(0)} ms, min ${min(theirs).toFixed(0)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}x (min/min ${(min(ours) / min(theirs)).toFixed(2)}x)   target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}`);
}

compare('small commits (~0.8 KB of patch each)', ensureDeepRepo(COMMITS, 2));
compare('ordinary commits (~3 KB of patch each)', ensureDeepRepo(COMMITS, 12));
const nodeStart = median(Array.from({ length: RUNS }, () => timed(process.execPath, ['-e', '']).ms));
console.log(`\nnode's own start: ~${nodeStart.toFixed(0)} ms, a fixed cost the rg pipeline does not pay`);

// Node's own peak memory (RUSAGE_SELF, printed at exit by a preload), apart from git's: git log
// itself keeps every commit it walked, which grows with history whatever its reader does.
const preload = path.join(ROOT, 'bench', 'rss-preload.cjs');
const nodeRss = (cwd, range) => {
  const { result } = timed(process.execPath, ['-r', preload, cli, 'history', '--offline', '-f', 'json', ...(range ? ['--range', range] : [])], { cwd });
  return `${(Number(/maxrss (\d+)/.exec(result.stderr)?.[1]) / 1024).toFixed(0)} MB`;
};
const gitRss = (cwd) => {
  if (!hasTime) return 'n/a';
  const { result } = timed('/usr/bin/time', ['-f', '%M', 'git', 'log', '-p', '-U1', '-M', '--diff-merges=remerge'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return `${(Number(result.stderr.trim().split('\n').pop()) / 1024).toFixed(0)} MB`;
};
const small = ensureDeepRepo(COMMITS, 2).dir;
const big = ensureDeepRepo(10_000, 2).dir;
console.log(`cencori-scan peak RSS (node): ${nodeRss(small, 'HEAD~1000..HEAD')} on 1,000 commits, ${nodeRss(small)} on ${COMMITS}, ${nodeRss(big)} on 10,000 (flat = streaming)`);
console.log(`git log's own peak RSS:       ${gitRss(small)} on ${COMMITS}, ${gitRss(big)} on 10,000 (git's, any reader pays it)`);
console.log('reproduce: npm run build && npm run bench -- history');
