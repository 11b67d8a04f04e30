import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, findingsOf, type TempRepo } from '../helpers/git-repo.js';
import { masked, publishableKey, secretKey } from '../helpers/keys.js';

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const line = (key: string) => `export const key = '${key}';\n`;

async function history(r: TempRepo, args: string[] = []) {
  const result = await r.scan(['history', '-f', 'json', ...args]);
  expect(result.exitCode, result.stderr).not.toBe(2);
  return { result, findings: findingsOf(result) };
}

/** A key added in one commit and removed in the next, on main. */
function addedThenRemoved(r: TempRepo) {
  r.write('README.md', 'readme\n');
  r.git('add', '.');
  const base = r.commit('base');
  const key = secretKey();
  r.write('src/client.ts', `import x from 'y';\n${line(key)}`);
  r.git('add', '.');
  const added = r.commit('add client', { author: 'Dee Veloper <dee@example.test>' });
  r.write('src/client.ts', `import x from 'y';\nexport const key = process.env.CENCORI_KEY;\n`);
  r.git('add', '.');
  const removed = r.commit('read the key from env');
  return { key, base, added, removed };
}

describe('cencori-scan history', () => {
  it('finds a key that was added and later removed, with the commit that added it', async () => {
    repo = createRepo();
    const { key, added } = addedThenRemoved(repo);
    const { result, findings } = await history(repo);
    expect(result.exitCode).toBe(1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      file: 'src/client.ts',
      line: 2,
      redacted: masked(key),
      commit: { sha: added, author: 'Dee Veloper', email: 'dee@example.test', date: '2024-03-01T10:02:00+00:00' },
    });
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(result.stderr).toMatch(/scanned 3 commits/);
  });

  it('--range that excludes the adding commit finds nothing; one that includes it finds the key', async () => {
    repo = createRepo();
    const { base, added, removed } = addedThenRemoved(repo);
    expect((await history(repo, ['--range', `${added}..HEAD`])).findings).toEqual([]);
    const included = await history(repo, ['--range', `${base}..${removed}`]);
    expect(included.findings.map((f) => f.commit.sha)).toEqual([added]);
  });

  it('--since limits commits by date', async () => {
    repo = createRepo();
    addedThenRemoved(repo);
    const later = await history(repo, ['--since', '2024-03-01T10:02:30Z']);
    expect(later.findings).toEqual([]);
    expect(later.result.stderr).toMatch(/scanned 1 commit /);
  });

  it('follows branches: HEAD sees its own, --all sees every ref', async () => {
    repo = createRepo();
    repo.commitFiles('base', { 'a.ts': 'a\n' });
    repo.git('checkout', '-q', '-b', 'experiment');
    const onBranch = secretKey();
    const branchCommit = repo.commitFiles('experiment', { 'exp.ts': line(onBranch) });
    repo.git('checkout', '-q', 'main');
    const mainCommit = repo.commitFiles('main', { 'pub.ts': line(publishableKey()) });
    const head = await history(repo);
    expect(head.findings.map((f) => [f.file, f.commit.sha])).toEqual([['pub.ts', mainCommit]]);
    expect(head.result.exitCode).toBe(0); // a publishable key warns, it does not block
    const all = await history(repo, ['--all']);
    expect(all.findings.map((f) => [f.file, f.commit.sha])).toEqual([
      ['exp.ts', branchCommit],
      ['pub.ts', mainCommit],
    ]);
    expect(all.result.exitCode).toBe(1);
  });

  it('finds a key written only in a merge conflict resolution, attributed to the merge commit', async () => {
    repo = createRepo();
    repo.startConflictingMerge();
    const key = secretKey();
    repo.write('conf.ts', `start\n${line(key)}end\n`);
    repo.git('add', '.');
    const merge = repo.commit('merge feature');
    // Plain `git log -p` shows no diff for the merge: the key is nowhere else in history.
    expect(repo.git('log', '-p', '--format=')).not.toContain(key);
    const { findings } = await history(repo);
    expect(findings.map((f) => [f.file, f.line, f.commit.sha])).toEqual([['conf.ts', 2, merge]]);
  });

  it('reports a key once, with its first commit, when later commits touch its line', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.write('k.ts', `const key = '${key}';\n`);
    repo.git('add', '.');
    const first = repo.commit('add');
    repo.write('k.ts', `export const key = '${key}';\n`);
    repo.commit('export it', { all: true });
    repo.write('k.ts', `// the key\nexport const key = '${key}';\n`);
    repo.commit('comment', { all: true });
    const { findings } = await history(repo);
    expect(findings.map((f) => [f.line, f.commit.sha])).toEqual([[1, first]]);
  });

  it('records commits whose objects are missing (a blob, a tree) as not scanned and goes on past them', async () => {
    repo = createRepo();
    const objectPath = (sha: string) => path.join(repo.dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
    const earlyCommit = repo.commitFiles('early', { 'early.ts': line(secretKey()) });
    const blobCommit = repo.commitFiles('blob gone', { 'broken.ts': `unique content ${Date.now()}\n` });
    const midCommit = repo.commitFiles('mid', { 'mid.ts': line(secretKey()) });
    const treeCommit = repo.commitFiles('tree gone', { 'lonely/dir/x.ts': 'x\n' });
    const afterTree = repo.commitFiles('after', { 'lonely/dir/x.ts': 'y\n' });
    const lateCommit = repo.commitFiles('late', { 'late.ts': line(secretKey()) });
    // Remove loose objects, as a damaged or partial clone would lack them.
    rmSync(objectPath(repo.git('rev-parse', `${blobCommit}:broken.ts`).trim()));
    rmSync(objectPath(repo.git('rev-parse', `${treeCommit}:lonely/dir`).trim()));
    const { result, findings } = await history(repo);
    expect(findings.map((f) => f.commit.sha)).toEqual([earlyCommit, lateCommit, midCommit]);
    // The tree is read by its own commit and by the next one's diff: both are skipped, nothing else.
    const skipped = [...result.stderr.matchAll(/not scanned: commit ([0-9a-f]{12}): git could not read it/g)].map((m) => m[1]);
    expect(skipped.sort()).toEqual([blobCommit, treeCommit, afterTree].map((sha) => sha.slice(0, 12)).sort());
    // A blocking key still wins over the incomplete scan (2).
    expect(result.exitCode).toBe(1);
  });

  it('carries the commit in every format', async () => {
    repo = createRepo();
    const { key, added } = addedThenRemoved(repo);
    const text = await repo.scan(['history']);
    expect(text.stdout).toContain(`commit ${added.slice(0, 12)} by Dee Veloper <dee@example.test> on 2024-03-01`);
    const github = await repo.scan(['history', '-f', 'github']);
    expect(github.stdout).toContain(`commit ${added.slice(0, 12)} by Dee Veloper <dee@example.test>`);
    const sarif = JSON.parse((await repo.scan(['history', '-f', 'sarif'])).stdout);
    expect(sarif.runs[0].results[0].properties.commit).toEqual({ sha: added, author: 'Dee Veloper', email: 'dee@example.test', date: '2024-03-01T10:02:00+00:00' });
    for (const out of [text.stdout, github.stdout]) expect(out).not.toContain(key);
  });

  it('draws progress only on a TTY', async () => {
    repo = createRepo();
    addedThenRemoved(repo);
    const onTty: string[] = [];
    await repo.scan(['history'], { tty: true, progress: (t) => onTty.push(t) });
    expect(onTty.join('')).toMatch(/3\/3 commits +\d+\/s/);
    expect(onTty.at(-1)).toBe('\r\u001b[K');
    const offTty: string[] = [];
    await repo.scan(['history'], { tty: false, progress: (t) => offTty.push(t) });
    expect(offTty).toEqual([]);
  });

  it('outside a repository, or with a broken config: exit 2 and one line', async () => {
    repo = createRepo({ init: false });
    const outside = await repo.scan(['history']);
    expect(outside.exitCode).toBe(2);
    expect(outside.stderr.trim().split('\n')).toHaveLength(1);
    expect(outside.stderr).toMatch(/not inside a git work tree/);
    repo.git('init', '-q');
    repo.write('.cencoriscanrc.json', '{ "publishable": "sometimes" }');
    const broken = await repo.scan(['history']);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an empty repository has no history: exit 0', async () => {
    repo = createRepo();
    const { result, findings } = await history(repo);
    expect(findings).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/scanned 0 commits/);
  });

  it('refuses option-like and conflicting values', async () => {
    repo = createRepo();
    for (const args of [['--range', '--output=/tmp/x'], ['--since', '-1'], ['--range', 'a..b', '--all']]) {
      const result = await repo.scan(['history', ...args]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(/^cencori-scan: error: history: /);
    }
    const bad = await repo.scan(['history', '--range', 'nope..HEAD']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('whatever the user or repository config says', () => {
  it('staged and history read the same lines', async () => {
    repo = createRepo();
    const hostile: Array<[string, string]> = [
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['diff.relative', 'true'],
      ['diff.suppressBlankEmpty', 'true'],
      ['diff.renames', 'copies'],
      ['diff.context', '0'],
      ['core.quotePath', 'true'],
      ['color.ui', 'always'],
      ['log.showRoot', 'false'],
      ['i18n.logOutputEncoding', 'ISO-8859-1'],
      ['log.showSignature', 'true'],
    ];
    for (const [name, value] of hostile) repo.git('config', name, value);
    const rootKey = secretKey();
    const root = repo.commitFiles('root', { 'sub/ünï café.ts': `first\n\n${line(rootKey)}` }, { author: 'Zoë Ærø <zoe@example.test>' });
    const stagedKey = secretKey();
    repo.write('sub/ünï café.ts', `first\n\n${line(rootKey)}\nmore\n\n${line(stagedKey)}`);
    repo.git('add', '.');
    const staged = findingsOf(await repo.scan(['staged', '-f', 'json'], { cwd: 'sub' }));
    expect(staged.map((f) => [f.file, f.line, f.redacted])).toEqual([['sub/ünï café.ts', 7, masked(stagedKey)]]);
    const second = repo.commit('second');
    const { findings } = await history(repo);
    expect(findings.map((f) => [f.file, f.line, f.commit.sha, f.commit.author])).toEqual([
      ['sub/ünï café.ts', 3, root, 'Zoë Ærø'],
      ['sub/ünï café.ts', 7, second, 'Test Author'],
    ]);
  });

  it('parses only the file diffs of a commit that may hold a key: the key found at its line, the lockfile beside it never decoded', async () => {
    repo = createRepo();
    const key = secretKey();
    const encoded = secretKey();
    const lock = Array.from({ length: 3000 }, (_, i) => `    "pkg${i}": { "integrity": "sha512-${Buffer.from(`${i}`.repeat(60)).toString('base64')}" },`).join('\n');
    const sha = repo.commitFiles('one key among many files', {
      'package-lock.json': `{\n${lock}\n}\n`,
      'src/a.ts': 'export const a = 1;\n',
      'src/key.ts': `// config\n\n${line(key)}`,
      'k8s/secret.yaml': `data:\n  KEY: ${Buffer.from(encoded).toString('base64')}\n`,
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]),
      'src/z.ts': 'export const z = 26;\n',
    });
    const { streamHistory } = await import('../../src/git/history.js');
    const { KEY_ANCHOR_BYTES } = await import('../../src/keys/index.js');
    const parsed: string[] = [];
    await streamHistory(repo.dir, { revisions: ['HEAD'] }, KEY_ANCHOR_BYTES, { onCommit: (_c, files) => parsed.push(...(files ?? []).map((f) => f.path)), onUnscanned: () => undefined });
    expect(parsed.sort()).toEqual(['k8s/secret.yaml', 'logo.png', 'src/key.ts']);
    const { findings } = await history(repo);
    expect(findings.map((f) => [f.file, f.line, f.redacted, f.commit.sha])).toEqual([
      ['k8s/secret.yaml', 2, masked(encoded), sha],
      ['src/key.ts', 3, masked(key), sha],
    ]);
  });
});
