import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishScan } from '../../src/cli/finish-scan.js';
import { progressBar, formatEta } from '../../src/cli/progress.js';
import { resolveScanSettings } from '../../src/cli/scan-options.js';
import { markUnscanned, newStats } from '../../src/scan/model.js';
import { formatDuration, summaryLine } from '../../src/report/index.js';
import { BUILT_CLI, runBuilt } from '../helpers/cli-process.js';
import { makeKey, masked } from '../helpers/keys.js';
import { tempDir } from '../helpers/temp-dir.js';

// Issue 12 §5: one error format, output paths checked before the scan, durations with units,
// near-miss config names said, colour and verbosity flags that do what they say.

const env = { ...process.env, CENCORI_SCAN_OFFLINE: '1', NO_COLOR: '', FORCE_COLOR: '' };
const cli = (args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}) => runBuilt(args, { cwd, env: { ...env, ...extra } });


describe('errors have one format', () => {
  it('usage errors: `cencori-scan: error: …` and the help hint, exit 2', async () => {
    const dir = tempDir({ 'a.ts': 'x' });
    for (const args of [
      ['files', '--frobnicate'],
      ['frobnicate'],
      ['files', '--timeout', '5'],
      ['files', '--quiet', '--verbose'],
      ['history', '--range', 'a..b', '--all'],
      ['files', '--format', 'xml'],
    ]) {
      const result = await cli(args, dir);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr, args.join(' ')).toMatch(/^cencori-scan: error: [^\n]+\nRun "cencori-scan( [a-z]+)? --help" for usage\.\n$/);
    }
  });

  it('runtime errors: one line naming the path and what is wrong in words, never a bare code', async () => {
    const dir = tempDir({ 'a.ts': 'x', 'file.txt': 'x', 'bad.json': '{' });
    for (const args of [
      ['files', 'nope'],
      ['files', '--baseline', 'missing.json'],
      ['files', '--config', 'missing.json'],
      ['files', '--output', '.'],
      ['files', '--output', 'file.txt/report.json'],
      ['files', '--baseline', 'bad.json'],
      ['history'],
    ]) {
      const result = await cli(args, dir);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^cencori-scan: error: [^\n]+\n$/);
      // A code is always beside its meaning: "no such file or folder (ENOENT)", never ": ENOENT".
      expect(result.stderr, args.join(' ')).not.toMatch(/(^|[^(])\bE[A-Z]{3,}\b(?!\))/);
    }
    expect((await cli(['files', '--output', 'file.txt/report.json'], dir)).stderr).toContain('file.txt is a file, not a folder');
  });
});

describe('--output', () => {
  it('-o - writes the report to stdout', async () => {
    const key = makeKey();
    const dir = tempDir({ 'a.ts': `k = "${key}"` });
    const result = await cli(['files', '-o', '-', '-f', 'json'], dir);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).findings[0].redacted).toBe(masked(key));
  });

  it('-o into a path that cannot be created fails at once, before the scan, with one clear line', async () => {
    const dir = tempDir({ 'a.ts': `k = "${makeKey()}"` });
    const result = await runBuilt(['files', '-o', '/proc/nope/x.json'], { cwd: dir, env, timeoutMs: 10_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('cencori-scan: error: cannot write report to /proc/nope/x.json: cannot create folder /proc/nope: this file system does not allow creating it (ENOENT)\n');
    expect(result.stderr).not.toContain('scanned');
    const baseline = await runBuilt(['files', '--write-baseline', '/proc/nope/b.json'], { cwd: dir, env, timeoutMs: 10_000 });
    expect(baseline.stderr).toMatch(/^cencori-scan: error: cannot write baseline to \/proc\/nope\/b\.json: /);
  });

  it('creates missing folders for the report', async () => {
    const dir = tempDir({ 'a.ts': 'x' });
    expect((await cli(['files', '-o', 'out/deep/r.json', '-f', 'json'], dir)).status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'out/deep/r.json'), 'utf8'))).toEqual({ findings: [] });
  });
});

describe('--timeout takes units', () => {
  it.each(['500ms', '5s', '1m'])('accepts %s', async (value) => {
    const dir = tempDir({ 'a.ts': 'x' });
    expect((await cli(['files', '--timeout', value], dir)).status).toBe(0);
  });

  it('a bare number is an error naming the units', async () => {
    const result = await cli(['files', '--timeout', '5000'], tempDir());
    expect(result.stderr.split('\n')[0]).toBe('cencori-scan: error: --timeout needs a unit: ms, s or m (e.g. 5000s or 5000ms), got "5000"');
  });
});

