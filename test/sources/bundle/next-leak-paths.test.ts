import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../../src/index.js';
import { findKeys } from '../../../src/keys/index.js';
import { loadFixture, type FilledFixture } from '../../helpers/fixtures.js';
import { masked } from '../../helpers/keys.js';
import { bundleJson, type JsonFinding } from './run-bundle.js';

// One real `next build` of fixtures/eslint/ng-next-leak-paths (one case per path a secret may
// take), then `next start` on 127.0.0.1 for what only a running app sends. The build output and
// the responses are the oracle; the plugin must report every case that leaks and none that does not.

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const NEXT_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist/bin/next');
const NEXT_ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

/** Case label (the fixture's placeholder label) -> the variable its code reads. */
const CASES = {
  t3: 'CENCORI_API_KEY',
  direct: 'CENCORI_DIRECT_KEY',
  prop: 'CENCORI_PROP_KEY',
  'config-env': 'CENCORI_CONFIG_KEY',
  inline: 'CENCORI_INLINE_KEY',
  dynamic: 'CENCORI_DYNAMIC_KEY',
  'route-static': 'CENCORI_ROUTE_KEY',
  'route-dynamic': 'CENCORI_ROUTE_DYNAMIC_KEY',
  action: 'CENCORI_ACTION_KEY',
  'pages-api': 'CENCORI_PAGES_API_KEY',
  'page-props': 'CENCORI_PROPS_KEY',
  'server-use': 'CENCORI_SERVER_KEY',
  'public-env': 'NEXT_PUBLIC_CENCORI_KEY',
} as const;
type Case = keyof typeof CASES;

/** Where the build put each key the browser can fetch: what `cencori-scan bundle` found. */
const BUILD_EVIDENCE: Partial<Record<Case, RegExp[]>> = {
  prop: [/^\.next\/server\/app\/prop\.html$/, /^\.next\/server\/app\/prop\.rsc$/],
  'config-env': [/^\.next\/server\/app\/config-env\.html$/, /^\.next\/static\/chunks\/app\/config-env\/page-[0-9a-f]+\.js$/],
  inline: [/^\.next\/server\/app\/inline\.html$/, /^\.next\/server\/app\/inline\.rsc$/],
  dynamic: [/^\.next\/server\/app\/dynamic\.html$/, /^\.next\/server\/app\/dynamic\.rsc$/],
  'route-static': [/^\.next\/server\/app\/api\/route-static\.body$/],
  'page-props': [/^\.next\/server\/pages\/legacy\.html$/, /^\.next\/server\/pages\/legacy\.json$/],
  'public-env': [/^\.next\/server\/app\/public-env\.html$/, /^\.next\/static\/chunks\/app\/public-env\/page-[0-9a-f]+\.js$/],
};
/** Paths only a running app sends: requested from `next start`. */
const RUNTIME_ONLY: readonly Case[] = ['route-dynamic', 'action', 'pages-api'];
/** Pages whose HTML must hold no key at run time either. */
const QUIET_PAGES = ['/t3', '/direct', '/flag', '/server-use'];
/** Reports that say a secret is misused but does not reach the browser (it is undefined there). */
const NOT_A_LEAK = new Set(['secretReadInClient', 'sdkWithoutKeyInClient']);

let fixture: FilledFixture;
let findings: JsonFinding[];
let messages: Array<Linter.LintMessage & { file: string }>;
const responses = new Map<string, string>();
let server: ChildProcess | undefined;
let buildSeconds = 0;

const key = (label: Case) => fixture.keys.get(label)!;
const labelOfMasked = (redacted: string) => (Object.keys(CASES) as Case[]).find((label) => masked(key(label)) === redacted);
const namesVar = (message: string, variable: string) => new RegExp(`(?<![A-Z_])${variable}(?![A-Z_])`).test(message);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startNext(dir: string): Promise<string> {
  const port = await freePort();
  server = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: dir, env: NEXT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`next start did not get ready:\n${output}`)), 30_000);
    server!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server!.once('exit', (code) => reject(new Error(`next start exited with ${code}:\n${output}`)));
  });
  return `http://127.0.0.1:${port}`;
}

async function lint(dir: string): Promise<Array<Linter.LintMessage & { file: string }>> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.{js,jsx,mjs}'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
      plugins: { cencori: plugin as unknown as ESLint.Plugin },
      rules: { 'cencori/no-public-secret-env': 'error', 'cencori/no-secret-key-in-client': 'error', 'cencori/no-secret-env-inlining': 'error' },
    },
  ];
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, ignorePatterns: ['.next/**', 'node_modules/**'] });
  const results = await eslint.lintFiles(['**/*.{js,jsx,mjs}']);
  return results.flatMap((r) => r.messages.map((m) => ({ ...m, file: path.relative(dir, r.filePath).split(path.sep).join('/') })));
}

