// Builds the benchmark repositories under .bench/ (gitignored) with git fast-import: fixed
// authors and dates, generated content, a few generated keys. Built once, reused by later runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DIR = path.join(ROOT, '.bench');
const EPOCH = 1_700_000_000;

export function git(cwd, args, input) {
  const result = spawnSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A plausible source file: ~`lines` lines of code-like text, deterministic per seed. */
export function sourceText(seed, lines) {
  let out = `// module ${seed}\nimport { helper } from './helper.js';\n\n`;
  for (let i = 0; i < lines; i++) out += `export function f${seed}_${i}(value) {\n  return helper(value, ${(seed * 31 + i) % 997}, 'label-${i}');\n}\n`;
  return out;
}

const secretKey = () => `csk_${randomBytes(24).toString('hex')}`;

function blob(text) {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function commitHeader(n, message) {
  const when = `${EPOCH + n * 600} +0000`;
  return `commit refs/heads/main\ncommitter Bench Author <bench@example.test> ${when}\n${blob(message)}`;
}

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Bench Author']);
  git(dir, ['config', 'user.email', 'bench@example.test']);
}

/** 3,000 files in 60 folders, one commit, checked out. */
export function ensureWideRepo(files = 3000) {
  const dir = path.join(BENCH_DIR, `wide-${files}`);
  if (existsSync(path.join(dir, '.git', 'bench-ready'))) return dir;
  fresh(dir);
  let stream = commitHeader(0, 'import');
  for (let i = 0; i < files; i++) stream += `M 100644 inline src/pkg${i % 60}/mod${i}.js\n${blob(sourceText(i, 12))}`;
  git(dir, ['fast-import', '--quiet'], `${stream}\n`);
  git(dir, ['reset', '-q', '--hard', 'main']);
  writeFileSync(path.join(dir, '.git', 'bench-ready'), '');
  return dir;
}

/**
 * `commits` commits on main, each editing one of 200 files: one line changed and `functions`
 * new functions (3 lines each) appended; every 250th commit adds a key. functions=2 gives
 * ~0.8 KB of patch a commit (small), 12 gives ~3 KB (closer to an ordinary project's commits).
 */
export function ensureDeepRepo(commits = 5000, functions = 2) {
  const dir = path.join(BENCH_DIR, `deep-${commits}${functions === 2 ? '' : `-f${functions}`}`);
  const keysPlanted = Math.floor(commits / 250);
  if (existsSync(path.join(dir, '.git', 'bench-ready'))) return { dir, keysPlanted };
  fresh(dir);
  const contents = Array.from({ length: 200 }, (_, i) => sourceText(i, 4));
  const chunks = [];
  for (let n = 1; n <= commits; n++) {
    const file = (n * 7) % 200;
    let text = contents[file].replace(/, \d+, /, `, ${n}, `);
    text += `export const c${n} = ${n};\n` + sourceText(n, functions).split('\n').slice(3).join('\n');
    if (n % 250 === 0) text += `export const key${n} = '${secretKey()}';\n`;
    contents[file] = text;
    chunks.push(`${commitHeader(n, `change ${n}`)}M 100644 inline src/file${file}.js\n${blob(text)}\n`);
  }
  git(dir, ['fast-import', '--quiet'], chunks.join(''));
  git(dir, ['reset', '-q', '--hard', 'main']);
  writeFileSync(path.join(dir, '.git', 'bench-ready'), '');
  return { dir, keysPlanted };
}
