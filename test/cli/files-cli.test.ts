import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAIN_HELP } from '../../src/cli/run.js';
import { runCli } from '../helpers/cli.js';
import { expectNoKey, tempDir, treeWithEveryFormat } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli.cjs');
const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

describe('redaction', () => {
  it.each(FORMATS)('%s output and stderr hold masks, never a key', async (format) => {
    const { dir, keys } = treeWithEveryFormat();
    const result = await runCli(['files', '--format', format, '--verbose'], dir);
    expect(result.exitCode).toBe(1);
    expectNoKey(result.stdout, keys);
    expectNoKey(result.stderr, keys);
    for (const key of keys) expect(result.stdout).toContain(masked(key));
  });

  it.each(FORMATS)('%s report written with --output holds no key either', async (format) => {
    const { dir, keys } = treeWithEveryFormat();
    const result = await runCli(['files', '-f', format, '-o', 'reports/out.txt'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const report = readFileSync(path.join(dir, 'reports/out.txt'), 'utf8');
    expectNoKey(report, keys);
    expect(report).toContain(masked(keys[0]!));
  });

  it('error messages that quote input are redacted', async () => {
    const key = makeKey();
    const dir = tempDir({ '.cencoriscanrc.json': `{"ignore": [${key}]}` });
    const badJson = await runCli(['files'], dir);
    expect(badJson.exitCode).toBe(2);
    expectNoKey(badJson.stderr, [key]);
    const badFlag = await runCli(['files', `--${key}`], tempDir());
    expect(badFlag.exitCode).toBe(2);
    expectNoKey(badFlag.stderr, [key]);
    expect(badFlag.stderr).toContain(masked(key));
    const badFormat = await runCli(['files', '--format', key], tempDir());
    expectNoKey(badFormat.stderr, [key]);
  });
});

describe('hostile file names', () => {
  it('a key in a file name is masked in every format', async () => {
    const nameKey = makeKey();
    const dir = tempDir({ [`leak-${nameKey}.ts`]: `k = "${makeKey()}"` });
    for (const format of FORMATS) {
      const result = await runCli(['files', '-f', format, '--verbose'], dir);
      expectNoKey(result.stdout + result.stderr, [nameKey]);
      expect(result.stdout).toContain(`leak-${masked(nameKey)}.ts`);
    }
  });

  it('control characters in a file name are escaped in text output and warnings', async () => {
    const dir = tempDir({ 'evil\u001b[2K\rname.ts': `k = "${makeKey()}"` });
    execFileSync('mkfifo', [path.join(dir, 'pipe\u001b[31m')]);
    const result = await runCli(['files', '.'], dir);
    expect(result.stdout).toMatch(/^evil\\x1b\[2K\\x0dname\.ts:1:6 /);
    expect(result.stderr).toContain('not scanned: pipe\\x1b[31m: a named pipe (FIFO) found in a folder');
    expect(result.stdout + result.stderr).not.toMatch(/[\u001b\r]/);
  });
});

describe('exit codes', () => {
  it('0 with no key, 0 with only publishable keys, 1 with a secret key', async () => {
    expect((await runCli(['files'], tempDir({ 'a.ts': 'no keys' }))).exitCode).toBe(0);
    const publishable = await runCli(['files'], tempDir({ 'a.ts': `k = "${makeKey('publishable-live')}"` }));
    expect(publishable.exitCode).toBe(0);
    expect(publishable.stdout).toMatch(/production publishable key \[warning\]/);
    expect((await runCli(['files'], tempDir({ 'a.ts': `k = "${makeKey('agent')}"` }))).exitCode).toBe(1);
  });

  it('publishable: "block" blocks and "off" hides them (config file or package.json)', async () => {
    const key = makeKey('publishable-test');
    const block = tempDir({ 'a.ts': `k = "${key}"`, '.cencoriscanrc.json': '{"publishable": "block"}' });
    expect((await runCli(['files'], block)).exitCode).toBe(1);
    const off = tempDir({ 'a.ts': `k = "${key}"`, 'package.json': '{"name": "x", "cencori-scan": {"publishable": "off"}}' });
    const result = await runCli(['files', '-f', 'json'], off);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).findings).toEqual([]);
  });

  it('--output leaves the exit code as the findings say, in a real process', () => {
    const withKey = tempDir({ 'a.ts': `k = "${makeKey()}"` });
    const clean = tempDir({ 'a.ts': 'nothing' });
    const spawn = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CENCORI_SCAN_OFFLINE: '1' } });
    const found = spawn(withKey, 'files', '--output', 'report.json', '--format', 'json');
    expect(found.status).toBe(1);
    expect(found.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(withKey, 'report.json'), 'utf8')).findings).toHaveLength(1);
    expect(spawn(clean, '--output', 'r.sarif', '-f', 'sarif').status).toBe(0);
    const unwritable = spawn(withKey, '--output', '.', '-f', 'json');
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toMatch(/^cencori-scan: error: cannot write report to .*: it is a folder, not a file\n$/);
    expect(spawn(clean, '--format', 'xml').status).toBe(2);
    expect(spawn(clean, 'files', '--frobnicate').status).toBe(2);
    expect(spawn(clean, 'missing-folder/').status).toBe(2);
  });

  it('usage errors are one line plus a pointer to --help, exit 2', async () => {
    const dir = tempDir();
    for (const argv of [['--format', 'xml'], ['files', '--frobnicate'], ['frobnicate'], ['files', '--output']]) {
      const result = await runCli(argv, dir);
      expect(result.exitCode, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toHaveLength(3);
      expect(result.stderr).toMatch(/^cencori-scan: error: .*\nRun "cencori-scan (files )?--help" for usage\.\n$/);
    }
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await runCli([flag], tempDir())).toEqual({ exitCode: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }).stdout).toBe(`${pkg.version}\n`);
  });

  it('--help lists every command', async () => {
    const result = await runCli(['--help'], tempDir());
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    for (const name of ['files', 'staged', 'history', 'pre-push', 'bundle', 'verify', 'init']) expect(result.stdout).toMatch(new RegExp(`\\n  ${name} `));
    expect(result.stdout).toBe(`${MAIN_HELP}\n`);
  });

  it('files --help documents every flag', async () => {
    const result = await runCli(['files', '--help'], tempDir());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: cencori-scan files \[PATH\.\.\.\]/);
    for (const flag of ['--format', '--output', '--config', '--no-color', '--verbose', '--offline', '--help']) expect(result.stdout).toContain(flag);
  });

  it.each(['staged', 'history', 'pre-push', 'bundle', 'verify', 'init'])('%s --help answers with its usage', async (name) => {
    const result = await runCli([name, '--help'], tempDir());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: cencori-scan ${name}`));
  });
});

describe('the default command', () => {
  it('`cencori-scan` alone scans the current folder', async () => {
    const dir = tempDir({ 'a.ts': `k = "${makeKey()}"` });
    const result = await runCli([], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^a\.ts:1:6 /);
  });

  it('a path that happens to look like a command name is scanned', async () => {
    const dir = tempDir({ 'src/a.ts': `k = "${makeKey()}"` });
    expect((await runCli(['src'], dir)).exitCode).toBe(1);
  });
});