beforeAll(async () => {
  fixture = loadFixture('eslint/ng-next-leak-paths');
  // The fixture copy uses this repository's pinned next/react/react-dom: no install per run.
  symlinkSync(path.join(REPO, 'node_modules'), path.join(fixture.dir, 'node_modules'), 'dir');
  const started = Date.now();
  await promisify(execFile)(process.execPath, [NEXT_BIN, 'build'], { cwd: fixture.dir, env: NEXT_ENV, maxBuffer: 16 * 1024 * 1024 });
  buildSeconds = (Date.now() - started) / 1000;
  findings = (await bundleJson(fixture.dir, ['--verbose'])).findings;

  const base = await startNext(fixture.dir);
  responses.set('/api/route-dynamic', await (await fetch(`${base}/api/route-dynamic`)).text());
  responses.set('/api/key', await (await fetch(`${base}/api/key`)).text());
  // A server action is a POST naming the action's id, as the browser's button sends it.
  const manifest = JSON.parse(readFileSync(path.join(fixture.dir, '.next/server/server-reference-manifest.json'), 'utf8')) as { node: Record<string, { exportedName: string }> };
  const actionId = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === 'revealKey')![0];
  const action = await fetch(`${base}/action`, {
    method: 'POST',
    headers: { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
    body: '[]',
  });
  responses.set('action:revealKey', await action.text());
  for (const page of QUIET_PAGES) responses.set(page, await (await fetch(`${base}${page}`)).text());

  messages = await lint(fixture.dir);
}, 300_000);

afterAll(() => {
  server?.kill();
  fixture?.cleanup();
});

describe('a real Next.js 15 build of one app with every leak path', () => {
  it('the build leaks exactly the cases that reach the browser, in the files a browser fetches', () => {
    const byCase = new Map<Case, string[]>();
    for (const f of findings) {
      const label = labelOfMasked(f.redacted);
      if (label) byCase.set(label, [...new Set([...(byCase.get(label) ?? []), f.file])].sort());
    }
    expect([...byCase.keys()].sort()).toEqual(Object.keys(BUILD_EVIDENCE).sort());
    for (const [label, patterns] of Object.entries(BUILD_EVIDENCE) as Array<[Case, RegExp[]]>) {
      const files = byCase.get(label)!;
      expect(files, label).toHaveLength(patterns.length);
      for (const pattern of patterns) expect(files.some((f) => pattern.test(f)), `${label}: ${pattern}`).toBe(true);
    }
    expect(buildSeconds).toBeGreaterThan(0);
  });

  it('the running app sends the secrets of server actions, route handlers and API routes, and no other', () => {
    const leaked = new Map<string, Case[]>();
    for (const [request, body] of responses) {
      leaked.set(request, findKeys(body).map((k) => (Object.keys(CASES) as Case[]).find((label) => key(label) === k.key)!));
    }
    expect(Object.fromEntries(leaked)).toEqual({
      '/api/route-dynamic': ['route-dynamic'],
      '/api/key': ['pages-api'],
      'action:revealKey': ['action'],
      ...Object.fromEntries(QUIET_PAGES.map((page) => [page, []])),
    });
  });

  it('the plugin reports every case that leaks, at the place it happens', () => {
    const leaking = [...Object.keys(BUILD_EVIDENCE), ...RUNTIME_ONLY] as Case[];
    const where = Object.fromEntries(
      leaking.map((label) => [label, messages.filter((m) => !NOT_A_LEAK.has(m.messageId!) && namesVar(m.message, CASES[label])).map((m) => `${m.file}:${m.line}:${m.messageId}`)]),
    );
    expect(where).toEqual({
      prop: ['app/prop/page.jsx:5:secretPropToClientComponent'],
      'config-env': ['next.config.mjs:4:nextEnv'],
      inline: ['app/inline/page.jsx:3:secretInInlineHtml'],
      dynamic: ['app/dynamic/page.jsx:7:secretPropToClientComponent'],
      'route-static': ['app/api/route-static/route.js:5:secretInResponse'],
      'page-props': ['pages/legacy.jsx:3:secretInPageProps'],
      'public-env': ['app/public-env/widget.jsx:5:secretInEnvFile'],
      'route-dynamic': ['app/api/route-dynamic/route.js:6:secretInResponse'],
      action: ['app/action/actions.js:5:secretReturnedFromServerAction'],
      'pages-api': ['pages/api/key.js:3:secretInResponse'],
    });
  });

  it('the plugin reports no case the build does not leak as a leak, and says a client read is undefined in the browser', () => {
    const quiet: Case[] = ['t3', 'direct', 'server-use'];
    for (const label of quiet) {
      expect(messages.filter((m) => !NOT_A_LEAK.has(m.messageId!) && namesVar(m.message, CASES[label])), label).toEqual([]);
    }
    expect(messages.filter((m) => m.file.startsWith('app/t3/') || m.file === 'lib/env.mjs' || m.file.startsWith('app/flag/'))).toEqual([]);
    const direct = messages.filter((m) => m.file === 'app/direct/widget.jsx');
    expect(direct.map((m) => `${m.line}:${m.messageId}`)).toEqual(['5:secretReadInClient']);
    expect(direct[0]!.message).toContain('in the browser it is undefined');
    expect(direct[0]!.message).toContain(`decided by its .env value, a Cencori secret key (.env:4 sets it to ${masked(key('direct'))})`);
    // Every file parsed: no fatal message hides a file from the verdict.
    expect(messages.filter((m) => m.messageId === undefined)).toEqual([]);
  });

  it('never puts a full key into a message', () => {
    for (const k of fixture.keys.values()) for (const m of messages) expect(m.message).not.toContain(k);
  });
});
