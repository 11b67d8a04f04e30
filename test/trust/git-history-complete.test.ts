// Promise: history sees all of history (issue 10 §2): octopus merges, commit messages, and
// objects as stored (replace refs and grafts cannot hide a commit).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { masked, secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;

async function history(r: TempRepo, args: string[] = []) {
  const result = await r.scan(['history', '-f', 'json', ...args]);
  expect(result.exitCode, result.stderr).toBe(1);
  return findingsOf(result);
}

describe('history reads every commit as stored', () => {
  it('finds a key written in an octopus merge (three branches), attributed to the merge', async () => {
    repo = createRepo();
    repo.commitFiles('base', { 'base.ts': 'base\n' });
    const branchKeys: Record<string, string> = {};
    for (const b of ['x', 'y', 'z']) {
      repo.git('checkout', '-q', '-b', b, 'main');
      branchKeys[b] = secretKey();
      repo.commitFiles(b, { [`${b}.ts`]: line(branchKeys[b]!) });
    }
    repo.git('checkout', '-q', 'main');
    repo.commitFiles('main moves on', { 'main.ts': 'main\n' });
    repo.git('merge', '-q', '--no-commit', 'x', 'y', 'z');
    const mergeKey = secretKey();
    repo.write('octopus.ts', `// written while merging\n${line(mergeKey)}`);
    repo.write('x.ts', `${line(branchKeys.x!)}// and an evil line in a file a parent brought\n${line(mergeKey).replace('key', 'again')}`);
    repo.git('add', '-A');
    const merge = repo.commit('octopus');
    expect(repo.git('log', '-1', '--format=%P').trim().split(' ')).toHaveLength(4); // main, x, y, z
    const found = await history(repo);
    const inMerge = found.filter((f) => f.commit.sha === merge).map((f) => [f.file, f.line, f.redacted]);
    expect(inMerge.sort()).toEqual([
      ['octopus.ts', 2, masked(mergeKey)],
      ['x.ts', 3, masked(mergeKey)],
    ]);
    // Lines a parent brought are that parent's: each branch key once, with its branch commit.
    for (const key of Object.values(branchKeys)) {
      expect(found.filter((f) => f.redacted === masked(key)).map((f) => f.commit.sha === merge)).toEqual([false]);
    }
  });

  it('finds a key in a commit message, reported with the commit at "(commit message)"', async () => {
    repo = createRepo();
    repo.commitFiles('base', { 'a.ts': 'a\n' });
    const key = secretKey();
    repo.write('b.ts', 'b\n');
    repo.git('add', '-A');
    const sha = repo.commit(`rotate the key\n\nold one was ${key}, do not use`);
    const found = await history(repo);
    expect(found.map((f) => [f.file, f.line, f.redacted, f.commit.sha])).toEqual([['(commit message)', 3, masked(key), sha]]);
  });

  it('a replace ref does not hide the commit that added a key', async () => {
    repo = createRepo();
    repo.commitFiles('base', { 'a.ts': 'a\n' });
    const key = secretKey();
    const leaking = repo.commitFiles('leak', { 'secret.ts': line(key) });
    // A look-alike commit without the key, swapped in for the leaking one by `git replace`.
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    const clean = repo.commitFiles('leak', { 'secret.ts': 'nothing here\n' });
    repo.git('checkout', '-q', 'main');
    repo.git('replace', leaking, clean);
    expect(repo.git('log', '-p')).not.toContain(key);
    const found = await history(repo);
    expect(found.map((f) => [f.file, f.commit.sha])).toEqual([['secret.ts', leaking]]);
  });

  it('a grafts file does not cut off the commits before it', async () => {
    repo = createRepo();
    const key = secretKey();
    const old = repo.commitFiles('old leak', { 'secret.ts': line(key) });
    repo.commitFiles('later', { 'a.ts': 'a\n' });
    const head = repo.commitFiles('latest', { 'b.ts': 'b\n' });
    // A graft that makes HEAD a root commit: git log alone no longer reaches the leak.
    writeFileSync(path.join(repo.dir, '.git', 'info', 'grafts'), `${head}\n`);
    expect(repo.git('log', '--format=%H')).not.toContain(old);
    const found = await history(repo);
    expect(found.map((f) => [f.file, f.commit.sha])).toEqual([['secret.ts', old]]);
  });
});
