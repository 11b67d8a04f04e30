import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, runBuilt } from '../helpers/cli-process.js';
import { startFakeCencori, type FakeCencori } from '../helpers/fake-cencori.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { makeKey, masked, secretKey } from '../helpers/keys.js';

// Issue 12 §3: when a scan blocks it says where the key is, whether it is live, and what to do
// next, in order; summaries count what happened to every key found.

let repo: TempRepo | undefined;
let fake: FakeCencori;
beforeAll(async () => {
  fake = await startFakeCencori();
});
afterAll(() => fake.close());
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const online = (r: TempRepo) => ({ ...r.env, CENCORI_API_URL: fake.url, CENCORI_SCAN_OFFLINE: '' });
const offline = (r: TempRepo) => ({ ...r.env, CENCORI_SCAN_OFFLINE: '1' });
const summaryOf = (stderr: string) => stderr.trim().split('\n').at(-1)!;

describe('a blocked commit says what to do next', () => {
  it('a real git commit through a pre-commit hook: where, LIVE, then remove → revoke → allow or baseline, never --no-verify', async () => {
    repo = createRepo();
    repo.commitFiles('init', { 'README.md': 'hi\n' });
    const key = secretKey();
    fake.set(key, 'live');
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${BUILT_CLI}" staged\n`);
    chmodSync(hook, 0o755);
    repo.write('src/app.ts', `// config\nexport const key = '${key}';\n`);
    repo.git('add', '-A');
    const commit = await promisify(execFile)('git', ['commit', '-m', 'add key'], { cwd: repo.dir, env: online(repo) }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect((commit as { code?: number }).code).toBe(1);
    const out = commit.stderr;
    const mask = masked(key);
    const order = [
      `cencori-scan: blocked by a key: src/app.ts:2 (${mask}, LIVE)`,
      'cencori-scan: what to do, in order:',
      '  1. remove the key from the change: take it out of the file',
      `  2. a key is LIVE: revoke now in the Cencori dashboard (project Settings > API, where a key shows as its prefix and first four characters: ${mask.replace(/\.\.\.$/, '')})`,
      '  3. a false positive (a test fixture, a documented example): put cencori-scan:allow on its line or the line before, or record it in a baseline: cencori-scan staged --write-baseline .cencori-baseline.json',
    ];
    let at = -1;
    for (const part of order) {
      const next = out.indexOf(part);
      expect(next, part).toBeGreaterThan(at);
      at = next;
    }
    expect(out).not.toContain('--no-verify');
    expect(out).not.toContain(key);
    expect(repo.tryGit('rev-list', '--count', 'HEAD').stdout.trim()).toBe('1');
  });

  it('an unverified key (offline) is told to be revoked if it was ever pushed or may be live', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.write('a.ts', `k = '${key}'\n`);
    const result = await runBuilt(['files'], { cwd: repo.dir, env: offline(repo) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  1. remove the key from the file');
    expect(result.stderr).toContain('  2. if it was ever pushed, or may be live (not verified): revoke it in the Cencori dashboard (project Settings > API');
    expect(result.stderr).not.toContain('--no-verify');
  });

  it('a key Cencori calls invalid is not sent to be revoked again', async () => {
    repo = createRepo();
    const key = secretKey();
    fake.set(key, 'revoked');
    repo.write('a.ts', `k = '${key}'\n`);
    const result = await runBuilt(['files'], { cwd: repo.dir, env: online(repo) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  2. Cencori says the key is invalid or already revoked: nothing to revoke');
  });

  it('thirty keys: the revoke step names the live ones first and ten prefixes in all, the findings list every key', async () => {
    repo = createRepo();
    const prefix = (key: string) => masked(key).replace(/\.\.\.$/, '');
    // Thirty different prefixes: the step names each prefix once, and two random keys share their
    // first four characters about once in 150 runs (which made this test fail now and then).
    const keys: string[] = [];
    while (keys.length < 30) {
      const key = secretKey();
      if (!keys.some((other) => prefix(other) === prefix(key))) keys.push(key);
    }
    const live = keys.slice(-2);
    for (const key of live) fake.set(key, 'live');
    repo.write('a.ts', keys.map((k, i) => `export const k${i} = '${k}';\n`).join(''));
    const result = await runBuilt(['files', '-f', 'json'], { cwd: repo.dir, env: online(repo) });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).findings).toHaveLength(30);
    const step = result.stderr.split('\n').find((l) => l.startsWith('  2. '))!;
    const named = step.match(/first four characters: (.*)\), then/)![1]!.split(', ');
    expect(named.slice(0, 2)).toEqual(live.map(prefix));
    expect(named).toHaveLength(11);
    expect(named.at(-1)).toBe('and 20 more (each listed with its finding)');
  });

  it('two keys that look alike in the dashboard (same prefix and first four characters): the revoke step names that mask once, the findings list both', async () => {
    repo = createRepo();
    const first = secretKey();
    // The same dashboard mask, the rest of the body fresh random hex (never a repeated pattern).
    const second = `${first.slice(0, 'csk_'.length + 4)}${secretKey().slice('csk_'.length + 4)}`;
    repo.write('a.ts', `export const a = '${first}';\nexport const b = '${second}';\n`);
    const result = await runBuilt(['files', '-f', 'json'], { cwd: repo.dir, env: offline(repo) });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { line: number }) => f.line)).toEqual([1, 2]);
    const step = result.stderr.split('\n').find((l) => l.startsWith('  2. '))!;
    const named = step.match(/first four characters: (.*)\), then/)![1]!.split(', ');
    expect(named).toEqual([masked(first).replace(/\.\.\.$/, '')]);
  });

  it('a scan that does not block prints no next steps', async () => {
    repo = createRepo();
    repo.write('a.ts', `k = '${makeKey('publishable-live')}'\n`);
    const result = await runBuilt(['files'], { cwd: repo.dir, env: offline(repo) });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('what to do');
  });
});

