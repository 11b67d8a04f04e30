import { execFile } from 'node:child_process';
import { renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run.js';
import { startFakeCencori } from '../../helpers/fake-cencori.js';
import { loadFixture, type FilledFixture } from '../../helpers/fixtures.js';
import { masked } from '../../helpers/keys.js';
import { bundleJson, printed, type JsonFinding } from './run-bundle.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/cli.cjs');
const CLIENT_CHUNK = '.next/static/chunks/2m4tj2-8plrzm.js';
/** What a browser can fetch from .next/server: prerendered pages, RSC payloads, route bodies and headers, SSG data. */
const SERVED_FROM_SERVER = /^\.next\/server\/(app\/.*\.(html|rsc|body|meta)|pages\/.*\.(html|json))$/;

let fixture: FilledFixture;
const key = (label: string) => fixture.keys.get(label)!;
const filesWith = (findings: JsonFinding[], label: string) =>
  findings
    .filter((f) => f.redacted === masked(key(label)))
    .map((f) => f.file)
    .sort();

beforeAll(() => {
  fixture = loadFixture('bundle/next-app');
  renameSync(path.join(fixture.dir, '.next-output'), path.join(fixture.dir, '.next'));
});

afterAll(() => fixture.cleanup());

describe('bundle scan of a real Next.js build (fixture)', () => {
  it('finds .next on its own and says what it scans', async () => {
    const result = await bundleJson(fixture.dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('  .next (Next.js build: static/, prerendered pages and RSC payloads; the rest of server/ is server code)');
  });

  it('traces the NEXT_PUBLIC_ secret in a client chunk back to the component line through the map its comment names', async () => {
    const { findings } = await bundleJson(fixture.dir);
    const inChunk = findings.filter((f) => f.file === CLIENT_CHUNK);
    expect(inChunk).toEqual([
      expect.objectContaining({
        redacted: masked(key('public-env')),
        line: 1,
        blocking: true,
        original: { file: 'app/key-widget.jsx', line: 10, column: expect.any(Number), envVar: 'NEXT_PUBLIC_CENCORI_KEY' },
      }),
    ]);
  });

  it('finds a server secret handed to a client component in the RSC payload, the prerendered HTML, a route body and SSG data', async () => {
    const { findings } = await bundleJson(fixture.dir);
    expect(filesWith(findings, 'server-env')).toEqual([
      '.next/server/app/api/config.body',
      '.next/server/app/index.html',
      '.next/server/app/index.html',
      '.next/server/app/index.rsc',
      '.next/server/app/index.segments/__PAGE__.segment.rsc',
      '.next/server/app/index.segments/_full.segment.rsc',
      '.next/server/pages/legacy.html',
      '.next/server/pages/legacy.html',
      '.next/server/pages/legacy.json',
    ]);
  });

  it('leaves server code alone: nothing under .next/server but pages, payloads and data is scanned', async () => {
    const { findings } = await bundleJson(fixture.dir, ['--verbose']);
    // The fixture's server chunks hold all of these keys; none of those copies may be reported.
    expect(filesWith(findings, 'server-only')).toEqual([]);
    expect(filesWith(findings, 'public-env')).toEqual([CLIENT_CHUNK]);
    for (const f of findings.filter((x) => x.file.startsWith('.next/server/'))) expect(f.file).toMatch(SERVED_FROM_SERVER);
  });

  it('keeps the publishable key quiet unless asked', async () => {
    const quiet = await bundleJson(fixture.dir);
    expect(filesWith(quiet.findings, 'publishable')).toEqual([]);
    expect(quiet.stderr).toContain('1 publishable key not shown');
    const verbose = await bundleJson(fixture.dir, ['--verbose']);
    expect(filesWith(verbose.findings, 'publishable')).toEqual(['.next/server/app/index.html', CLIENT_CHUNK]);
    const inChunk = verbose.findings.find((f) => f.file === CLIENT_CHUNK && f.kind === 'publishable');
    expect(inChunk).toMatchObject({ blocking: false, original: { file: 'app/key-widget.jsx', envVar: 'NEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY' } });
  });

  it('applies the same rules when .next is named on the command line', async () => {
    const implicit = await bundleJson(fixture.dir, ['--verbose']);
    const explicit = await bundleJson(fixture.dir, ['--verbose', '.next']);
    expect(explicit.findings).toEqual(implicit.findings);
  });

  it('verifies each distinct key once against Cencori, and never sends a publishable key it does not report', async () => {
    const fake = await startFakeCencori({ [key('server-env')]: 'live', [key('public-env')]: 'revoked' });
    try {
      const result = await run(['bundle', '--format', 'json'], { cwd: fixture.dir, env: { CENCORI_API_URL: fake.url }, stdoutIsTTY: false, stderrIsTTY: false });
      const findings = (JSON.parse(result.stdout) as { findings: Array<JsonFinding & { verification: string }> }).findings;
      expect(result.exitCode).toBe(1);
      expect(new Set(findings.filter((f) => f.redacted === masked(key('server-env'))).map((f) => f.verification))).toEqual(new Set(['live']));
      expect(findings.find((f) => f.file === CLIENT_CHUNK)).toMatchObject({ verification: 'invalid', blocking: true });
      expect(fake.requestsFor(key('server-env'))).toHaveLength(1);
      expect(fake.requestsFor(key('publishable'))).toHaveLength(0);
      expect(fake.requestsFor(key('server-only'))).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });

  it('exits 1 from the real binary and prints no key', async () => {
    const failure = await promisify(execFile)(process.execPath, [CLI, 'bundle', '--offline'], { cwd: fixture.dir, env: { ...process.env, NO_COLOR: '1' } }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure!.stdout).toContain(`${CLIENT_CHUNK}:1:`);
    expect(failure!.stdout).toContain('from app/key-widget.jsx:10 reading NEXT_PUBLIC_CENCORI_KEY');
    for (const k of fixture.keys.values()) expect(printed({ exitCode: 1, ...failure! })).not.toContain(k);
  });
});
