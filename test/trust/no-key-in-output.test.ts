import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_SHAPE_SOURCE } from '../../src/keys/index.js';
import { isolatedGitEnv } from '../helpers/git-repo.js';
import { makeKey, randomBody } from '../helpers/keys.js';
import { CLI } from './helpers.js';

/**
 * Promise: a full key never leaves the process, through any field. Generated keys are planted in
 * every input a finding can carry (file and folder names, the repository's own path, commit
 * author, email, message, branch and tag names, source-map `sources` paths, env var names read
 * in sourcesContent, .env file names, a second key on the line, key-shaped strings that fail the
 * boundary rule), and every byte of stdout, stderr, --output files and baselines of every
 * command in every format, --verbose and DEBUG=simple-git* too, is searched for any of them and
 * for anything key-shaped at all.
 */
const ROOT = path.resolve(path.dirname(CLI), '..');
const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
const hex48 = () => randomBody({ alphabet: 'hex', bodyLength: 48 });

const planted: string[] = [];
const plant = (key: string) => {
  planted.push(key);
  return key;
};

let base: string;
let repo: string;
let env: NodeJS.ProcessEnv;
const outputs: Array<{ what: string; bytes: string }> = [];

function git(...args: string[]): string {
  const result = spawnSync('git', args, { cwd: repo, env: { ...env, GIT_AUTHOR_DATE: '2024-03-01T10:00:00Z', GIT_COMMITTER_DATE: '2024-03-01T10:00:00Z' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

function write(rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  writeFileSync(path.join(repo, rel), content);
}

/** Runs the built CLI in the repo; keeps every byte it printed. */
function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repo,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...env, CENCORI_SCAN_OFFLINE: '1', NO_COLOR: '1', ...options.env },
  });
  const what = `cencori-scan ${args.join(' ')}`;
  outputs.push({ what: `${what} (stdout)`, bytes: result.stdout }, { what: `${what} (stderr)`, bytes: result.stderr });
  return { status: result.status, stdout: result.stdout };
}

/** Every file cencori-scan wrote (--output, --write-baseline) under `dir`. */
function collectWritten(dir: string): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isFile()) outputs.push({ what: `written ${name}`, bytes: readFileSync(file, 'utf8') });
  }
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'cencori-trust-out-')));
  // The repository's own path holds a key: every absolute path printed carries it.
  repo = path.join(base, `work-${plant(makeKey())}`);
  const home = path.join(base, 'home');
  mkdirSync(repo);
  mkdirSync(home);
  mkdirSync(path.join(base, 'out'));
  env = isolatedGitEnv(home);
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', `Dev ${plant(makeKey('secret-test'))}`);
  git('config', 'user.email', `${plant(makeKey('agent'))}@example.test`);
  git('config', 'commit.gpgsign', 'false');

  const content = plant(makeKey());
  const second = plant(makeKey('publishable-live'));
  const glued = plant(`backup_csk_${hex48()}`);
  const gluedAfter = plant(`csk_${hex48()}zz`);
  write(`cfg-${plant(makeKey('legacy-live'))}/app-${plant(makeKey('legacy-base58'))}.ts`, `export const k = '${content}', p = '${second}'; // ${glued} ${gluedAfter}\n`);
  write(`.env.${plant(makeKey('secret-live'))}`, `CENCORI_API_KEY=${plant(makeKey())}\n`);
  write(`backup_csk_${plant(hex48())}.txt`, `old = ${plant(makeKey())}\n`);
  write('package.json', `${JSON.stringify({ name: 'app', version: '1.0.0' }, null, 2)}\n`);
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', `add config ${plant(makeKey())}`);
  git('branch', `feature/${plant(makeKey('secret-test'))}`);
  git('tag', `v1-${plant(makeKey())}`);
  // A second commit on the branch, so history --all walks it.
  git('checkout', '-q', `feature/${planted[planted.length - 2]!}`);
  write('feature.ts', `export const f = '${plant(makeKey())}';\n`);
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', `feature ${plant(makeKey('agent-48'))}`);
  git('checkout', '-q', 'main');

  // A built bundle whose map points at a source path holding a key and reads an env var named like one.
  const envVar = plant(`cen_${hex48()}`);
  const sourcePath = `../src/secret-${plant(makeKey())}/client.ts`;
  const bundled = plant(makeKey());
  write('dist/assets/app.js', `const k="${bundled}";console.log(k);\n//# sourceMappingURL=app.js.map\n`);
  write(
    'dist/assets/app.js.map',
    JSON.stringify({ version: 3, file: 'app.js', sources: [sourcePath], sourcesContent: [`export const k = process.env.${envVar};\n`], names: [], mappings: 'AAAA,MAAM,CAAC' }),
  );

  // Staged: a new file with keys, in a folder named with one.
  write(`staged-${plant(makeKey())}/new.ts`, `export const s = '${plant(makeKey())}';\n`);
  git('add', '-A');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('no full key in any byte of output', () => {
  it('files, staged, history and bundle in every format, plain and --verbose, with --output and --write-baseline', { timeout: 240_000 }, () => {
    const out = path.join(base, 'out');
    for (const format of FORMATS) {
      for (const verbose of [[], ['--verbose']]) {
        expect(cli(['files', '.', '--format', format, ...verbose]).status).toBe(1);
        expect(cli(['history', '--all', '--format', format, ...verbose]).status).toBe(1);
      }
      expect(cli(['staged', '--format', format, '--verbose']).status).toBe(1);
      expect(cli(['bundle', 'dist', '--format', format, '--verbose']).status).toBe(1);
      cli(['files', '.', '--format', format, '--output', path.join(out, `files.${format}`), '--write-baseline', path.join(out, `files-baseline-${format}.json`)]);
      cli(['history', '--all', '--format', format, '--output', path.join(out, `history.${format}`), '--write-baseline', path.join(out, `history-baseline-${format}.json`)]);
    }
    // Reading a baseline back still matches (it stores masked paths, compared masked).
    expect(cli(['files', '.', '--baseline', path.join(out, 'files-baseline-text.json')]).status).toBe(0);
    collectWritten(out);
    expect(outputs.length).toBeGreaterThan(40);
  });

  it('with DEBUG=simple-git* (a dependency that prints git arguments and output)', { timeout: 60_000 }, () => {
    cli(['files', '.', '--verbose'], { env: { DEBUG: 'simple-git*' } });
    cli(['history', '--all', '--verbose'], { env: { DEBUG: '*' } });
    cli(['staged', '--verbose'], { env: { DEBUG: 'simple-git,simple-git:*' } });
  });

  it('verify echoes each key masked, also lines that are not keys', { timeout: 60_000 }, () => {
    const input = [planted[0], planted.find((k) => k.startsWith('backup_csk_')), `${planted[1]} trailing`, 'csk_bad'].join('\n');
    cli(['verify'], { input: `${input}\n` });
  });

  it('init, in a repository whose path holds a key', { timeout: 60_000 }, () => {
    cpSync(path.join(ROOT, 'node_modules', 'husky'), path.join(repo, 'node_modules', 'husky'), { recursive: true });
    cli(['init']);
    cli(['init']);
  });

  afterAll(() => {
    // Booleans, never toContain: a failing assertion would print the key it looked for.
    const shape = new RegExp(KEY_SHAPE_SOURCE);
    const leaks = outputs.filter((o) => planted.some((key) => o.bytes.includes(key)) || shape.test(o.bytes)).map((o) => o.what);
    expect(leaks).toEqual([]);
  });
});