describe('config files with a near-miss name', () => {
  it('are each mentioned in one line, not silently ignored', async () => {
    const dir = tempDir({ 'a.ts': 'x', '.cencoriscanrc': '{}', 'cencori-scan.config.json': '{}', '.cencoriscanrc.yml': 'ignore: []\n' });
    const result = await cli(['files'], dir);
    expect(result.status).toBe(0);
    const notes = result.stderr.split('\n').filter((l) => l.includes('is not read'));
    expect(notes.map((l) => path.basename(l.split(' ')[2]!))).toEqual(['.cencoriscanrc', '.cencoriscanrc.yml', 'cencori-scan.config.json']);
    expect(notes[0]).toBe(`cencori-scan: note: ${path.join(dir, '.cencoriscanrc')} is not read: the config file must be named .cencoriscanrc.json (or use a "cencori-scan" key in package.json, or --config FILE)`);
  });

  it('a correctly named config says nothing', async () => {
    const dir = tempDir({ 'a.ts': 'x', '.cencoriscanrc.json': '{}' });
    expect((await cli(['files'], dir)).stderr).not.toContain('is not read');
  });
});

describe('colour', () => {
  // `script` gives the CLI a real terminal, as a developer's shell does.
  const onTty = (dir: string, extra: string) =>
    spawnSync('script', ['-qec', `${extra} "${process.execPath}" "${BUILT_CLI}" files`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...env, NO_COLOR: undefined, FORCE_COLOR: undefined } });

  it('is on on a TTY, and FORCE_COLOR=0 turns it off there', () => {
    const dir = tempDir({ 'a.ts': `k = "${makeKey()}"` });
    expect(onTty(dir, 'env -u NO_COLOR -u FORCE_COLOR').stdout).toContain('\u001b[31m');
    const off = onTty(dir, 'env -u NO_COLOR FORCE_COLOR=0');
    expect(off.stdout).toContain('a.ts:1:6');
    expect(off.stdout).not.toContain('\u001b[');
  });
});

describe('progress and durations', () => {
  it('the progress bar shows an ETA once a rate is known', async () => {
    const frames: string[] = [];
    const bar = progressBar({ cwd: '.', env: {}, stdoutIsTTY: true, stderrIsTTY: true, progress: (t) => frames.push(t) }, 'commits');
    bar.setTotal(100);
    for (let i = 0; i < 10; i++) bar.tick();
    await new Promise((r) => setTimeout(r, 600));
    bar.tick();
    bar.end();
    const last = frames.filter((f) => f.includes('11/100')).at(-1)!;
    expect(last).toMatch(/11\/100 commits {2}\d+\/s {2}ETA \d+s/);
    expect(formatEta(65)).toBe('1m 05s');
    expect(formatEta(3725)).toBe('1h 02m');
  });

  it('the summary shows seconds for long runs', () => {
    expect(formatDuration(9_999)).toBe('9999 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(summaryLine({ scanned: 1, unit: 'files', bytes: 3, skipped: 0, findings: [], ms: 12_345, warnings: 0 })).toBe('cencori-scan: scanned 1 file (3 B) in 12.3 s: no keys found');
  });
});

describe('--quiet', () => {
  it('prints only findings and errors', async () => {
    const key = makeKey();
    const dir = tempDir({ 'a.ts': `k = "${key}"`, '.cencoriscanrc': '{}' });
    const result = await cli(['files', '--quiet'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`a.ts:1:6  ${masked(key)}  secret key (live)\n`);
    expect(result.stderr).toBe('');
    const clean = await cli(['files', '-q'], tempDir({ 'a.ts': 'x' }));
    expect(clean).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const error = await cli(['files', '-q', 'nope'], dir);
    expect(error.stderr).toMatch(/^cencori-scan: error: /);
  });

  it('still says what could not be scanned (the reason for exit 2)', async () => {
    const dir = tempDir();
    const stats = newStats('files');
    markUnscanned(stats, 'locked.env', 'permission denied');
    const settings = resolveScanSettings({ offline: true, quiet: true }, { cwd: dir, env: {}, stdoutIsTTY: false, stderrIsTTY: false }, { configStart: dir });
    const result = await finishScan([], stats, settings);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'cencori-scan: not scanned: locked.env: permission denied\ncencori-scan: error: the scan is incomplete (exit 2); fix the cause, or pass --allow-incomplete to accept it\n',
    );
  });
});
