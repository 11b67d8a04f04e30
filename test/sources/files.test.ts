import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeKey, masked } from '../helpers/keys.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.cjs');
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cencori-files-'));
  temps.push(dir);
  return dir;
}

function write(root: string, rel: string, text: string | Buffer): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z' },
  });
}

function gitRepo(): string {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  redacted: string;
}

async function scanJson(cwd: string, ...args: string[]) {
  const result = await runCli(['files', '--format', 'json', ...args], cwd);
  const findings = result.stdout ? (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings : [];
  return { ...result, findings, files: findings.map((f) => f.file).sort() };
}

describe('files in a git repository', () => {
  it('applies .gitignore and .git/info/exclude to discovered files, tracked or not', async () => {
    const repo = gitRepo();
    write(repo, '.gitignore', 'ignored.txt\nbuild/\n');
    write(repo, '.git/info/exclude', 'excluded.txt\n');
    write(repo, 'tracked.ts', `k = "${makeKey()}"`);
    write(repo, 'untracked.ts', `k = "${makeKey()}"`);
    write(repo, 'ignored.txt', `k = "${makeKey()}"`);
    write(repo, 'excluded.txt', `k = "${makeKey()}"`);
    write(repo, 'build/out.js', `k = "${makeKey()}"`);
    write(repo, 'sub/.gitignore', 'local.ts\n');
    write(repo, 'sub/local.ts', `k = "${makeKey()}"`);
    git(repo, 'add', 'tracked.ts', '.gitignore');
    git(repo, 'commit', '-qm', 'init');
    const { files, exitCode } = await scanJson(repo);
    expect(files).toEqual(['tracked.ts', 'untracked.ts']);
    expect(exitCode).toBe(1);
  });

  it('scans an ignored file or folder named on the command line', async () => {
    const repo = gitRepo();
    write(repo, '.gitignore', 'ignored.txt\nbuild/\n');
    write(repo, 'ignored.txt', `k = "${makeKey()}"`);
    write(repo, 'build/out.js', `k = "${makeKey()}"`);
    expect((await scanJson(repo, 'ignored.txt')).files).toEqual(['ignored.txt']);
    expect((await scanJson(repo, 'build')).files).toEqual(['build/out.js']);
    expect((await scanJson(repo, 'build/out.js', '.')).files).toEqual(['build/out.js']);
  });

  it('never scans .git/, not even when named', async () => {
    const repo = gitRepo();
    write(repo, '.git/leaked', `k = "${makeKey()}"`);
    write(repo, 'ok.ts', 'nothing here');
    const all = await scanJson(repo);
    expect(all.findings).toEqual([]);
    const named = await scanJson(repo, '.git/leaked', '.git');
    expect(named.findings).toEqual([]);
    expect(named.exitCode).toBe(0);
  });

  it('skips a tracked file deleted from the work tree without a warning', async () => {
    const repo = gitRepo();
    write(repo, 'gone.ts', 'x');
    write(repo, 'here.ts', `k = "${makeKey()}"`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'init');
    rmSync(path.join(repo, 'gone.ts'));
    const result = await scanJson(repo);
    expect(result.files).toEqual(['here.ts']);
    expect(result.stderr).not.toContain('warning');
  });

  it('scans the files of an untracked nested repository, with its own ignore rules', async () => {
    const repo = gitRepo();
    const nested = path.join(repo, 'vendor/lib');
    mkdirSync(nested, { recursive: true });
    git(nested, 'init', '-q');
    write(nested, '.gitignore', 'secret.txt\n');
    write(nested, 'index.js', `k = "${makeKey()}"`);
    write(nested, 'secret.txt', `k = "${makeKey()}"`);
    expect((await scanJson(repo)).files).toEqual(['vendor/lib/index.js']);
  });
});

describe('submodules', () => {
  it('scans the files of a checked-out submodule and passes over one not checked out', async () => {
    const lib = gitRepo();
    write(lib, 'index.js', `k = "${makeKey()}"`);
    git(lib, 'add', '.');
    git(lib, 'commit', '-qm', 'lib');
    const app = gitRepo();
    write(app, 'app.ts', 'nothing');
    git(app, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
    git(app, 'add', '.');
    git(app, 'commit', '-qm', 'app');
    expect((await scanJson(app)).files).toEqual(['vendor/lib/index.js']);

    const clone = tempDir();
    git(clone, 'clone', '-q', app, 'checkout');
    const result = await scanJson(path.join(clone, 'checkout'));
    expect(result.findings).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});

describe('files outside a git repository', () => {
  it('walks every file, dot-files and node_modules included, and prunes .git folders', async () => {
    const dir = tempDir();
    write(dir, '.env', `KEY=${makeKey()}`);
    write(dir, 'node_modules/pkg/index.js', `k = "${makeKey()}"`);
    write(dir, 'a/b/c/deep.ts', `k = "${makeKey()}"`);
    write(dir, 'copy/.git/config', `k = "${makeKey()}"`);
    const { files, stderr } = await scanJson(dir);
    expect(files).toEqual(['.env', 'a/b/c/deep.ts', 'node_modules/pkg/index.js']);
    expect(stderr).toMatch(/scanned 3 files/);
  });

  it('reads files in the order a sort of their paths gives, a folder\'s files where "name/" sorts', async () => {
    const dir = tempDir();
    // Binary files: each says "skipped <path>: binary" with --verbose, in the order it was read.
    const names = ['a.js', 'a/x.js', 'a/b/c.js', 'a-b.js', 'a0', 'A.js', 'ab/z', 'b-', 'b.c/d', 'b/c', '_x', 'é/1', 'z😀', 'zé', 'a/.hidden', 'a/b.js'];
    for (const name of names) write(dir, name, Buffer.from([0, 1, 2]));
    const result = await runCli(['files', '--verbose', '.'], dir);
    const order = [...result.stderr.matchAll(/skipped (.*): binary/g)].map((m) => m[1]);
    expect(order).toEqual([...names].sort());
  });

  it('reports a zero-file scan visibly', async () => {
    const dir = tempDir();
    const result = await runCli(['files'], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^cencori-scan: scanned 0 files \(0 B\) in \d+ ms: no keys found\n$/);
  });
});

describe('what is read and what is skipped', () => {
  it('skips a binary file (NUL byte in the first 8 KB)', async () => {
    const dir = tempDir();
    write(dir, 'image.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0, 1]), Buffer.from(`k = "${makeKey()}"`)]));
    write(dir, 'text.ts', `k = "${makeKey()}"`);
    const result = await scanJson(dir, '--verbose');
    expect(result.files).toEqual(['text.ts']);
    expect(result.stderr).toContain('skipped image.bin: binary');
    expect(result.stderr).toMatch(/1 skipped/);
  });

  it('never follows a symlink out of the root; a named one inside is followed', async () => {
    const outside = tempDir();
    write(outside, 'secret.ts', `k = "${makeKey()}"`);
    const dir = tempDir();
    write(dir, 'real.ts', `k = "${makeKey()}"`);
    symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'link-out.ts'));
    symlinkSync(outside, path.join(dir, 'dir-out'));
    symlinkSync(path.join(dir, 'real.ts'), path.join(dir, 'link-in.ts'));
    expect((await scanJson(dir)).files).toEqual(['real.ts']);
    const namedOut = await scanJson(dir, 'link-out.ts');
    expect(namedOut.findings).toEqual([]);
    expect(namedOut.stderr).toContain('not scanned: link-out.ts: symlink points outside');
    expect(namedOut.exitCode).toBe(2);
    const namedIn = await scanJson(dir, 'link-in.ts');
    expect(namedIn.findings).toHaveLength(1);
  });

  it('does not hang on symlink loops', async () => {
    const dir = tempDir();
    symlinkSync(dir, path.join(dir, 'self'));
    symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    write(dir, 'x.ts', `k = "${makeKey()}"`);
    expect((await scanJson(dir)).files).toEqual(['x.ts']);
    const named = await scanJson(dir, 'a', 'x.ts');
    expect(named.stderr).toContain('not scanned: a: symlink could not be followed: too many levels of symlinks (ELOOP)');
    expect(named.exitCode).toBe(1);
  });

  // A FIFO named on the command line is read as a stream: test/trust/fifo.test.ts.
  it('passes over a FIFO found in a folder without blocking, and says so', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    write(dir, 'x.ts', `k = "${makeKey()}"`);
    const result = await scanJson(dir);
    expect(result.files).toEqual(['x.ts']);
    expect(result.stderr).toContain('not scanned: pipe: a named pipe (FIFO) found in a folder');
  });

  it('handles unicode and spaces in paths', async () => {
    const dir = tempDir();
    const key = makeKey();
    write(dir, 'dir with space/ünï cödé 😀.ts', `// é😀\nconst k = '${key}';`);
    const result = await scanJson(dir);
    expect(result.findings).toEqual([expect.objectContaining({ file: 'dir with space/ünï cödé 😀.ts', line: 2, column: 12, redacted: masked(key) })]);
    const sarif = JSON.parse((await runCli(['files', '-f', 'sarif'], dir)).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'dir%20with%20space/%C3%BCn%C3%AF%20c%C3%B6d%C3%A9%20%F0%9F%98%80.ts',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('does not count a UTF-8 byte order mark as a column', async () => {
    const dir = tempDir();
    write(dir, 'bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`k = "${makeKey()}"`)]));
    expect((await scanJson(dir)).findings).toEqual([expect.objectContaining({ line: 1, column: 6 })]);
  });

  it('reads UTF-16 files that start with a byte order mark (little and big endian) as text', async () => {
    const dir = tempDir();
    const le = makeKey();
    const be = makeKey('agent');
    const text = (key: string) => `# PowerShell profile ✓\r\n$env:CENCORI_API_KEY = "${key}"\r\n`;
    write(dir, 'profile-le.ps1', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(le), 'utf16le')]));
    write(dir, 'profile-be.ps1', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text(be), 'utf16le').swap16()]));
    const result = await scanJson(dir);
    expect(result.findings).toEqual([
      expect.objectContaining({ file: 'profile-be.ps1', line: 2, column: 25, redacted: masked(be) }),
      expect.objectContaining({ file: 'profile-le.ps1', line: 2, column: 25, redacted: masked(le) }),
    ]);
  });

  it('prints files outside cwd as absolute forward-slash paths, inside cwd relative', async () => {
    const dir = tempDir();
    write(dir, 'other/k.ts', `k = "${makeKey()}"`);
    write(dir, 'work/..dots.ts', `k = "${makeKey()}"`);
    mkdirSync(path.join(dir, 'work'), { recursive: true });
    const result = await scanJson(path.join(dir, 'work'), '../other/k.ts', '.');
    expect(result.files).toEqual(['..dots.ts', path.join(dir, 'other/k.ts').split(path.sep).join('/')]);
    const sarif = JSON.parse((await runCli(['files', '-f', 'sarif', '../other/k.ts'], path.join(dir, 'work'))).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: `file://${path.join(dir, 'other/k.ts')}` });
  });

  it('a missing path is an error (exit 2), not a silent pass', async () => {
    const dir = tempDir();
    const result = await runCli(['files', 'srcc'], dir);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toBe('cencori-scan: error: cannot scan srcc: no such file or folder\n');
  });

  it('ignores config globs: a folder glob covers the files in it', async () => {
    const dir = tempDir();
    write(dir, '.cencoriscanrc.json', JSON.stringify({ ignore: ['fixtures', '**/*.snap'] }));
    write(dir, 'fixtures/deep/a.ts', `k = "${makeKey()}"`);
    write(dir, 'x/y.snap', `k = "${makeKey()}"`);
    write(dir, 'fixtures.ts', `k = "${makeKey()}"`);
    expect((await scanJson(dir)).files).toEqual(['fixtures.ts']);
  });
});

