import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';
import { CLI, findingsOf } from './built-cli.js';

const scanLong = (cwd: string, file: string) =>
  spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'files', '--offline', '--format', 'json', file], { cwd, encoding: 'utf8', timeout: 120_000 });

// Promise: a single line of any length is scanned (in pieces: a 520 MB line does not fit in one
// string, "Invalid string length" today), with every key found once at its column, in bounded
// memory; a scan that cannot hold a line never passes it over.
describe('a very long single line', () => {
  it('520 MB on one line: the key in its first 40 bytes and one near its end are found, columns exact', () => {
    const [first, last] = [makeKey(), makeKey()];
    const dir = tempDir();
    const file = path.join(dir, 'dump.json');
    const fd = openSync(file, 'w');
    const head = `{"k":"${first}",`;
    writeSync(fd, head);
    const block = Buffer.from('"value-0123456789abcdef",'.repeat(4 * 1024 * 1024 / 25));
    const blocks = 130;
    for (let i = 0; i < blocks; i++) writeSync(fd, block);
    writeSync(fd, `"z":"${last}"}`);
    closeSync(fd);
    const ran = scanLong(dir, 'dump.json');
    expect(ran.stderr).toMatch(/scanned 1 file \(5\d\d\.\d MB\)/);
    expect(findingsOf({ stdout: ran.stdout } as never)).toEqual([
      expect.objectContaining({ line: 1, column: 7, redacted: masked(first) }),
      expect.objectContaining({ line: 1, column: head.length + blocks * block.length + 6, redacted: masked(last) }),
    ]);
    expect(ran.status).toBe(1);
  }, 180_000);

  it('a line of key characters longer than a piece: keys after it keep their columns, none is invented inside it', () => {
    const [before, after] = [makeKey(), makeKey()];
    const dir = tempDir();
    const file = path.join(dir, 'run.txt');
    const fd = openSync(file, 'w');
    writeSync(fd, `x ${before} `);
    // 24 MB of [a-z0-9_] with key-shaped text inside: no boundary before it, so never a key.
    const run = Buffer.from(`aaaa${makeKey()}`.repeat(Math.ceil((24 * 2 ** 20) / 56)));
    writeSync(fd, run);
    writeSync(fd, ` ${after}\nend\n`);
    closeSync(fd);
    const ran = scanLong(dir, 'run.txt');
    expect(findingsOf({ stdout: ran.stdout } as never)).toEqual([
      expect.objectContaining({ line: 1, column: 3, redacted: masked(before) }),
      expect.objectContaining({ line: 1, column: 3 + before.length + 1 + run.length + 1, redacted: masked(after) }),
    ]);
  }, 60_000);
});
