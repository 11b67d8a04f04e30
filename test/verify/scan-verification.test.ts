import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { masked, makeKey, publishableKey, secretKey } from '../helpers/keys.js';
import { startFakeCencori, startHitCounter, type FakeCencori } from '../helpers/fake-cencori.js';
import { VERSION } from '../../src/version.js';
import { expectNoKeyIn, findingsOf, makeTree, runCli } from './helpers.js';

let fake: FakeCencori;
const cleanups: Array<() => unknown> = [];

beforeEach(async () => {
  fake = await startFakeCencori();
  cleanups.push(() => fake.close());
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function tree(files: Record<string, string>): string {
  const t = makeTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

const env = () => ({ CENCORI_API_URL: fake.url });

describe('scan commands verify each key against Cencori', () => {
  it('reports live, invalid and unknown keys in JSON, with a reason for unknown', async () => {
    const live = secretKey();
    const revoked = secretKey();
    const down = secretKey();
    fake.set(live, 'live');
    fake.set(revoked, 'revoked');
    fake.set(down, 'unavailable');
    const dir = tree({ 'a.ts': `const a = '${live}';\n`, 'b.ts': `const b = '${revoked}';\n`, 'c.ts': `const c = '${down}';\n` });

    const result = await runCli(['files', '--format', 'json', '.'], { cwd: dir, env: env() });

    expect(result.exitCode).toBe(1);
    const byFile = Object.fromEntries(findingsOf(result.stdout).map((f) => [f.file, f]));
    expect(byFile['a.ts']).toMatchObject({ redacted: masked(live), verification: 'live', blocking: true });
    expect(byFile['b.ts']).toMatchObject({ redacted: masked(revoked), verification: 'invalid', blocking: true });
    expect(byFile['c.ts']).toMatchObject({ verification: 'unknown', verificationReason: 'HTTP 503 from Cencori', blocking: true });
    expect(byFile['a.ts']).not.toHaveProperty('verificationReason');
    expectNoKeyIn(result, [live, revoked, down]);
  });

  it('sends the key in CENCORI_API_KEY to GET /v1/models and names itself honestly', async () => {
    const key = secretKey();
    fake.set(key, 'live');
    const dir = tree({ 'x.js': `k = "${key}"\n` });

    await runCli(['files', dir], { cwd: dir, env: env() });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/models', key });
    expect(request!.headers.cencori_api_key).toBe(key);
    expect(request!.headers.authorization).toBeUndefined();
    expect(request!.headers['user-agent']).toBe(`cencori-scan/${VERSION}`);
    expect(request!.headers['x-cencori-app']).toBe('cencori-scan');
  });

  it('says in text what to do for each status', async () => {
    const live = secretKey();
    const revoked = secretKey();
    const hanging = secretKey();
    fake.set(live, 'live');
    fake.set(revoked, 'revoked');
    fake.set(hanging, 'hang');
    const dir = tree({ 'a.ts': `'${live}'\n`, 'b.ts': `'${revoked}'\n`, 'c.ts': `'${hanging}'\n` });

    const result = await runCli(['files', '--timeout', '300ms'], { cwd: dir, env: env() });

    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`a.ts:1:2  ${masked(live)}`);
    expect(lines[0]).toContain('LIVE: revoke it now (Cencori dashboard → Settings → API), then rotate');
    expect(lines[1]).toContain('invalid or already revoked: still remove it from the code');
    expect(lines[2]).toContain('could not verify (no answer within 300ms): treat it as live');
    expectNoKeyIn(result, [live, revoked, hanging]);
  });

  it('carries the verification into SARIF and GitHub annotations', async () => {
    const live = secretKey();
    fake.set(live, 'live');
    const dir = tree({ 'a.ts': `'${live}'\n` });

    const sarif = await runCli(['files', '-f', 'sarif'], { cwd: dir, env: env() });
    const result = JSON.parse(sarif.stdout).runs[0].results[0];
    expect(result.properties.verification).toBe('live');
    expect(result.message.text).toContain('LIVE: revoke it now');

    const github = await runCli(['files', '-f', 'github'], { cwd: dir, env: env() });
    expect(github.stdout).toMatch(/^::error file=a\.ts,.*LIVE: revoke it now/);
    expectNoKeyIn(sarif, [live]);
    expectNoKeyIn(github, [live]);
  });

  it('sends exactly one request per distinct key, even when a key is in three files', async () => {
    const shared = secretKey();
    const other = secretKey();
    fake.set(shared, 'live');
    const dir = tree({
      'one.ts': `'${shared}'\n`,
      'two.ts': `'${shared}'\n'${other}'\n`,
      'deep/three.env': `CENCORI_API_KEY=${shared}\n`,
    });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });

    const findings = findingsOf(result.stdout);
    expect(findings).toHaveLength(4);
    expect(findings.filter((f) => f.redacted === masked(shared)).map((f) => f.verification)).toEqual(['live', 'live', 'live']);
    expect(fake.requestsFor(shared)).toHaveLength(1);
    expect(fake.requestsFor(other)).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
    const verbose = await runCli(['files', '-v'], { cwd: dir, env: env() });
    expect(verbose.stderr).toMatch(/cencori-scan: asked 127\.0\.0\.1:\d+ about 2 distinct keys in \d+ ms: 1 live, 1 invalid, 0 unknown\n/);
  });

  it('verifies publishable keys too, and a live one stays a warning', async () => {
    const cpk = publishableKey();
    fake.set(cpk, 'live');
    const dir = tree({ 'client.ts': `'${cpk}'\n` });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });

    expect(result.exitCode).toBe(0);
    expect(findingsOf(result.stdout)[0]).toMatchObject({ kind: 'publishable', verification: 'live', blocking: false });
    expect(fake.requestsFor(cpk)).toHaveLength(1);
    const text = await runCli(['files'], { cwd: dir, env: env() });
    expect(text.stdout).toContain('live: safe in browser code only when restricted to your domains');
    expect(text.stdout).not.toContain('LIVE');
  });

  it('verifies every key format, the legacy base58 and agent keys included', async () => {
    const keys = ['secret-test', 'legacy-live', 'legacy-base58', 'agent'].map((id) => makeKey(id));
    for (const k of keys) fake.set(k, 'live');
    const dir = tree({ 'keys.txt': keys.map((k) => `x = ${k}`).join('\n') });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });

    expect(findingsOf(result.stdout).map((f) => f.verification)).toEqual(['live', 'live', 'live', 'live']);
    for (const k of keys) expect(fake.requestsFor(k)).toHaveLength(1);
  });
});

