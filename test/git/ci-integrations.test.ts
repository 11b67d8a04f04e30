import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe('.pre-commit-hooks.yaml', () => {
  it('declares a node hook that runs the staged scan on the index, not on file names', () => {
    const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(hook).toMatchObject({ id: 'cencori-scan', entry: 'cencori-scan staged', language: 'node', pass_filenames: false, always_run: true });
    // pre-commit installs the package and runs its bin: the entry must be a bin the package declares.
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(' ')[0]);
  });
});

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;

describe('.pre-commit-hooks.yaml through the real pre-commit framework', () => {
  // pre-commit installs this repository the way it installs any node hook (npm install, npm pack,
  // npm install -g): slow (~30 s) and only where pre-commit is installed (Debian: apt-get install pre-commit).
  it.skipIf(!hasPreCommit)('pre-commit install: a commit adding a key fails, a clean one passes', () => {
    repo = createRepo();
    const env = { ...repo.env, HOME: process.env.HOME, PRE_COMMIT_HOME: path.join(path.dirname(repo.dir), 'pre-commit-home'), CENCORI_SCAN_OFFLINE: '1' };
    const run = (command: string, args: string[]) => {
      const r = spawnSync(command, args, { cwd: repo.dir, env, encoding: 'utf8' });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    // The committed tree of this package, as a user's config pins a tag.
    const rev = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    repo.commitFiles('config', { '.pre-commit-config.yaml': `repos:\n  - repo: ${ROOT}\n    rev: ${rev}\n    hooks:\n      - id: cencori-scan\n` });
    const install = run('pre-commit', ['install']);
    expect(install.status, install.out).toBe(0);
    const head = repo.git('rev-parse', 'HEAD').trim();
    const key = secretKey();
    repo.write('a.js', `const k = '${key}';\n`);
    repo.git('add', '.');
    const leaky = run('git', ['commit', '-m', 'leak']);
    expect(leaky.status, leaky.out).not.toBe(0);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(leaky.out).toContain(`a.js:1:12  ${masked(key)}`);
    expect(leaky.out).not.toContain(key);
    repo.write('a.js', 'const k = process.env.CENCORI_API_KEY;\n');
    repo.git('add', '.');
    const clean = run('git', ['commit', '-m', 'clean']);
    expect(clean.status, clean.out).toBe(0);
  }, 300_000);
});