describe('an unreadable file', () => {
  // Root reads anything, so the real permission failure is produced by running the built CLI
  // as the unprivileged user `nobody` (setpriv, util-linux).
  const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

  // The fail-closed side (exit 2 with no key, folders, git): test/trust/unreadable.test.ts.
  it.runIf(canDropPrivileges)('is listed as not scanned and the scan goes on', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const key = makeKey();
    write(dir, 'locked.ts', `k = "${makeKey()}"`);
    chmodSync(path.join(dir, 'locked.ts'), 0o000);
    write(dir, 'open.ts', `k = "${key}"`);
    chmodSync(path.join(dir, 'open.ts'), 0o644);
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'files', '--offline', '--format', 'json', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.stderr).toContain('cencori-scan: not scanned: locked.ts: permission denied (EACCES)');
    expect(JSON.parse(result.stdout).findings.map((f: JsonFinding) => f.file)).toEqual(['open.ts']);
    expect(result.stderr).toMatch(/scanned 1 file \(.*1 skipped\).*INCOMPLETE: 1 item could not be scanned/);
    expect(result.status).toBe(1);
  });
});

describe('a very large file', () => {
  it('keeps line numbers and the allow marker right across the pieces it is read in', async () => {
    const dir = tempDir();
    // 100-byte lines: the first 4 MiB piece ends after line 41943, so the marker and the key
    // below sit on either side of that cut.
    const line = (text: string) => `${text.padEnd(99, ' ')}\n`;
    const lines: string[] = [];
    for (let n = 1; n <= 100_000; n++) lines.push(line(`line ${n}`));
    const allowed = makeKey();
    const found = makeKey();
    lines[41942] = line('// cencori-scan:allow');
    lines[41943] = line(`k = "${allowed}"`);
    lines[41945] = line(`k = "${found}"`);
    write(dir, 'big.txt', lines.join(''));
    const result = await scanJson(dir);
    expect(result.findings).toEqual([expect.objectContaining({ line: 41946, column: 6, redacted: masked(found) })]);
  });

  it('finds a key, written or base64-encoded, cut by the boundary of the pieces the byte pass reads', async () => {
    const dir = tempDir();
    // The byte pass reads 4 MiB pieces: each key below straddles the first boundary.
    const piece = 4 * 1024 * 1024;
    const filler = (bytes: number) => `${'x'.repeat(79)}\n`.repeat(Math.ceil(bytes / 80)).slice(0, bytes);
    const written = makeKey();
    const encoded = makeKey('agent');
    const head = (text: string) => filler(piece - 20) + text;
    write(dir, 'written.log', `${head(`k=${written}\n`)}${filler(5 * 1024 * 1024)}`);
    write(dir, 'encoded.log', `${head(`auth: ${Buffer.from(`user:${encoded}`).toString('base64')}\n`)}${filler(5 * 1024 * 1024)}`);
    write(dir, 'clean.log', filler(9 * 1024 * 1024));
    write(dir, 'binary.log', Buffer.concat([Buffer.from([0]), Buffer.from(filler(9 * 1024 * 1024))]));
    const result = await scanJson(dir, '--verbose');
    expect(result.findings.map((f) => [f.file, f.redacted])).toEqual([
      ['encoded.log', masked(encoded)],
      ['written.log', masked(written)],
    ]);
    expect(result.findings[1]).toMatchObject({ line: Math.ceil((piece - 20) / 80), column: ((piece - 20) % 80) + 3 });
    expect(result.stderr).toContain('skipped binary.log: binary');
    // The three text files whole, the binary one up to its first piece (where it was told binary).
    expect(result.stderr).toMatch(/scanned 3 files \(31\.0 MB, 1 skipped\)/);
  });

  it('is streamed: a key near the end of 40 MB is found at its line, in bounded memory', () => {
    const dir = tempDir();
    const key = makeKey();
    const file = path.join(dir, 'big.log');
    const fd = openSync(file, 'w');
    const line = `${'2025-01-01T00:00:00Z INFO request handled in 12 ms é '.padEnd(99, '.')}\n`;
    const block = line.repeat(10_000);
    for (let i = 0; i < 40; i++) writeSync(fd, block);
    writeSync(fd, `tail line\r\n  cencori key ${key}`); // no trailing newline
    closeSync(fd);
    // 40 MB would not fit in a 32 MB heap as one string (80 MB as UTF-16, for the é): passing proves
    // the file is read in pieces. 24 MB left too thin a margin for the GC under load.
    const result = spawnSync(process.execPath, ['--max-old-space-size=32', CLI, 'files', '--offline', '--format', 'json', 'big.log'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.stderr).toMatch(/scanned 1 file \(38\.\d MB\)/);
    expect(JSON.parse(result.stdout).findings).toEqual([expect.objectContaining({ file: 'big.log', line: 400_002, column: 15, redacted: masked(key) })]);
    expect(result.status).toBe(1);
  });
});
