// Promise: repository config cannot make git hang or explode, every git call has a time bound,
// git-quoted paths are unquoted exactly, and lone-CR content counts lines as files counts them
// (issue 10 §3). Real FIFOs, real hostile configs in temp repos.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;

function fifo(r: TempRepo, name: string): string {
  const file = path.join(r.dir, '..', name);
  execFileSync('mkfifo', [file]);
  return file;
}

/** Runs `fn` with CENCORI_GIT_TIMEOUT_MS set, so a hang would end in seconds, not minutes. */
async function withGitTimeout<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.CENCORI_GIT_TIMEOUT_MS;
  process.env.CENCORI_GIT_TIMEOUT_MS = String(ms);
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.CENCORI_GIT_TIMEOUT_MS;
    else process.env.CENCORI_GIT_TIMEOUT_MS = saved;
  }
}

describe('repository config naming a FIFO or /dev/zero', () => {
  it.each([
    ['diff.orderFile', 'fifo'],
    ['diff.orderFile', '/dev/zero'],
    ['mailmap.file', 'fifo'],
    ['mailmap.file', '/dev/zero'],
    ['core.attributesFile', 'fifo'],
    ['core.attributesFile', '/dev/zero'],
  ])('%s = %s: staged and history still find the key, without waiting on it', async (setting, target) => {
    repo = createRepo();
    repo.commitFiles('base', { 'a.ts': 'a\n' });
    const value = target === 'fifo' ? fifo(repo, 'trap') : target;
    // git add and git commit themselves read some of these: the trap is set only around each scan.
    const armed = async (args: string[]) => {
      repo.git('config', setting, value);
      if (setting === 'mailmap.file') repo.git('config', 'log.mailmap', 'true');
      try {
        // Without the neutralising settings git blocks on the FIFO: the bound turns that into a failure.
        return await withGitTimeout(5000, () => repo.scan(args));
      } finally {
        repo.git('config', '--unset', setting);
      }
    };
    const key = secretKey();
    repo.write('b.ts', line(key));
    repo.git('add', '-A');
    const staged = await armed(['staged', '-f', 'json']);
    expect(findingsOf(staged).map((f) => f.redacted), staged.stderr).toEqual([masked(key)]);
    repo.commit('b');
    const history = await armed(['history', '-f', 'json']);
    expect(findingsOf(history).map((f) => f.redacted), history.stderr).toEqual([masked(key)]);
  });

  it.each([
    ['core.excludesFile = fifo', 'config'],
    ['core.excludesFile = /dev/zero', 'config-zero'],
    ['.git/info/exclude is a FIFO', 'info'],
  ])('%s: files (a folder and the repository root) finds the key at once and says the ignore file was not read', async (_name, where) => {
    repo = createRepo();
    repo.commitFiles('base', { 'a.ts': 'a\n' });
    const key = secretKey();
    repo.write('sub/b.ts', line(key));
    if (where === 'config') repo.git('config', 'core.excludesFile', fifo(repo, 'trap'));
    if (where === 'config-zero') repo.git('config', 'core.excludesFile', '/dev/zero');
    if (where === 'info') {
      rmSync(path.join(repo.dir, '.git', 'info', 'exclude'), { force: true });
      execFileSync('mkfifo', [path.join(repo.dir, '.git', 'info', 'exclude')]);
    }
    for (const target of ['.', 'sub']) {
      const started = performance.now();
      const result = await withGitTimeout(5000, () => repo.scan(['files', '-f', 'json', target]));
      expect(performance.now() - started, result.stderr).toBeLessThan(4000);
      expect(findingsOf(result).map((f) => f.redacted), result.stderr).toEqual([masked(key)]);
      expect(result.stderr).toMatch(/is not a regular file: its ignore patterns were not read/);
    }
  });

  it('a worktree .gitattributes that is a FIFO: git is stopped by the time bound, one clear line, exit 2', async () => {
    repo = createRepo();
    repo.commitFiles('base', { 'a.ts': line(secretKey()) });
    execFileSync('mkfifo', [path.join(repo.dir, '.gitattributes')]);
    const started = performance.now();
    const result = await withGitTimeout(1500, () => repo.scan(['history']));
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(result.exitCode).toBe(2);
    // Fatal at once (a retry would wait again): one line, never a "no keys found".
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/git log made no progress for 2 s and was stopped/);
  });
});

describe('paths and lines as files reads them', () => {
  it('a path with a space and a trailing tab (git quotes it and adds a tab) is unquoted exactly', async () => {
    repo = createRepo();
    const name = 'dir with space/name\t';
    const key = secretKey();
    repo.write(name, line(key));
    repo.git('add', '-A');
    const staged = findingsOf(await repo.scan(['staged', '-f', 'json']));
    expect(staged.map((f) => f.file)).toEqual([name]);
    repo.commit('tab');
    const history = findingsOf(await repo.scan(['history', '-f', 'json']));
    expect(history.map((f) => f.file)).toEqual([name]);
    // The exact path is what ignore globs see.
    repo.write('.cencoriscanrc.json', JSON.stringify({ ignore: ['dir with space/**'] }));
    expect((await repo.scan(['history'])).exitCode).toBe(0);
  });

  it('lone-CR content: staged and history report the line files reports', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.commitFiles('base', { 'mac.txt': 'one\rtwo\n' });
    repo.write('mac.txt', `one\rtwo\nthree\rfour ${key}\r\n`);
    repo.git('add', '-A');
    const staged = findingsOf(await repo.scan(['staged', '-f', 'json']));
    repo.commit('cr');
    const history = findingsOf(await repo.scan(['history', '-f', 'json']));
    const files = findingsOf(await repo.scan(['files', '-f', 'json', 'mac.txt']));
    expect(files).toHaveLength(1);
    for (const found of [staged, history]) expect(found.map((f) => [f.line, f.column])).toEqual(files.map((f) => [f.line, f.column]));
  });
});
