import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FORMATS } from '../../src/keys/index.js';
import { MAIN_HELP } from '../../src/cli/run.js';
import { runCli } from '../helpers/cli.js';
import { makeKey, masked } from '../helpers/keys.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const require = createRequire(import.meta.url);
// CommonJS packages whose typings declare an ES default export: take module.exports as it is.
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cencori-cli-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** A tree with one key of every format; returns the keys so tests can look for them in output. */
function treeWithEveryFormat(): { dir: string; keys: string[] } {
  const keys = KEY_FORMATS.map((f) => makeKey(f.id));
  const dir = tempDir({
    'src/app.ts': keys.map((k, i) => `export const k${i} = '${k}';`).join('\n'),
    '.env': `CENCORI_API_KEY=${keys[0]}\n`,
  });
  return { dir, keys };
}

function expectNoKey(text: string, keys: string[]): void {
  for (const key of keys) expect(text).not.toContain(key);
}

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
    const result = await runCli(['files', '.', 'pipe\u001b[31m'], dir);
    expect(result.stdout).toMatch(/^evil\\x1b\[2K\\x0dname\.ts:1:6 /);
    expect(result.stderr).toContain('skipped pipe\\x1b[31m: not a regular file');
    expect(result.stdout + result.stderr).not.toMatch(/[\u001b\r]/);
  });
});

describe('exit codes', () => {
  it('0 with no key, 0 with only publishable keys, 1 with a secret key', async () => {
    expect((await runCli(['files'], tempDir({ 'a.ts': 'no keys' }))).exitCode).toBe(0);
    const publishable = await runCli(['files'], tempDir({ 'a.ts': `k = "${makeKey('publishable-live')}"` }));
    expect(publishable.exitCode).toBe(0);
    expect(publishable.stdout).toMatch(/publishable key \(live\) \[warning\]/);
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
    expect(unwritable.stderr).toMatch(/^cencori-scan: error: cannot write report to .*: EISDIR\n$/);
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
      expect(result.stderr).toMatch(/\nRun "cencori-scan --help" for usage\.\n$/);
    }
  });
});

describe('invalid config: exit 2, one precise line naming the file', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['bad JSON', { '.cencoriscanrc.json': '{"ignore": [}' }, /invalid config .*\.cencoriscanrc\.json: not valid JSON/],
    ['unknown option', { '.cencoriscanrc.json': '{"ignored": []}' }, /invalid config .*\.cencoriscanrc\.json: unknown option "ignored" \(known: ignore, publishable, allowInvalid\)/],
    ['wrong type', { '.cencoriscanrc.json': '{"publishable": true}' }, /invalid config .*\.cencoriscanrc\.json: "publishable" must be one of "warn", "block", "off", got true/],
    ['not an object', { '.cencoriscanrc.json': '[]' }, /invalid config .*\.cencoriscanrc\.json: expected a JSON object/],
    ['apiUrl in a file', { '.cencoriscanrc.json': '{"apiUrl": "https://evil.example"}' }, /"apiUrl" is not allowed in a config file/],
    ['package.json key', { 'package.json': '{"cencori-scan": {"ignore": "dist"}}' }, /invalid config .*package\.json \("cencori-scan"\): "ignore" must be an array of non-empty strings/],
  ];
  it.each(cases)('%s', async (_name, files, message) => {
    const result = await runCli(['files'], tempDir({ 'a.ts': 'x', ...files }));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cencori-scan: error: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
  });

  it('--config names a file that does not exist', async () => {
    const result = await runCli(['files', '--config', 'nope.json'], tempDir());
    expect(result).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^cencori-scan: error: cannot read config .*nope\.json: ENOENT\n$/) });
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

describe('output formats', () => {
  it('text: path:line:col  mask  description; colour only when asked and never with NO_COLOR', async () => {
    const key = makeKey('secret-test');
    const dir = tempDir({ 'src/a.ts': `\n  const k = "${key}";` });
    const plain = await runCli(['files'], dir);
    expect(plain.stdout).toBe(`src/a.ts:2:14  ${masked(key)}  secret key (test)\n`);
    expect((await runCli(['files'], dir, { FORCE_COLOR: '1' })).stdout).toContain('\u001b[31m');
    expect((await runCli(['files'], dir, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect((await runCli(['files', '--no-color'], dir, { FORCE_COLOR: '1' })).stdout).not.toContain('\u001b[');
    expect(plain.stderr).toMatch(/^cencori-scan: scanned 1 file \(\d+ B\) in \d+ ms: 1 finding \(1 blocking, 0 not blocking\)\n$/);
  });

  it('json: the documented field names and values', async () => {
    const key = makeKey('secret-live');
    const dir = tempDir({ 'a.ts': `k = "${key}"` });
    const report = JSON.parse((await runCli(['files', '-f', 'json'], dir)).stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({
        file: 'a.ts',
        line: 1,
        column: 6,
        commit: null,
        prefix: 'csk_',
        kind: 'secret',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        redacted: masked(key),
        verification: 'skipped',
        blocking: true,
      }),
    ]);
  });

  it('github: workflow commands, error for blocking keys and warning for the others', async () => {
    const secret = makeKey();
    const publishable = makeKey('publishable-live');
    const dir = tempDir({ 'dir, with: comma.ts': `a = "${secret}"\nb = "${publishable}"` });
    const out = (await runCli(['files', '-f', 'github'], dir)).stdout.trimEnd().split('\n');
    expect(out).toEqual([
      `::error file=dir%2C with%3A comma.ts,line=1,col=6,title=Cencori secret key (live)::${masked(secret)} is a Cencori secret key (live)`,
      `::warning file=dir%2C with%3A comma.ts,line=2,col=6,title=Cencori publishable key (live)::${masked(publishable)} is a Cencori publishable key (live)`,
    ]);
  });

  it('sarif: valid against the SARIF 2.1.0 schema, with what GitHub code scanning needs', async () => {
    const { dir, keys } = treeWithEveryFormat();
    const text = (await runCli(['files', '-f', 'sarif'], dir)).stdout;
    const log = JSON.parse(text);
    // The OASIS SARIF 2.1.0 (rtm.5) schema as shipped by Microsoft's @microsoft/jest-sarif.
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // unicodeRegExp off: the schema's `language` pattern is not valid under the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);

    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(run.results).toHaveLength(keys.length + 1);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(result.partialFingerprints['cencoriKeySha256/v1']).toMatch(/^[0-9a-f]{64}$/);
      const location = result.locations[0].physicalLocation;
      expect(location.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location.region.snippet).toBeUndefined();
    }
    expectNoKey(text, keys);
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