describe('failures are unknown, and unknown never passes', () => {
  it('a connection reset is unknown with the reason', async () => {
    const key = secretKey();
    fake.set(key, 'reset');
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });

    expect(result.exitCode).toBe(1);
    expect(findingsOf(result.stdout)[0]).toMatchObject({ verification: 'unknown', verificationReason: 'connection reset before Cencori answered', blocking: true });
  });

  it('a refused connection is unknown', async () => {
    const key = secretKey();
    const dir = tree({ 'a.ts': `'${key}'\n` });
    const url = fake.url;
    await fake.close();

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: { CENCORI_API_URL: url } });

    expect(findingsOf(result.stdout)[0]).toMatchObject({ verification: 'unknown', verificationReason: 'connection refused', blocking: true });
  });

  it("a 401 without Cencori's invalid_api_key body is unknown, not invalid (the key header never arrived)", async () => {
    const key = secretKey();
    fake.set(key, 'key-stripped');
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });

    expect(findingsOf(result.stdout)[0]).toMatchObject({
      verification: 'unknown',
      verificationReason: "HTTP 401 (missing_api_key) without Cencori's invalid-key answer",
    });
  });

  it('keeps a path in the base URL, and any other status is unknown', async () => {
    const key = secretKey();
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: { CENCORI_API_URL: `${fake.url}/prefix/` } });

    expect(findingsOf(result.stdout)[0]).toMatchObject({ verification: 'unknown', verificationReason: 'HTTP 404 from Cencori' });
    expect(fake.requests.map((r) => r.path)).toEqual(['/prefix/v1/models']);
  });

  it('bounds the whole verification by the timeout against a server that never answers', async () => {
    // Thirteen distinct hanging keys at concurrency 4 would take four timeouts if each waited its own.
    const keys = Array.from({ length: 13 }, () => secretKey());
    for (const k of keys) fake.set(k, 'hang');
    const dir = tree(Object.fromEntries(keys.map((k, i) => [`f${i}.ts`, `'${k}'\n`])));

    const result = await runCli(['files', '-f', 'json', '--timeout', '800ms'], { cwd: dir, env: env() });

    // A correctness bound (one budget plus slack for a loaded 2-core machine), not a speed target.
    expect(result.ms).toBeLessThan(800 + 2000);
    expect(result.ms).toBeGreaterThanOrEqual(750);
    const findings = findingsOf(result.stdout);
    expect(findings).toHaveLength(13);
    expect(findings.every((f) => f.verification === 'unknown' && f.blocking)).toBe(true);
    expect(fake.requests).toHaveLength(4); // the concurrency bound: four in flight, the rest never started
    expect(new Set(findings.map((f) => f.verificationReason))).toEqual(
      new Set(['no answer within 800ms', 'not checked: the 800ms verification budget ran out']),
    );
    expectNoKeyIn(result, keys);
  });

  it('--timeout takes fractions of a unit', async () => {
    const key = secretKey();
    fake.set(key, 'hang');
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json', '--timeout', '0.5s'], { cwd: dir, env: env() });

    expect(findingsOf(result.stdout)[0]!.verificationReason).toBe('no answer within 500ms');
    expect(result.ms).toBeLessThan(500 + 2000);
  });

  it('does not follow redirects: the redirect target is never reached', async () => {
    const counter = await startHitCounter();
    cleanups.push(() => counter.close());
    const key = secretKey();
    fake.set(key, { redirect: `${counter.url}/v1/models` });
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });

    expect(findingsOf(result.stdout)[0]).toMatchObject({ verification: 'unknown', verificationReason: 'HTTP 302 redirect, not followed', blocking: true });
    expect(fake.requestsFor(key)).toHaveLength(1);
    expect(counter.hits()).toBe(0);
  });
});

