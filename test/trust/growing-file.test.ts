import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';
import { findingsOf, scanInBackground } from './built-cli.js';

// Promise: a file that grows while it is read (a log being written) is read to the size it had
// when opened: the scan ends, and says that what was appended meanwhile was not scanned (exit 2).
describe('a file that grows while it is read', () => {
  it('an 8 MB+ log appended to every 2 ms: read to its size at open, the growth said', async () => {
    const key = makeKey();
    const dir = tempDir();
    const log = path.join(dir, 'app.log');
    const line = `${'2026-12-01T00:00:00Z INFO request handled'.padEnd(99, '.')}\n`;
    writeFileSync(log, `k = "${key}"\n${line.repeat(90_000)}`);
    // A real writer process appending 1 MB every 2 ms until the scan is over (at most 1 GB).
    const writerScript = `const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'a'); const b = Buffer.from(${JSON.stringify(line)}.repeat(10000)); let n = 0; const t = setInterval(() => { fs.writeSync(fd, b); if (++n > 1000) clearInterval(t); }, 2);`;
    const writer = spawn(process.execPath, ['-e', writerScript, log], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ran = await scanInBackground(['files', '--format', 'json', 'app.log'], dir);
      expect(ran.stderr).toMatch(/not scanned: app\.log: grew while it was read: its first \d+ bytes \(its size when opened\) were scanned, \d+ more were not/);
      expect(findingsOf(ran)).toEqual([expect.objectContaining({ file: 'app.log', line: 1, redacted: masked(key) })]);
      expect(ran.status).toBe(1);
    } finally {
      writer.kill('SIGKILL');
    }
  }, 30_000);
});