describe('summaries count what happened to every key', () => {
  it('counts distinct keys live / invalid / unknown, as verify does', async () => {
    repo = createRepo();
    const [live, revoked, down] = [secretKey(), secretKey(), secretKey()];
    fake.set(live, 'live');
    fake.set(revoked, 'revoked');
    fake.set(down, 'unavailable');
    repo.write('a.ts', `a = '${live}'\nb = '${revoked}'\nc = '${down}'\n`);
    repo.write('b.ts', `again = '${live}'\n`);
    const result = await runBuilt(['files'], { cwd: repo.dir, env: online(repo) });
    expect(result.status).toBe(1);
    expect(summaryOf(result.stderr)).toMatch(/: 4 findings \(4 blocking, 0 not blocking; distinct keys: 1 live, 1 invalid, 1 unknown\)$/);
  });

  it('a key allowed by marker is counted, never "no keys found"; --verbose lists it', async () => {
    repo = createRepo();
    const key = secretKey();
    repo.write('a.ts', `k = '${key}' // cencori-scan:allow revoked demo key\n`);
    const plain = await runBuilt(['files'], { cwd: repo.dir, env: offline(repo) });
    expect(plain.status).toBe(0);
    expect(summaryOf(plain.stderr)).toMatch(/: no keys reported \(1 allowed by marker\)$/);
    expect(plain.stderr).not.toContain('no keys found');
    const verbose = await runBuilt(['files', '--verbose'], { cwd: repo.dir, env: offline(repo) });
    expect(verbose.stderr).toContain(`cencori-scan: allowed by marker: a.ts:1:6 ${masked(key)}\n`);
    expect(verbose.stderr).not.toContain('no keys found');
  });

  it('findings in the baseline are counted beside the ones reported and the allowed ones', async () => {
    repo = createRepo();
    const [old, fresh, allowed] = [secretKey(), secretKey(), secretKey()];
    repo.write('old.ts', `k = '${old}'\n`);
    expect((await runBuilt(['files', '--write-baseline', 'base.json'], { cwd: repo.dir, env: offline(repo) })).status).toBe(0);
    repo.write('new.ts', `k = '${fresh}'\n// cencori-scan:allow\nk2 = '${allowed}'\n`);
    const result = await runBuilt(['files', '--baseline', 'base.json'], { cwd: repo.dir, env: offline(repo) });
    expect(result.status).toBe(1);
    expect(summaryOf(result.stderr)).toMatch(/: 1 finding \(1 blocking, 0 not blocking\); also 1 allowed by marker, 1 in baseline$/);
    expect(result.stdout).toContain(masked(fresh));
    expect(result.stdout).not.toContain(masked(old));
  });

  it('--write-baseline exits 0 once it wrote the baseline, so && chains go on', async () => {
    repo = createRepo();
    repo.write('a.ts', `k = '${secretKey()}'\n`);
    const chain = await promisify(execFile)('sh', ['-c', `"${process.execPath}" "${BUILT_CLI}" files --write-baseline .cencori-baseline.json && echo chained`], {
      cwd: repo.dir,
      env: offline(repo),
    });
    expect(chain.stdout).toContain('chained');
    expect(chain.stderr).toContain('wrote 1 finding to baseline');
    expect(JSON.parse(readFileSync(path.join(repo.dir, '.cencori-baseline.json'), 'utf8')).findings).toHaveLength(1);
  });
});

