import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { INCOMPLETE, scan } from './built-cli.js';

// Promise: a broken symlink named on the command line is not a silent pass and not a crash: it
// is listed as not scanned with its missing target, exit 2. A broken symlink found in a folder
// hides nothing (there is no target to read; its own text is scanned like any symlink's).
describe('a broken symlink', () => {
  it('named on the command line: listed as not scanned with its target, exit 2', () => {
    const dir = tempDir({ 'a.ts': 'nothing here' });
    symlinkSync('config/missing.env', path.join(dir, 'app.env'));
    const ran = scan(['files', 'a.ts', 'app.env'], dir);
    expect(ran.stderr).toContain('not scanned: app.env: broken symlink: its target config/missing.env does not exist');
    expect(ran.stderr).toMatch(INCOMPLETE);
    expect(ran.status).toBe(2);
  });

  it('a symlink loop named on the command line: listed, exit 2', () => {
    const dir = tempDir();
    symlinkSync('b', path.join(dir, 'a'));
    symlinkSync('a', path.join(dir, 'b'));
    const ran = scan(['files', 'a'], dir);
    expect(ran.stderr).toContain('not scanned: a: symlink could not be followed: too many levels of symlinks (ELOOP)');
    expect(ran.status).toBe(2);
  });

  it('found in a folder: no gap, the scan is complete (exit 0)', () => {
    const dir = tempDir({ 'a.ts': 'nothing here' });
    symlinkSync('gone.ts', path.join(dir, 'link.ts'));
    const ran = scan(['files', '--verbose', '.'], dir);
    expect(ran.stderr).toContain('skipped link.ts: symlink (not followed; its target path is scanned as text)');
    expect(ran.stderr).not.toContain('not scanned');
    expect(ran.status).toBe(0);
  });
});
