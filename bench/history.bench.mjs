// `cencori-scan history` on a 5,000-commit repository against the simplest equivalent pipeline,
// `git log -p | rg -P <the key regex>`. Target: <= 1.2x its time. Also peak memory on 1,000
// vs 5,000 commits: streaming keeps it flat.
// Reproduce: npm run build && npm run bench -- history   (rg: apt-get install ripgrep)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDeepRepo, ROOT } from './git-repos.mjs';

const TARGET_RATIO = 1.2;
const RUNS = 5;
const COMMITS = 5000;
const cli = path.join(ROOT, 'dist', 'cli.js');
if (!existsSync(cli)) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const { KEY_FORMATS } = await import(pathToFileURL(path.join(ROOT, 'dist', 'scanner.js')).href);

const { dir, keysPlanted } = ensureDeepRepo(COMMITS);

// The same boundaries as src/keys/matcher.ts, one branch per (alphabet, length).
const ALPHABET = { hex: '[0-9a-f]', base58: '[1-9A-HJ-NP-Za-km-z]' };
const groups = new Map();
for (const f of KEY_FORMATS) groups.set(`${f.alphabet}:${f.bodyLength}`, [...(groups.get(`${f.alphabet}:${f.bodyLength}`) ?? []), f]);
const branches = [...groups.values()].map((fs) => `(?:${[...new Set(fs.map((f) => f.prefix))].join('|')})${ALPHABET[fs[0].alphabet]}{${fs[0].bodyLength}}`);
const REGEX = `(?<![A-Za-z0-9_])(?:${branches.join('|')})(?![A-Za-z0-9])`;

const hasRg = spawnSync('rg', ['--version']).status === 0;
const hasTime = existsSync('/usr/bin/time');

function timed(command, args, options = {}) {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  return { ms: performance.now() - start, result };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ours = [];
let found = 0;
for (let i = 0; i < RUNS; i++) {
  const { ms, result } = timed(process.execPath, [cli, 'history', '--offline', '-f', 'json']);
  if (result.status !== 1) throw new Error(`history: exit ${result.status}: ${result.stderr}`);
  found = JSON.parse(result.stdout).findings.length;
  ours.push(ms);
}
console.log(`repo: ${dir} (${COMMITS} commits, ${keysPlanted} keys planted; found ${found})`);
console.log(`cencori-scan history --offline   median ${median(ours).toFixed(0)} ms over ${RUNS} runs`);

if (hasRg) {
  const theirs = [];
  for (let i = 0; i < RUNS; i++) theirs.push(timed('sh', ['-c', `git log -p | rg -P -c '${REGEX}'`]).ms);
  const ratio = median(ours) / median(theirs);
  console.log(`git log -p | rg -P <key regex>   median ${median(theirs).toFixed(0)} ms`);
  console.log(`ratio ${ratio.toFixed(2)}x   target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}`);
} else {
  console.log('rg not present: no comparison (apt-get install ripgrep)');
}

if (hasTime) {
  const rss = (range) => {
    const args = ['-f', '%M', process.execPath, cli, 'history', '--offline', '-f', 'json', ...(range ? ['--range', range] : [])];
    const { result } = timed('/usr/bin/time', args);
    return Number(result.stderr.trim().split('\n').pop()) / 1024;
  };
  console.log(`peak RSS: ${rss(`HEAD~1000..HEAD`).toFixed(0)} MB on 1,000 commits, ${rss().toFixed(0)} MB on ${COMMITS} (flat = streaming)`);
}
console.log('reproduce: npm run build && npm run bench -- history');