describe('429 with Retry-After', () => {
  it('waits once when Retry-After fits the budget, then uses the answer', async () => {
    const key = secretKey();
    fake.set(key, { rateLimit: '1', times: 1, then: 'live' });
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json', '--timeout', '5s'], { cwd: dir, env: env() });

    expect(findingsOf(result.stdout)[0]!.verification).toBe('live');
    expect(fake.requestsFor(key)).toHaveLength(2);
    expect(result.ms).toBeGreaterThanOrEqual(950);
  });

  it('is unknown without waiting when Retry-After does not fit the budget', async () => {
    const key = secretKey();
    fake.set(key, { rateLimit: '30', then: 'live' });
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json', '--timeout', '2s'], { cwd: dir, env: env() });

    expect(findingsOf(result.stdout)[0]).toMatchObject({
      verification: 'unknown',
      verificationReason: 'rate limited by Cencori (HTTP 429, Retry-After 30s does not fit the 2s budget)',
    });
    expect(fake.requestsFor(key)).toHaveLength(1);
    expect(result.ms).toBeLessThan(2000);
  });

  it('waits once only: a second 429 is unknown', async () => {
    const key = secretKey();
    fake.set(key, { rateLimit: '0' });
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });

    expect(findingsOf(result.stdout)[0]).toMatchObject({ verification: 'unknown', verificationReason: 'rate limited by Cencori (HTTP 429 twice)' });
    expect(fake.requestsFor(key)).toHaveLength(2);
  });
});

