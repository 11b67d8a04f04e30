// Promise: wrong input is an error, not an empty scan; what git could not read makes the scan
// incomplete (exit 2), never "no keys found" with exit 0 (issue 10 §2).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;

describe('history: wrong input is said plainly', () => {
  it.each(['last mnoth', 'garbage', 'last', 'yesterdy'])('--since "%s": one-line error, exit 2', async (since) => {
    repo = createRepo();
    repo.commitFiles('a', { 'a.ts': line(secretKey()) });
    const result = await repo.scan(['history', '--since', since]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--since .* is not a date git understands/);
  });

  it.each(['2024-01-01', '3 weeks ago', 'yesterday', '1 year ago', 'Mar 1 2024', '2024-03-01T10:00:00Z', 'now'])('--since "%s" is accepted', async (since) => {
    repo = createRepo();
    repo.commitFiles('a', { 'a.ts': 'a\n' });
    const result = await repo.scan(['history', '--since', since]);
    expect(result.exitCode, result.stderr).toBe(0);
  });

  it('HEAD naming a missing branch while others exist: an error listing the refs that exist', async () => {
    repo = createRepo();
    repo.commitFiles('a', { 'a.ts': line(secretKey()) });
    repo.git('branch', 'release');
    repo.git('symbolic-ref', 'HEAD', 'refs/heads/master');
    const result = await repo.scan(['history']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/HEAD points to refs\/heads\/master, which does not exist; refs that exist: main, release/);
  });

  it('missing objects with no key elsewhere: INCOMPLETE and exit 2; --allow-incomplete accepts it', async () => {
    repo = createRepo();
    repo.commitFiles('early', { 'early.ts': 'fine\n' });
    const broken = repo.commitFiles('blob gone', { 'broken.ts': `unique ${Date.now()}\n` });
    repo.commitFiles('late', { 'late.ts': 'fine\n' });
    const blob = repo.git('rev-parse', `${broken}:broken.ts`).trim();
    rmSync(path.join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const result = await repo.scan(['history', '-f', 'json']);
    expect(result.exitCode).toBe(2);
    expect(findingsOf(result)).toEqual([]);
    expect(result.stderr).toContain(`not scanned: commit ${broken.slice(0, 12)}`);
    expect(result.stderr).toMatch(/INCOMPLETE/);
    const accepted = await repo.scan(['history', '--allow-incomplete']);
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stderr).toContain(`not scanned: commit ${broken.slice(0, 12)}`);
  });

  it('staged: a staged blob git cannot read is not scanned (exit 2), never "no keys found"', async () => {
    repo = createRepo();
    repo.commitFiles('base', { '.gitattributes': '*.cfg -diff\n' });
    repo.write('app.cfg', `staged ${Date.now()}\n`);
    repo.git('add', '-A');
    const blob = repo.git('rev-parse', ':app.cfg').trim();
    rmSync(path.join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const result = await repo.scan(['staged']);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain(`not scanned: app.cfg: blob ${blob.slice(0, 12)} is missing`);
  });
});
