import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/git-repo.js';
import { repoWithHusky, runBuiltCli, runIn } from '../helpers/hook-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

/**
 * The pre-push hook as `cencori-scan init` installs it, driven by real `git push` to a real bare
 * remote: the refs come from git's own pre-push input, never from the test.
 */
let repo: TempRepo;
let remoteDir: string;
const remote = (...args: string[]) => spawnSync('git', [`--git-dir=${remoteDir}`, ...args], { encoding: 'utf8' }).stdout.trim();
const push = (...args: string[]) => runIn(repo, 'git', ['push', '-q', 'origin', ...args]);
const leak = (file: string) => {
  const key = secretKey();
  repo.write(file, `export const k = '${key}';\n`);
  repo.git('add', file);
  repo.commit(`add ${file}`); // --no-verify: the commit a pre-commit hook never saw
  return key;
};
const clean = (file: string) => repo.commitFiles(`add ${file}`, { [file]: `export const v = '${file}';\n` });

beforeAll(() => {
  repo = repoWithHusky();
  remoteDir = path.join(mkdtempSync(path.join(tmpdir(), 'cencori-remote-')), 'remote.git');
  spawnSync('git', ['init', '-q', '--bare', remoteDir]);
  repo.git('remote', 'add', 'origin', remoteDir);
  const init = runBuiltCli(repo, ['init']);
  if (init.status !== 0) throw new Error(`init failed: ${init.out}`);
  repo.git('add', '-A');
  repo.commit('set up hooks');
}, 60_000);

afterAll(() => {
  repo?.cleanup();
  rmSync(path.dirname(remoteDir), { recursive: true, force: true });
});

describe('pre-push hook installed by init, real git push', () => {
  it('a clean new branch is pushed', () => {
    clean('src/a.ts');
    const result = push('main');
    expect(result.status, result.out).toBe(0);
    expect(remote('rev-parse', 'main')).toBe(repo.git('rev-parse', 'HEAD').trim());
  });

  it('a commit made with --no-verify that adds a key is refused at push; the remote is unchanged', () => {
    const before = remote('rev-parse', 'main');
    const key = leak('src/leak.ts');
    clean('src/after.ts');
    const result = push('main');
    expect(result.status).not.toBe(0);
    expect(result.out).toContain('src/leak.ts:1:');
    expect(result.out).toContain(masked(key));
    expect(result.out).not.toContain(key);
    expect(remote('rev-parse', 'main')).toBe(before);
    repo.git('reset', '-q', '--hard', before);
  });

  it('a new branch is scanned only for commits no remote-tracking ref has: an old key already on the remote does not block it', () => {
    // A key that reached the remote before the hook existed (pushed with --no-verify).
    leak('src/old.ts');
    expect(runIn(repo, 'git', ['push', '-q', '--no-verify', 'origin', 'main']).status).toBe(0);
    repo.git('checkout', '-q', '-b', 'feature');
    clean('src/feature.ts');
    const result = push('feature');
    expect(result.status, result.out).toBe(0);
    expect(remote('rev-parse', 'feature')).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(result.out).toMatch(/scanned 1 commit\b/);
  });

  it('a new branch whose own commit adds a key is refused', () => {
    repo.git('checkout', '-q', '-b', 'leaky', 'main');
    const key = leak('src/branch-leak.ts');
    const result = push('leaky');
    expect(result.status).not.toBe(0);
    expect(result.out).toContain(masked(key));
    expect(remote('rev-parse', '--verify', '--quiet', 'refs/heads/leaky')).toBe('');
  });

  it('several refs at once: one leaky ref refuses the whole push', () => {
    repo.git('checkout', '-q', 'feature');
    clean('src/feature-2.ts');
    const featureBefore = remote('rev-parse', 'feature');
    const result = push('feature', 'leaky');
    expect(result.status).not.toBe(0);
    expect(result.out).toContain('src/branch-leak.ts:1:');
    expect(remote('rev-parse', 'feature')).toBe(featureBefore);
    const alone = push('feature');
    expect(alone.status, alone.out).toBe(0);
  });

  it('deleting a remote branch scans nothing and passes', () => {
    const result = push('--delete', 'feature');
    expect(result.status, result.out).toBe(0);
    expect(remote('rev-parse', '--verify', '--quiet', 'refs/heads/feature')).toBe('');
  });

  it('a force push is scanned for the commits the remote does not have: a rewritten leaky main is refused, a clean rewrite passes', () => {
    repo.git('checkout', '-q', 'main');
    const before = remote('rev-parse', 'main');
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    // Forget the tracking ref too, as after pushing from another clone: only the remote's old sha is known.
    repo.git('update-ref', '-d', 'refs/remotes/origin/main');
    const key = leak('src/rewritten.ts');
    const refused = push('--force', 'main');
    expect(refused.status).not.toBe(0);
    expect(refused.out).toContain(masked(key));
    expect(remote('rev-parse', 'main')).toBe(before);
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    clean('src/rewritten-clean.ts');
    const passed = push('--force', 'main');
    expect(passed.status, passed.out).toBe(0);
    expect(remote('rev-parse', 'main')).toBe(repo.git('rev-parse', 'HEAD').trim());
  });
});

describe('cencori-scan pre-push input', () => {
  it('a malformed stdin line is a one-line error, exit 2', () => {
    const result = runBuiltCli(repo, ['pre-push', 'origin', remoteDir], {}, 'refs/heads/main nonsense\n');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('line 1 of standard input is not');
  });
});
