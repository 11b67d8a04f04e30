import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';
import { findingsOf, scan } from './built-cli.js';

// README promise: a symlink named on the command line is followed only when it resolves inside
// the current folder; a symlinked folder too. One pointing outside is listed as not scanned (the
// user asked for it), exit 2, and nothing outside is read.
describe('a symlinked folder named on the command line', () => {
  it('pointing outside the current folder: not followed, listed, exit 2', () => {
    const outside = tempDir({ 'secret/creds.ts': `k = "${makeKey()}"` });
    const dir = tempDir({ 'a.ts': 'nothing here' });
    symlinkSync(path.join(outside, 'secret'), path.join(dir, 'vendor'));
    const ran = scan(['files', '--format', 'json', 'vendor'], dir);
    expect(findingsOf(ran)).toEqual([]);
    expect(ran.stderr).toContain(`not scanned: vendor: symlink to a folder outside ${dir}: not followed`);
    expect(ran.status).toBe(2);
  });

  it('pointing inside the current folder: followed', () => {
    const key = makeKey();
    const dir = tempDir({ 'lib/src/k.ts': `k = "${key}"` });
    symlinkSync('lib/src', path.join(dir, 'src'));
    const ran = scan(['files', '--format', 'json', 'src'], dir);
    expect(findingsOf(ran)).toEqual([expect.objectContaining({ file: 'src/k.ts', redacted: masked(key) })]);
    expect(ran.status).toBe(1);
  });
});
