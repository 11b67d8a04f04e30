import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeKey, masked } from '../helpers/keys.js';
import { INCOMPLETE, canDropPrivileges, findingsOf, gitAsNobody, scanAsNobody, treeForNobody } from './built-cli.js';

// Promise: an unreadable file or folder, named or discovered, in a git repository or not, is
// said (what and why) and the scan exits 2 even when no key was found.
describe.runIf(canDropPrivileges)('an unreadable file or folder', () => {
  const lockedTree = (git: boolean) => {
    const dir = treeForNobody({ 'open.ts': 'no key here', 'locked.ts': `k = "${makeKey()}"`, 'secrets/inside.env': `K=${makeKey()}` });
    if (git) {
      gitAsNobody(dir, 'init', '-q');
      gitAsNobody(dir, 'add', 'open.ts', 'locked.ts');
      gitAsNobody(dir, 'commit', '-qm', 'init');
    }
    chmodSync(path.join(dir, 'locked.ts'), 0o000);
    chmodSync(path.join(dir, 'secrets'), 0o000);
    return dir;
  };

  it.each([
    ['outside a git repository (the walk)', false],
    ['inside a git repository (git ls-files: tracked file, untracked folder git cannot open)', true],
  ])('discovered %s: both are listed as not scanned, exit 2', (_label, git) => {
    const dir = lockedTree(git);
    const ran = scanAsNobody(['files', '--format', 'json', '.'], dir);
    expect(ran.stderr).toContain('not scanned: locked.ts: permission denied (EACCES)');
    // git only warns about a folder it cannot open and exits 0: its warning is read, not lost.
    expect(ran.stderr).toContain(git ? 'not scanned: secrets/: folder git could not list: Permission denied' : 'not scanned: secrets/: folder could not be listed: permission denied (EACCES)');
    expect(ran.stderr).toMatch(INCOMPLETE);
    expect(findingsOf(ran)).toEqual([]);
    expect(ran.status).toBe(2);
  });

  it('named on the command line: the file and the folder are listed, exit 2', () => {
    const dir = lockedTree(false);
    const ran = scanAsNobody(['files', 'locked.ts', 'secrets'], dir);
    expect(ran.stderr).toContain('not scanned: locked.ts: permission denied (EACCES)');
    expect(ran.stderr).toContain('not scanned: secrets/: folder could not be listed: permission denied (EACCES)');
    expect(ran.status).toBe(2);
  });

  it('a key found elsewhere still exits 1; --allow-incomplete exits by the findings alone', () => {
    const key = makeKey();
    const dir = lockedTree(false);
    const withKey = treeForNobody({ 'found.ts': `k = "${key}"` });
    const both = scanAsNobody(['files', '--format', 'json', '.', withKey], dir);
    expect(findingsOf(both)).toEqual([expect.objectContaining({ redacted: masked(key) })]);
    expect(both.status).toBe(1);
    const accepted = scanAsNobody(['files', '--allow-incomplete', '.'], dir);
    expect(accepted.stderr).toContain('not scanned: locked.ts');
    expect(accepted.status).toBe(0);
  });
});
