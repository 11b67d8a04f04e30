import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';
import { findingsOf, scan } from './built-cli.js';

// README promise: a key stored as a symlink's target is found by `files` as by `staged` (git
// stores the target text as the link's content), at the link's path, line 1.
describe('a key stored as a symlink target', () => {
  it('files and staged report it alike, at the link', () => {
    const key = makeKey();
    const dir = tempDir({ 'a.ts': 'nothing here' });
    symlinkSync(`/etc/cencori/${key}`, path.join(dir, 'token'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    const staged = findingsOf(scan(['staged', '--format', 'json'], dir));
    const files = findingsOf(scan(['files', '--format', 'json', '.'], dir));
    const named = findingsOf(scan(['files', '--format', 'json', 'token'], dir));
    const where = { file: 'token', line: 1, column: 14, redacted: masked(key) };
    expect(staged).toEqual([expect.objectContaining(where)]);
    expect(files).toEqual([expect.objectContaining(where)]);
    expect(named).toEqual([expect.objectContaining(where)]);
  });
});
