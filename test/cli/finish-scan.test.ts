import { describe, expect, it } from 'vitest';
import { finishScan } from '../../src/cli/finish-scan.js';
import { resolveScanSettings } from '../../src/cli/scan-options.js';
import { detectKeys } from '../../src/keys/index.js';
import { markUnscanned, newStats, type Detection } from '../../src/scan/model.js';
import { tempDir } from '../helpers/temp-dir.js';
import { publishableKey, secretKey } from '../helpers/keys.js';

// The tail's fail-closed promise: content in scope that was not scanned never ends in
// "no keys found" with exit 0.
describe('the scan tail fails closed', () => {
  const settings = (flags: Record<string, boolean> = {}) => {
    const dir = tempDir();
    return resolveScanSettings({ offline: true, ...flags }, { cwd: dir, env: {}, stdoutIsTTY: false, stderrIsTTY: false }, { configStart: dir });
  };
  const detectionsOf = (text: string): Detection[] => detectKeys(text).map((hit) => ({ file: 'a.ts', hit, commit: null }));

  it('exits 2 and says INCOMPLETE when nothing was found but something could not be scanned', async () => {
    const stats = newStats('files');
    markUnscanned(stats, 'secrets/locked.env', 'permission denied');
    const result = await finishScan([], stats, settings());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('not scanned: secrets/locked.env: permission denied');
    expect(result.stderr).toMatch(/INCOMPLETE: no keys found in what was read, but 1 item could not be scanned/);
    expect(result.stderr).not.toMatch(/: no keys found\n/);
  });

  it('a blocking key still exits 1 when the scan is also incomplete', async () => {
    const stats = newStats('files');
    markUnscanned(stats, 'b.ts', 'read error');
    const result = await finishScan(detectionsOf(`k = "${secretKey()}"`), stats, settings());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/INCOMPLETE: 1 item could not be scanned/);
  });

  it('a non-blocking finding in an incomplete scan exits 2, not 0', async () => {
    const stats = newStats('files');
    markUnscanned(stats, 'b.ts', 'read error');
    const result = await finishScan(detectionsOf(`k = "${publishableKey()}"`), stats, settings());
    expect(result.exitCode).toBe(2);
  });

  it('--allow-incomplete accepts the gap: exit by findings alone, the gap still listed', async () => {
    const stats = newStats('files');
    markUnscanned(stats, 'c.ts', 'too long a path');
    const result = await finishScan([], stats, settings({ 'allow-incomplete': true }));
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('not scanned: c.ts: too long a path');
  });

  it('a complete scan with nothing found exits 0 and says no keys found', async () => {
    const result = await finishScan([], newStats('files'), settings());
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/: no keys found\n$/);
  });
});
