import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;

describe('--baseline and --write-baseline', () => {
  it('records fingerprints and paths only, sorted, and ignores them on the next scan', async () => {
    repo = createRepo();
    const keys = [secretKey(), secretKey()];
    repo.write('z/late.ts', line(keys[0]!));
    repo.write('a/early.ts', `// first\n${line(keys[1]!)}`);
    const written = await repo.scan(['files', '--write-baseline', '.cencori-baseline.json']);
    expect(written.exitCode).toBe(0); // every finding is now recorded: `--write-baseline F && git add F` works
    expect(written.stderr).toContain('wrote 2 findings to baseline');
    const text = readFileSync(path.join(repo.dir, '.cencori-baseline.json'), 'utf8');
    for (const key of keys) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(0, 8)); // not even the mask
    }
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual(['version', 'description', 'findings']);
    expect(body.findings.map((f: { file: string }) => f.file)).toEqual(['a/early.ts', 'z/late.ts']);
    for (const f of body.findings) expect(Object.keys(f)).toEqual(['file', 'fingerprint']);
    expect(body.findings.every((f: { fingerprint: string }) => /^[0-9a-f]{64}$/.test(f.fingerprint))).toBe(true);

    const again = await repo.scan(['files', '--baseline', '.cencori-baseline.json', '-f', 'json']);
    expect(again.exitCode).toBe(0);
    expect(findingsOf(again)).toEqual([]);
    expect(again.stderr).toContain('2 finding(s) ignored');
  });

  it('is stable across unrelated edits: same bytes, still matching after lines move', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.write('src/a.ts', line(key));
    await repo.scan(['files', '--write-baseline', 'baseline.json']);
    const first = readFileSync(path.join(repo.dir, 'baseline.json'), 'utf8');
    repo.write('src/a.ts', `// forty lines of new code\n${'x();\n'.repeat(40)}${line(key)}`);
    repo.write('src/b.ts', 'nothing here\n');
    await repo.scan(['files', '--write-baseline', 'baseline.json']);
    expect(readFileSync(path.join(repo.dir, 'baseline.json'), 'utf8')).toBe(first);
    const result = await repo.scan(['files', '--baseline', 'baseline.json']);
    expect(result.exitCode).toBe(0);
  });

  it('a new key, or the same key in another file, is still reported', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.write('a.ts', line(key));
    await repo.scan(['files', '--write-baseline', 'baseline.json']);
    const fresh = secretKey();
    repo.write('b.ts', line(key));
    repo.write('c.ts', line(fresh));
    const result = await repo.scan(['files', '--baseline', 'baseline.json', '-f', 'json']);
    expect(findingsOf(result).map((f) => f.file)).toEqual(['b.ts', 'c.ts']);
  });

  it('works with staged and history, whichever folder the scan runs from', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.write('pkg/src/a.ts', line(key));
    repo.git('add', '.');
    const staged = await repo.scan(['staged', '--write-baseline', '../.cencori-baseline.json'], { cwd: 'pkg' });
    expect(staged.exitCode).toBe(0);
    expect((await repo.scan(['staged', '--baseline', '.cencori-baseline.json'])).exitCode).toBe(0);
    repo.commit('add');
    expect((await repo.scan(['history', '--baseline', '../../.cencori-baseline.json'], { cwd: 'pkg/src' })).exitCode).toBe(0);
    expect((await repo.scan(['files', '--baseline', '../.cencori-baseline.json'], { cwd: 'pkg' })).exitCode).toBe(0);
    expect((await repo.scan(['history'])).exitCode).toBe(1);
  });

  it('a missing or malformed baseline is exit 2 with one line', async () => {
    repo = createRepo();
    repo.write('a.ts', line(secretKey()));
    mkdirSync(path.join(repo.dir, 'b'));
    writeFileSync(path.join(repo.dir, 'b', 'bad.json'), '{"version":1,"findings":[{"file":"a.ts","fingerprint":"csk_x"}]}');
    writeFileSync(path.join(repo.dir, 'b', 'notjson.json'), '{');
    for (const file of ['missing.json', 'b/bad.json', 'b/notjson.json']) {
      const result = await repo.scan(['files', '--baseline', file]);
      expect(result.exitCode, file).toBe(2);
      expect(result.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(result.stderr).toContain('baseline');
    }
  });
});