describe('--offline sends nothing', () => {
  it.each([
    ['--offline', ['--offline'], {}],
    ['CENCORI_SCAN_OFFLINE=1', [], { CENCORI_SCAN_OFFLINE: '1' }],
  ])('%s: no request, findings say skipped', async (_name, flags, extraEnv) => {
    const key = secretKey();
    fake.set(key, 'live');
    const dir = tree({ 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json', ...flags], { cwd: dir, env: { ...env(), ...extraEnv } });

    expect(result.exitCode).toBe(1);
    expect(findingsOf(result.stdout)[0]).toMatchObject({ verification: 'skipped', blocking: true });
    expect(fake.requests).toHaveLength(0);
    const text = await runCli(['files', ...flags], { cwd: dir, env: { ...env(), ...extraEnv } });
    expect(text.stdout).not.toMatch(/LIVE|revoke|could not verify/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('a scan that finds no key', () => {
  it('sends nothing', async () => {
    const dir = tree({ 'a.ts': "const k = 'csk_your_api_key_here';\n" });
    const result = await runCli(['files'], { cwd: dir, env: env() });
    expect(result.exitCode).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('fail-closed policy', () => {
  it('an invalid key still blocks by default', async () => {
    const key = secretKey();
    const dir = tree({ 'a.ts': `'${key}'\n` });
    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });
    expect(result.exitCode).toBe(1);
    expect(findingsOf(result.stdout)[0]).toMatchObject({ verification: 'invalid', blocking: true });
  });

  it('allowInvalid lets only invalid keys pass: live and unknown keys still block', async () => {
    const revoked = secretKey();
    const dir = tree({ '.cencoriscanrc.json': '{ "allowInvalid": true }', 'a.ts': `'${revoked}'\n` });

    const onlyInvalid = await runCli(['files', '-f', 'json'], { cwd: dir, env: env() });
    expect(onlyInvalid.exitCode).toBe(0);
    expect(findingsOf(onlyInvalid.stdout)[0]).toMatchObject({ verification: 'invalid', blocking: false });

    const live = secretKey();
    const down = secretKey();
    fake.set(live, 'live');
    fake.set(down, 'unavailable');
    const mixed = tree({ '.cencoriscanrc.json': '{ "allowInvalid": true }', 'a.ts': `'${live}'\n'${down}'\n` });
    const result = await runCli(['files', '-f', 'json'], { cwd: mixed, env: env() });
    expect(result.exitCode).toBe(1);
    expect(findingsOf(result.stdout).map((f) => [f.verification, f.blocking])).toEqual([
      ['live', true],
      ['unknown', true],
    ]);

    const offline = await runCli(['files', '-f', 'json', '--offline'], { cwd: dir, env: env() });
    expect(offline.exitCode).toBe(1);
    expect(findingsOf(offline.stdout)[0]).toMatchObject({ verification: 'skipped', blocking: true });
  });
});

describe('where keys may be sent', () => {
  it('a config file in the scanned repository cannot set the API URL: exit 2, zero requests', async () => {
    const key = secretKey();
    fake.set(key, 'live');
    const dir = tree({ '.cencoriscanrc.json': JSON.stringify({ apiUrl: fake.url }), 'a.ts': `'${key}'\n` });

    const result = await runCli(['files', '-f', 'json'], { cwd: dir, env: {} });

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('"apiUrl" is not allowed in a config file');
    expect(fake.requests).toHaveLength(0);
  });

  it('nor can package.json "cencori-scan"', async () => {
    const key = secretKey();
    const dir = tree({ 'package.json': JSON.stringify({ name: 'x', 'cencori-scan': { apiUrl: fake.url } }), 'a.ts': `'${key}'\n` });
    const result = await runCli(['files'], { cwd: dir, env: {} });
    expect(result.exitCode).toBe(2);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['http://example.com', '--api-url'],
    ['http://10.0.0.1', '--api-url'],
    ['http://127.0.0.1.nip.io', '--api-url'],
    ['ftp://127.0.0.1', '--api-url'],
    ['https://localhost@example.com', '--api-url'],
    ['http://example.com', 'CENCORI_API_URL'],
    ['not a url', 'CENCORI_API_URL'],
  ])('refuses %s from %s before any request, with one line and exit 2', async (url, source) => {
    const key = secretKey();
    const dir = tree({ 'a.ts': `'${key}'\n` });
    const argv = source === '--api-url' ? ['files', '--api-url', url] : ['files'];
    const environment = source === 'CENCORI_API_URL' ? { CENCORI_API_URL: url } : {};

    const result = await runCli(argv, { cwd: dir, env: environment });

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^cencori-scan: error: ${source}`));
    // Refused while reading the options: the scan never ran, so no summary line, and no
    // connection attempt was made (one would need a whole timeout to fail against 10.0.0.1).
    expect(result.stderr).not.toContain('scanned');
    expect(result.ms).toBeLessThan(4000);
    expectNoKeyIn(result, [key]);
  });

  it('accepts http to loopback however it is spelled (http://127.1 is 127.0.0.1)', async () => {
    const key = secretKey();
    fake.set(key, 'live');
    const dir = tree({ 'a.ts': `'${key}'\n` });
    const port = new URL(fake.url).port;

    const result = await runCli(['files', '-f', 'json', '--api-url', `http://127.1:${port}/`], { cwd: dir, env: {} });

    expect(findingsOf(result.stdout)[0]!.verification).toBe('live');
    expect(fake.requestsFor(key)).toHaveLength(1);
  });

  it('--api-url wins over CENCORI_API_URL', async () => {
    const key = secretKey();
    fake.set(key, 'live');
    const dir = tree({ 'a.ts': `'${key}'\n` });
    const result = await runCli(['files', '-f', 'json', '--api-url', fake.url], { cwd: dir, env: { CENCORI_API_URL: 'http://example.com' } });
    expect(result.exitCode).toBe(1);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('--help documents verification', () => {
  it('names the default URL and timeout', async () => {
    const result = await runCli(['files', '--help'], { cwd: process.cwd(), env: {} });
    expect(result.stdout).toContain('default https://api.cencori.com');
    expect(result.stdout).toContain('(default 5s)');
    expect(result.stdout).toContain('CENCORI_SCAN_OFFLINE=1');
  });

  it('rejects a bad --timeout with a usage error', async () => {
    for (const bad of ['fast', '0', '-1s', '10m', '500000']) {
      const result = await runCli(['files', '--timeout', bad], { cwd: process.cwd(), env: {} });
      expect(result.exitCode, bad).toBe(2);
      expect(result.stderr).toContain('--timeout');
    }
  });
});
