import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';
import { INCOMPLETE, findingsOf, scan, scanInBackground } from './built-cli.js';

// Promise: a FIFO found in a folder never makes the scan wait; it is counted and said (what and
// why) and the scan exits 2. A FIFO named on the command line is read to its end, like a file.
describe('a FIFO (named pipe)', () => {
  it('found in a folder: not read, no wait, listed as not scanned, exit 2', () => {
    const dir = tempDir({ 'a.ts': 'nothing here' });
    execFileSync('mkfifo', [path.join(dir, 'queue')]);
    const started = performance.now();
    const ran = scan(['files', '.'], dir);
    expect(performance.now() - started).toBeLessThan(8000);
    expect(ran.stderr).toContain('not scanned: queue: a named pipe (FIFO) found in a folder: not read');
    expect(ran.stderr).toMatch(/scanned 1 file \(.*1 skipped\)/);
    expect(ran.stderr).toMatch(INCOMPLETE);
    expect(ran.status).toBe(2);
  });

  it('named on the command line: read as a stream, its key found', async () => {
    const key = makeKey();
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'feed')]);
    const running = scanInBackground(['files', '--format', 'json', 'feed'], dir);
    // A real writer process: the scan must wait for it and read to its end.
    spawn('sh', ['-c', `printf 'line one\\nk = "%s"\\n' "$KEY" > feed`], { cwd: dir, env: { ...process.env, KEY: key }, stdio: 'ignore' });
    const ran = await running;
    expect(findingsOf(ran)).toEqual([expect.objectContaining({ file: 'feed', line: 2, column: 6, redacted: masked(key) })]);
    expect(ran.status).toBe(1);
  });
});
