import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeKey, masked } from '../helpers/keys.js';
import { findingsOf, runBuiltCli, tempFolders } from './helpers.js';

/**
 * Promise: a line is never too long to scan. A line longer than the reader holds whole (16 MB
 * here; the 520 MB line that failed with "Invalid string length" goes the same way) is scanned
 * in overlapping pieces: every key found once, at its line and column, whatever the seams.
 */
const temps = tempFolders('cencori-trust-long-');
afterEach(() => temps.cleanup());

const MB = 1024 * 1024;

describe('cencori-scan files on a single line longer than the reader holds whole', () => {
  it('finds keys at its start, across every 4 MB read seam and at its end, once each', { timeout: 120_000 }, () => {
    const dir = temps.make();
    const file = path.join(dir, 'dump.min.js');
    const keys: Array<{ key: string; column: number }> = [];
    const fd = openSync(file, 'w');
    let written = 0;
    const put = (text: string) => {
      writeSync(fd, text);
      written += text.length;
    };
    const key = (k: string) => {
      keys.push({ key: k, column: written + 1 });
      put(k);
    };
    put('var a="');
    key(makeKey());
    put('";');
    const filler = 'abcdefgh;'.repeat(1024);
    // Keys straddling each 4 MB boundary the reader cuts at (20 bytes before it), for 24 MB.
    for (let seam = 4 * MB; seam <= 24 * MB; seam += 4 * MB) {
      while (written + filler.length < seam - 20) put(filler);
      put(' '.repeat(seam - 20 - written));
      key(makeKey('secret-test'));
      put(' ');
    }
    put('x=');
    key(makeKey('agent'));
    put(';\n');
    closeSync(fd);

    const ran = runBuiltCli(['files', '--format', 'json', 'dump.min.js'], dir);
    expect(ran.stderr).not.toContain('Invalid string length');
    expect(ran.status).toBe(1);
    expect(findingsOf(ran).map((f) => [f.line, f.column, f.redacted])).toEqual(keys.map((k) => [1, k.column, masked(k.key)]));
  });

  it('finds the key in the first 40 bytes of a 540 MB line (past the longest string V8 can hold)', { timeout: 300_000 }, () => {
    const dir = temps.make();
    const key = makeKey();
    const fd = openSync(path.join(dir, 'huge.txt'), 'w');
    writeSync(fd, `token = "${key}"; `);
    const block = Buffer.alloc(4 * MB, 'lorem ipsum ');
    for (let i = 0; i < 135; i++) writeSync(fd, block);
    closeSync(fd);
    const ran = runBuiltCli(['files', '--format', 'json', 'huge.txt'], dir);
    expect(ran.stderr).not.toContain('Invalid string length');
    expect(findingsOf(ran).map((f) => [f.line, f.column, f.redacted])).toEqual([[1, 10, masked(key)]]);
    expect(ran.status).toBe(1);
  });
});
