import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';
import { CLI, findingsOf, scan } from './built-cli.js';

// Promise (issue 12 §2): `cencori-scan files -` scans standard input, reported at --stdin-label
// (default <stdin>), for editors and pipes; /dev/stdin named on the command line is read, not
// skipped as a symlink outside the folder. Named pipes: see fifo.test.ts.
describe('standard input', () => {
  const shell = (script: string, cwd: string) =>
    spawnSync('sh', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, CLI, NODE: process.execPath, CENCORI_SCAN_OFFLINE: '1' } });

  it('git show REV:PATH | cencori-scan files - --stdin-label PATH: the key at its line, under the label', () => {
    const key = makeKey();
    const dir = tempDir();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    writeFileSync(path.join(dir, 'app.ts'), `// app\nexport const k = "${key}";\n`);
    git('add', 'app.ts');
    git('commit', '-qm', 'key');
    writeFileSync(path.join(dir, 'app.ts'), '// removed\n');
    const ran = shell('git show HEAD:app.ts | "$NODE" "$CLI" files --format json - --stdin-label app.ts', dir);
    expect(findingsOf(ran)).toEqual([expect.objectContaining({ file: 'app.ts', line: 2, column: 19, redacted: masked(key) })]);
    expect(ran.stderr).toMatch(/scanned 1 file/);
    expect(ran.status).toBe(1);
  });

  it('without a label the path is <stdin>; empty input is a complete scan of nothing (exit 0)', () => {
    const key = makeKey();
    const dir = tempDir();
    const found = scan(['files', '--format', 'json', '-'], dir, { input: `x = "${key}"` });
    expect(findingsOf(found)).toEqual([expect.objectContaining({ file: '<stdin>', line: 1, column: 6 })]);
    const empty = scan(['files', '-'], dir, { input: '' });
    expect(empty.stderr).toMatch(/scanned 1 file \(0 B\).*no keys found/);
    expect(empty.status).toBe(0);
  });

  it('"-" beside paths: stdin is scanned where it stands among them', () => {
    const [a, b] = [makeKey(), makeKey()];
    const dir = tempDir({ 'a.ts': `a = "${a}"` });
    const ran = scan(['files', '--format', 'json', '-', 'a.ts'], dir, { input: `b = "${b}"` });
    expect(findingsOf(ran).map((f) => [f.file, f.redacted])).toEqual([
      ['<stdin>', masked(b)],
      ['a.ts', masked(a)],
    ]);
  });

  it('/dev/stdin named on the command line is read, from a pipe or a redirected file', () => {
    const key = makeKey();
    const dir = tempDir();
    const outside = tempDir({ 'k.txt': `k = "${key}"\n` });
    const piped = shell(`printf 'k = "%s"\\n' ${key} | "$NODE" "$CLI" files --format json /dev/stdin`, dir);
    expect(findingsOf(piped)).toEqual([expect.objectContaining({ file: '/dev/stdin', line: 1, column: 6 })]);
    const redirected = shell(`"$NODE" "$CLI" files --format json /dev/stdin < "${path.join(outside, 'k.txt')}"`, dir);
    expect(findingsOf(redirected)).toEqual([expect.objectContaining({ file: '/dev/stdin', redacted: masked(key) })]);
  });

  it('--stdin-label without "-" is a usage error', () => {
    const ran = scan(['files', '--stdin-label', 'x.ts', '.'], tempDir());
    expect(ran.stderr).toContain('--stdin-label needs a non-empty PATH and the path "-"');
    expect(ran.status).toBe(2);
  });
});
