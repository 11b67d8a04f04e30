import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { makeKey, masked, secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;

async function staged(r: TempRepo, args: string[] = [], cwd?: string) {
  const result = await r.scan(['staged', '-f', 'json', ...args], { cwd });
  return { result, findings: result.exitCode === 2 ? [] : findingsOf(result) };
}

describe('cencori-scan staged', () => {
  it('reports a staged key at its line in the staged file, by repository path, from a subfolder', async () => {
    repo = createRepo();
    repo.write('README.md', 'hello\n');
    repo.git('add', '.');
    repo.commit('init');
    const key = secretKey();
    repo.write('src/app/config.ts', `// config\n\n${line(key)}`);
    repo.git('add', '.');
    const { result, findings } = await staged(repo, [], 'src');
    expect(result.exitCode).toBe(1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'src/app/config.ts', line: 3, column: 21, redacted: masked(key), commit: null });
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('does not report a key HEAD already has, only lines the commit adds', async () => {
    repo = createRepo();
    repo.write('README.md', 'x\n');
    repo.git('add', '.');
    repo.commit('readme');
    const old = secretKey();
    repo.write('a.ts', `one\n${line(old)}`);
    repo.git('add', '.');
    repo.commit('old key (history business)');
    const added = secretKey();
    repo.write('a.ts', `zero\none\n${line(old)}two\n${line(added)}`);
    repo.git('add', '.');
    const { findings } = await staged(repo);
    expect(findings.map((f) => [f.file, f.line, f.redacted])).toEqual([['a.ts', 5, masked(added)]]);
  });

  it('scans the index, not the working tree: partial staging in both directions', async () => {
    repo = createRepo();
    repo.write('a.ts', 'a\nb\nc\nd\ne\nf\ng\nh\n');
    repo.git('add', '.');
    repo.commit('base');
    const stagedKey = secretKey();
    const worktreeKey = secretKey();
    // Stage only the first hunk, as `git add -p` would: build the patch and apply it to the index.
    repo.write('a.ts', `a\n${line(stagedKey)}b\nc\nd\ne\nf\ng\nh\n${line(worktreeKey)}`);
    const patch = repo.git('diff', '-U1', 'a.ts');
    const firstHunk = patch.split(/(?=^@@ )/m).slice(0, 2).join('');
    repo.write('first-hunk.patch', firstHunk);
    repo.git('apply', '--cached', 'first-hunk.patch');
    repo.remove('first-hunk.patch');
    expect(repo.git('diff', '--cached', '--name-only').trim()).toBe('a.ts');
    let { findings } = await staged(repo);
    expect(findings.map((f) => [f.line, f.redacted])).toEqual([[2, masked(stagedKey)]]);

    // Staged, then deleted from the working tree: the commit still carries it.
    repo.write('a.ts', 'a\nb\nc\nd\ne\nf\ng\nh\n');
    ({ findings } = await staged(repo));
    expect(findings.map((f) => f.redacted)).toEqual([masked(stagedKey)]);
  });

  it('handles new, renamed, copied, deleted and binary files', async () => {
    repo = createRepo();
    const inHead = secretKey();
    const filler = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    const copied = secretKey();
    repo.write('moved.ts', `${filler}${line(inHead)}`);
    repo.write('original.ts', `${filler}${line(copied)}`);
    repo.write('gone.ts', line(secretKey()));
    repo.git('add', '.');
    repo.commit('base');
    const inRename = secretKey();
    repo.git('mv', 'moved.ts', 'renamed.ts');
    repo.write('renamed.ts', `${filler}${line(inHead)}${line(inRename)}`);
    repo.write('copy.ts', `${filler}${line(copied)}`);
    repo.git('rm', '-q', 'gone.ts');
    const newKey = makeKey('agent');
    repo.write('new.ts', line(newKey));
    repo.write('image.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(line(secretKey()))]));
    repo.git('add', '-A');
    const { result, findings } = await staged(repo);
    expect(findings.map((f) => [f.file, f.line, f.redacted])).toEqual([
      // A copy is a new place for the key: reported. The rename carries its old lines silently.
      ['copy.ts', 21, masked(copied)],
      ['new.ts', 1, masked(newKey)],
      ['renamed.ts', 22, masked(inRename)],
    ]);
    // copy, new, renamed and the deletion are scanned (a deletion adds nothing); the binary is skipped.
    expect(result.stderr).toMatch(/scanned 4 staged files .*1 skipped/);
  });

  it('works on the first commit, before HEAD exists', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.write('index.js', line(key));
    repo.git('add', '.');
    expect(repo.tryGit('rev-parse', '--verify', 'HEAD').status).not.toBe(0);
    const { result, findings } = await staged(repo);
    expect(result.exitCode).toBe(1);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['index.js', 1]]);
  });

  it('in a merge, reports only what is new to every parent (the resolution), not what the other branch brought', async () => {
    repo = createRepo();
    repo.startConflictingMerge({ 'feature.ts': line(secretKey()) });
    const inResolution = secretKey();
    repo.write('conf.ts', `start\n${line(inResolution)}end\n`);
    repo.git('add', '.');
    const { findings } = await staged(repo);
    expect(findings.map((f) => [f.file, f.line, f.redacted])).toEqual([['conf.ts', 2, masked(inResolution)]]);
  });

  it('reads paths with spaces, unicode, quotes and newlines', async () => {
    repo = createRepo();
    repo.write('.keep', '');
    repo.git('add', '.');
    repo.commit('init');
    const names = ['dir with space/a b.ts', 'ünïcødé/日本.ts', 'quote"and\\slash.ts', 'new\nline.ts', 'tab\there.ts'];
    const keys = names.map(() => secretKey());
    names.forEach((name, i) => repo.write(name, `x\n${line(keys[i]!)}`));
    repo.git('add', '-A');
    const { findings } = await staged(repo);
    expect(findings.map((f) => f.file).sort()).toEqual([...names].sort());
    for (const f of findings) expect(f.line).toBe(2);
  });

  it('skips submodules', async () => {
    const sub = createRepo();
    sub.write('lib.ts', line(secretKey()));
    sub.git('add', '.');
    sub.commit('sub');
    repo = createRepo();
    repo.write('.keep', '');
    repo.git('add', '.');
    repo.commit('init');
    try {
      repo.git('-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', sub.dir, 'vendor/sub');
      const { result, findings } = await staged(repo);
      expect(findings).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toMatch(/scanned 1 staged file /); // .gitmodules only
    } finally {
      sub.cleanup();
    }
  });

  it('honours the allow marker on the line before, even when that line was already committed', async () => {
    repo = createRepo();
    repo.write('a.ts', 'a\n// cencori-scan:allow (documented sample)\nz\n');
    repo.git('add', '.');
    repo.commit('base');
    repo.write('a.ts', `a\n// cencori-scan:allow (documented sample)\n${line(secretKey())}z\n`);
    repo.git('add', '.');
    const { result, findings } = await staged(repo);
    expect(findings).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('exits 0 with a one-line note when nothing is staged', async () => {
    repo = createRepo();
    repo.write('a.ts', line(secretKey()));
    const result = await repo.scan(['staged']);
    expect(result).toEqual({ exitCode: 0, stdout: '', stderr: 'cencori-scan: nothing staged: no changes to scan\n' });
  });

  it('outside a repository: exit 2 and one line', async () => {
    repo = createRepo({ init: false });
    const result = await repo.scan(['staged']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/not inside a git work tree/);
  });

  it('applies the config ignore list to repository paths', async () => {
    repo = createRepo();
    repo.write('.cencoriscanrc.json', JSON.stringify({ ignore: ['fixtures/**'] }));
    repo.write('fixtures/sample.ts', line(secretKey()));
    repo.write('src/real.ts', line(secretKey()));
    repo.git('add', '.');
    const { findings } = await staged(repo, [], 'src');
    expect(findings.map((f) => f.file)).toEqual(['src/real.ts']);
  });
});
