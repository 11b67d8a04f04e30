import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { masked, makeKey, publishableKey, secretKey } from '../helpers/keys.js';
import { startFakeCencori, type FakeCencori } from '../helpers/fake-cencori.js';
import { expectNoKeyIn, runCli } from './helpers.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.cjs');

let fake: FakeCencori;
beforeEach(async () => {
  fake = await startFakeCencori();
});
afterEach(async () => {
  await fake.close();
});

const verify = (stdin: string, flags: string[] = [], env: NodeJS.ProcessEnv = { CENCORI_API_URL: fake.url }) =>
  runCli(['verify', ...flags], { cwd: process.cwd(), env, stdin });

describe('cencori-scan verify', () => {
  it('prints each key masked with its status and exits 1 when one is live', async () => {
    const live = secretKey();
    const revoked = secretKey();
    fake.set(live, 'live');
    fake.set(revoked, 'revoked');

    const result = await verify(`${live}\n${revoked}\n`);

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      `${masked(live)}  production secret key  LIVE: revoke it now (Cencori dashboard → Settings → API), then rotate\n` +
        `${masked(revoked)}  production secret key  invalid or already revoked: still remove it from the code\n`,
    );
    expect(result.stderr).toMatch(/^cencori-scan: verified 2 keys against 127\.0\.0\.1:\d+ in \d+ ms: 1 live, 1 invalid, 0 unknown\n$/);
    expectNoKeyIn(result, [live, revoked]);
  });

  it('exits 0 when no key is live', async () => {
    const revoked = makeKey('legacy-base58');
    const cpk = publishableKey();
    fake.set(cpk, 'revoked');

    const result = await verify(`# keys from the incident\n\n  ${revoked}  \r\n${cpk}\n`);

    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(fake.requests).toHaveLength(2);
    expectNoKeyIn(result, [revoked, cpk]);
  });

  it('exits 2, not 0, when a key could not be verified: no answer is never "not live"', async () => {
    const down = secretKey();
    fake.set(down, 'unavailable');

    const result = await verify(`${down}\n`);

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain(`${masked(down)}  production secret key  could not verify (HTTP 503 from Cencori): treat it as live`);
    expect(result.stderr).toContain('1 key could not be verified');
  });

  it('a live key wins over an unknown one: exit 1', async () => {
    const live = secretKey();
    const down = secretKey();
    fake.set(live, 'live');
    fake.set(down, 'reset');
    const result = await verify(`${down}\n${live}\n`);
    expect(result.exitCode).toBe(1);
  });

  it('asks once per distinct key when a key is repeated', async () => {
    const key = secretKey();
    fake.set(key, 'live');
    const result = await verify(`${key}\n${key}\n${key}\n`);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(fake.requestsFor(key)).toHaveLength(1);
  });

  it('prints JSON with --format json', async () => {
    const key = secretKey();
    const down = secretKey();
    fake.set(key, 'live');
    fake.set(down, 'hang');

    const result = await verify(`${key}\n${down}\n`, ['--format', 'json', '--timeout', '300ms']);

    expect(JSON.parse(result.stdout)).toEqual({
      keys: [
        expect.objectContaining({ line: 1, prefix: 'csk_', kind: 'secret', redacted: masked(key), verification: 'live' }),
        expect.objectContaining({ line: 2, redacted: masked(down), verification: 'unknown', verificationReason: 'no answer within 300ms' }),
      ],
    });
    expectNoKeyIn(result, [key, down]);
  });

  it('names the line that is not a key without echoing it, and sends nothing', async () => {
    const key = secretKey();
    const notAKey = `CENCORI_API_KEY=${secretKey()}`;

    const result = await verify(`${key}\n${notAKey}\n`);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('cencori-scan: error: verify: stdin line 2 is not a Cencori key (expected one whole key a line; the line is not shown, it may hold a secret)\n');
    expect(result.stdout).toBe('');
    expect(fake.requests).toHaveLength(0);
    expectNoKeyIn(result, [key, notAKey]);
  });

  it('is an error when stdin holds no key', async () => {
    const result = await verify('\n# nothing\n');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('no keys on stdin');
  });

  it('refuses a key on the command line without printing it', async () => {
    const key = secretKey();
    for (const argv of [[key], [`--key=${key}`], ['--api-url', key]]) {
      const result = await verify('', argv);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('keys are read from stdin, never from the command line');
      expectNoKeyIn(result, [key]);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['--offline', ['--offline'], {}],
    ['CENCORI_SCAN_OFFLINE=1', [], { CENCORI_SCAN_OFFLINE: '1' }],
  ])('%s is a usage error: verify only works online', async (_name, flags, extraEnv) => {
    const key = secretKey();
    fake.set(key, 'live');
    const result = await verify(`${key}\n`, flags, { CENCORI_API_URL: fake.url, ...extraEnv });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('verify only works online');
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a non-https, non-loopback URL before reading any key', async () => {
    const key = secretKey();
    const result = await verify(`${key}\n`, ['--api-url', 'http://example.com']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'cencori-scan: error: --api-url http://example.com refused: keys are sent only over https, or over http to this machine (127.0.0.1, ::1, localhost)\n',
    );
  });

  it('documents the default URL and timeout in --help', async () => {
    const result = await verify('', ['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('default https://api.cencori.com');
    expect(result.stdout).toContain('(default 5s)');
  });
});

describe('the real process', () => {
  it('dist/cli.cjs verify reads stdin, exits 1 for a live key and does not linger after a hanging request', async () => {
    const live = secretKey();
    const hanging = secretKey();
    fake.set(live, 'live');
    fake.set(hanging, 'hang');
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'verify', '--timeout', '1s'], {
      env: { PATH: process.env.PATH, CENCORI_API_URL: fake.url },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end(`${live}\n${hanging}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const ms = performance.now() - started;

    expect(code).toBe(1);
    expect(stdout).toContain(`${masked(live)}  production secret key  LIVE: revoke it now`);
    expect(stdout).toContain(`${masked(hanging)}  production secret key  could not verify (no answer within 1s)`);
    // Node start-up plus one budget; a lingering keep-alive socket or timer would add seconds.
    expect(ms).toBeLessThan(1000 + 4000);
    expectNoKeyIn({ stdout, stderr }, [live, hanging]);
  });
});