describe('a bundle baseline survives a rebuild', () => {
  const VITE_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  let app: string;
  const viteKey = makeKey('secret-live');
  const agentKey = makeKey('agent');
  const build = () => promisify(execFile)(process.execPath, [VITE_BIN, 'build'], { cwd: app, env: { ...process.env, NODE_ENV: 'production' } });
  const jsFiles = () => readdirSync(path.join(app, 'dist/assets')).filter((f) => f.endsWith('.js')).sort();
  const scan = (args: string[]) => runBuilt(['bundle', '--offline', ...args], { cwd: app, env: { ...process.env, CENCORI_SCAN_OFFLINE: '1' } });

  beforeAll(async () => {
    app = mkdtempSync(path.join(tmpdir(), 'cencori-vite-baseline-'));
    mkdirSync(path.join(app, 'src'));
    writeFileSync(path.join(app, 'index.html'), '<!doctype html>\n<div id="app"></div>\n<script type="module" src="/src/main.ts"></script>\n');
    writeFileSync(path.join(app, 'src/main.ts'), `import { AGENT } from './agent';\nconst key = import.meta.env.VITE_CENCORI_SECRET;\n(window as any).k = [key, AGENT];\n`);
    writeFileSync(path.join(app, 'src/agent.ts'), `export const AGENT = '${agentKey}';\n`);
    writeFileSync(path.join(app, '.env'), `VITE_CENCORI_SECRET=${viteKey}\n`);
    writeFileSync(path.join(app, 'vite.config.mjs'), `export default ${JSON.stringify({ logLevel: 'silent', build: { sourcemap: true } })};\n`);
    await build();
  }, 120_000);
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('the same keys from the same sources stay baselined when the hashed file names change; a new key is still reported', async () => {
    const before = jsFiles();
    const written = await scan(['--write-baseline', '.cencori-baseline.json']);
    expect(written.status).toBe(0);
    const baseline = readFileSync(path.join(app, '.cencori-baseline.json'), 'utf8');
    for (const name of before) expect(baseline).not.toContain(name.replace(/\.js$/, ''));
    expect(baseline).toContain('"src/main.ts"');

    // A change elsewhere in the app: every hashed name changes.
    const third = makeKey('secret-live');
    writeFileSync(path.join(app, 'src/main.ts'), `import { AGENT } from './agent';\nconst key = import.meta.env.VITE_CENCORI_SECRET;\n(window as any).k = [key, AGENT, 'v2'];\n`);
    await build();
    const after = jsFiles();
    expect(after).not.toEqual(before);

    const again = await scan(['--baseline', '.cencori-baseline.json', '-f', 'json']);
    expect(again.stderr).toMatch(/in baseline/);
    expect(JSON.parse(again.stdout).findings).toEqual([]);
    expect(again.status).toBe(0);

    writeFileSync(path.join(app, 'src/agent.ts'), `export const AGENT = '${agentKey}';\nexport const THIRD = '${third}';\n(window as any).t = THIRD;\n`);
    writeFileSync(path.join(app, 'src/main.ts'), `import { AGENT, THIRD } from './agent';\nconst key = import.meta.env.VITE_CENCORI_SECRET;\n(window as any).k = [key, AGENT, THIRD];\n`);
    await build();
    const withNew = await scan(['--baseline', '.cencori-baseline.json', '-f', 'json']);
    expect(withNew.status).toBe(1);
    const reported = (JSON.parse(withNew.stdout) as { findings: Array<{ redacted: string }> }).findings.map((f) => f.redacted);
    expect(new Set(reported)).toEqual(new Set([masked(third)]));
  }, 180_000);
});
