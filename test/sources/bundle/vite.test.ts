import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../../src/index.js';
import { makeKey, masked } from '../../helpers/keys.js';
import { bundle, bundleJson, printed } from './run-bundle.js';

const VITE_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');

const keys = {
  viteEnv: makeKey('secret-live'),
  define: makeKey('secret-live'),
  defineProcessEnv: makeKey('secret-test'),
  hardCoded: makeKey('agent'),
  publishable: makeKey('publishable-live'),
  allowed: makeKey('secret-live'),
};

const CLIENT_TS = `declare const __CENCORI_KEY__: string;

export function createClient() {
  const apiKey = import.meta.env.VITE_CENCORI_SECRET;
  const fallbackKey = __CENCORI_KEY__;
  const serverKey = process.env.CENCORI_API_KEY;
  const publishable = import.meta.env.VITE_CENCORI_PUBLISHABLE_KEY;
  // cencori-scan:allow -- a revoked key the docs page shows on purpose
  const demoKey = import.meta.env.VITE_DEMO_KEY;
  return {
    headers: { Authorization: \`Bearer \${apiKey}\`, 'X-Fallback': fallbackKey, 'X-Server': serverKey },
    publishable,
    demoKey,
  };
}
`;

const AGENT_TS = `export const AGENT_KEY = '${keys.hardCoded}';
`;

const MAIN_TS = `import { createClient } from './client';
import { AGENT_KEY } from './agent';

const client = createClient();
(window as unknown as Record<string, unknown>).cencori = { client, agent: AGENT_KEY };
document.querySelector('#app')!.textContent = 'ready';
`;

/** 1-based line of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

let app: string;
let bundleFile: string;
const cleanups: string[] = [];

/** A copy of the built app, for tests that change its output. */
function copyApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cencori-vite-copy-'));
  cleanups.push(dir);
  cpSync(app, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  app = mkdtempSync(path.join(tmpdir(), 'cencori-vite-'));
  cleanups.push(app);
  mkdirSync(path.join(app, 'src'));
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, devDependencies: { vite: '8.3.8' } }));
  writeFileSync(path.join(app, 'index.html'), '<!doctype html>\n<div id="app"></div>\n<script type="module" src="/src/main.ts"></script>\n');
  writeFileSync(path.join(app, 'src/main.ts'), MAIN_TS);
  writeFileSync(path.join(app, 'src/client.ts'), CLIENT_TS);
  writeFileSync(path.join(app, 'src/agent.ts'), AGENT_TS);
  writeFileSync(
    path.join(app, '.env'),
    `VITE_CENCORI_SECRET=${keys.viteEnv}\nVITE_CENCORI_PUBLISHABLE_KEY=${keys.publishable}\nVITE_DEMO_KEY=${keys.allowed}\n`,
  );
  const define = { __CENCORI_KEY__: JSON.stringify(keys.define), 'process.env.CENCORI_API_KEY': JSON.stringify(keys.defineProcessEnv) };
  writeFileSync(path.join(app, 'vite.config.mjs'), `export default ${JSON.stringify({ define, logLevel: 'silent', build: { sourcemap: true } })};\n`);
  await promisify(execFile)(process.execPath, [VITE_BIN, 'build'], { cwd: app, env: { ...process.env, NODE_ENV: 'production' } });
  const assets = readdirSync(path.join(app, 'dist/assets'));
  bundleFile = `dist/assets/${assets.find((f) => f.endsWith('.js'))!}`;
}, 120_000);

afterAll(() => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

describe('bundle scan of a real Vite build', () => {
  it('finds the build output on its own and says so', async () => {
    const result = await bundle(app);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('scanning client output in\n  dist (Vite/Astro/Expo build)');
    expect(result.stderr).toMatch(/scanned \d+ bundle files/);
  });

  it('traces a VITE_ variable, a define constant and a defined process.env read back to their source lines', async () => {
    const { findings } = await bundleJson(app);
    const inBundle = (key: string) => findings.find((f) => f.file === bundleFile && f.redacted === masked(key));
    expect(inBundle(keys.viteEnv)?.original).toEqual({
      file: 'src/client.ts',
      line: lineOf(CLIENT_TS, 'VITE_CENCORI_SECRET'),
      column: expect.any(Number),
      envVar: 'VITE_CENCORI_SECRET',
    });
    expect(inBundle(keys.define)?.original).toEqual({ file: 'src/client.ts', line: lineOf(CLIENT_TS, '__CENCORI_KEY__;'), column: expect.any(Number) });
    expect(inBundle(keys.defineProcessEnv)?.original).toMatchObject({
      file: 'src/client.ts',
      line: lineOf(CLIENT_TS, 'process.env.CENCORI_API_KEY'),
      envVar: 'CENCORI_API_KEY',
    });
    expect(inBundle(keys.hardCoded)?.original).toEqual({ file: 'src/agent.ts', line: 1, column: AGENT_TS.indexOf(keys.hardCoded) + 1 });
    for (const key of [keys.viteEnv, keys.define, keys.defineProcessEnv, keys.hardCoded]) expect(inBundle(key)?.blocking).toBe(true);
  });

  it('reports the column of each key on the minified line', async () => {
    const { findings } = await bundleJson(app);
    const text = readFileSync(path.join(app, bundleFile), 'utf8');
    const lines = text.split('\n');
    const ours = findings.filter((f) => f.file === bundleFile);
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (const f of ours) {
      const key = Object.values(keys).find((k) => masked(k) === f.redacted)!;
      expect(lines[f.line - 1]!.indexOf(key) + 1).toBe(f.column);
    }
    expect(lines[ours[0]!.line - 1]!.length).toBeGreaterThan(200);
  });

  it('reports a key inside a .map file (sourcesContent) at the map itself, traced to its source', async () => {
    const { findings } = await bundleJson(app);
    const inMap = findings.filter((f) => f.file === `${bundleFile}.map`);
    expect(inMap).toEqual([expect.objectContaining({ redacted: masked(keys.hardCoded), line: 1, blocking: true })]);
    expect(inMap[0]!.original).toEqual({ file: 'src/agent.ts', line: 1, column: AGENT_TS.indexOf(keys.hardCoded) + 1 });
    const mapText = readFileSync(path.join(app, `${bundleFile}.map`), 'utf8');
    expect(mapText.indexOf(keys.hardCoded) + 1).toBe(inMap[0]!.column);
  });

  it('honours an allow marker at the original source line, not one on a minified line', async () => {
    const { findings } = await bundleJson(app);
    expect(findings.some((f) => f.redacted === masked(keys.allowed))).toBe(false);
    const copy = copyApp();
    // A marker anywhere on a one-line bundle would otherwise wave through every key in it.
    const file = path.join(copy, bundleFile);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"use strict";', '/* cencori-scan:allow */') + '/* cencori-scan:allow */');
    const after = await bundleJson(copy, ['--no-color']);
    expect(after.findings.some((f) => f.file === bundleFile && f.redacted === masked(keys.viteEnv))).toBe(true);
  });

  it('keeps publishable keys quiet by default, shows them with --verbose and blocks them when the config says so', async () => {
    const quiet = await bundleJson(app);
    expect(quiet.findings.some((f) => f.kind === 'publishable')).toBe(false);
    expect(quiet.stderr).toContain('1 publishable key not shown: expected in client bundles (--verbose shows it)');

    const verbose = await bundleJson(app, ['--verbose']);
    const shown = verbose.findings.find((f) => f.redacted === masked(keys.publishable));
    expect(shown).toMatchObject({ blocking: false, original: { file: 'src/client.ts', envVar: 'VITE_CENCORI_PUBLISHABLE_KEY' } });
    expect(verbose.stderr).not.toContain('not shown');

    const copy = copyApp();
    writeFileSync(path.join(copy, '.cencoriscanrc.json'), JSON.stringify({ publishable: 'block' }));
    const blocked = await bundleJson(copy);
    expect(blocked.findings.find((f) => f.redacted === masked(keys.publishable))?.blocking).toBe(true);

    writeFileSync(path.join(copy, '.cencoriscanrc.json'), JSON.stringify({ publishable: 'off' }));
    const off = await bundleJson(copy, ['--verbose']);
    expect(off.findings.some((f) => f.kind === 'publishable')).toBe(false);
    expect(off.stderr).not.toContain('publishable');
  });

  it('finds the map beside the file when the comment is gone (sourcemap: "hidden")', async () => {
    const copy = copyApp();
    const file = path.join(copy, bundleFile);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*\s*$/, ''));
    const { findings } = await bundleJson(copy);
    expect(findings.find((f) => f.file === bundleFile && f.redacted === masked(keys.viteEnv))?.original?.envVar).toBe('VITE_CENCORI_SECRET');
  });

  it('reads an inline data: URL map', async () => {
    const copy = copyApp();
    const file = path.join(copy, bundleFile);
    const map = readFileSync(`${file}.map`);
    unlinkSync(`${file}.map`);
    const inline = `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${map.toString('base64')}`;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, inline));
    const { findings } = await bundleJson(copy);
    expect(findings.find((f) => f.file === bundleFile && f.redacted === masked(keys.define))?.original).toMatchObject({
      file: 'src/client.ts',
      line: lineOf(CLIENT_TS, '__CENCORI_KEY__;'),
    });
  });

  type SourceMapJson = { sources: string[]; sourceRoot?: string; sourcesContent?: Array<string | null> };
  const bare = (source: string) => source.replace(/^(\.\.\/)+/, '');
  it.each<[string, (map: SourceMapJson) => void]>([
    ['webpack:// URLs, resolved against the project folder', (map) => (map.sources = map.sources.map((s) => `webpack://_N_E/./${bare(s)}?2f1a`))],
    ['a sourceRoot', (map) => ((map.sourceRoot = '../../src/'), (map.sources = map.sources.map((s) => bare(s).replace('src/', ''))))],
    ['paths without sourcesContent (the line is read from disk)', (map) => delete map.sourcesContent],
  ])('resolves sources given as %s', async (_name, rewrite) => {
    const copy = copyApp();
    const mapFile = path.join(copy, `${bundleFile}.map`);
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapJson;
    rewrite(map);
    writeFileSync(mapFile, JSON.stringify(map));
    const { findings } = await bundleJson(copy);
    expect(findings.find((f) => f.file === bundleFile && f.redacted === masked(keys.viteEnv))?.original).toMatchObject({
      file: 'src/client.ts',
      line: lineOf(CLIENT_TS, 'VITE_CENCORI_SECRET'),
      envVar: 'VITE_CENCORI_SECRET',
    });
  });

  it('warns when the named map is missing and still reports the key', async () => {
    const copy = copyApp();
    unlinkSync(path.join(copy, `${bundleFile}.map`));
    const result = await bundleJson(copy);
    expect(result.exitCode).toBe(1);
    const finding = result.findings.find((f) => f.file === bundleFile && f.redacted === masked(keys.viteEnv));
    expect(finding).toBeDefined();
    expect(finding!.original).toBeUndefined();
    expect(result.stderr).toContain(`warning: ${bundleFile}: its source map ${bundleFile}.map is missing`);
  });

  it('treats what a map comment names as untrusted: no echo of a non-map, no hang on a FIFO', async () => {
    const copy = copyApp();
    const file = path.join(copy, bundleFile);
    const original = readFileSync(file, 'utf8');
    // The app's .env holds keys: a JSON error quoting it would print one.
    writeFileSync(file, original.replace(/sourceMappingURL=.*$/m, 'sourceMappingURL=../../.env'));
    unlinkSync(`${file}.map`);
    const notAMap = await bundle(copy);
    expect(notAMap.stderr).toContain('warning: .env: invalid source map (not valid JSON)');
    for (const key of Object.values(keys)) expect(printed(notAMap)).not.toContain(key);

    execFileSync('mkfifo', [path.join(copy, 'dist/pipe.map')]);
    writeFileSync(file, original.replace(/sourceMappingURL=.*$/m, 'sourceMappingURL=../pipe.map'));
    const fifo = await bundleJson(copy);
    expect(fifo.exitCode).toBe(1);
    expect(fifo.findings.find((f) => f.file === bundleFile && f.redacted === masked(keys.viteEnv))?.original).toBeUndefined();
  });

  it('prints where each key came from in text, and never a full key in any format', async () => {
    const text = await bundle(app, ['--verbose']);
    expect(text.stdout).toContain(`from src/client.ts:${lineOf(CLIENT_TS, 'VITE_CENCORI_SECRET')} reading VITE_CENCORI_SECRET`);
    const outputs = [text, ...(await Promise.all(['json', 'sarif', 'github'].map((f) => bundle(app, ['--verbose', '--format', f]))))];
    for (const result of outputs) for (const key of Object.values(keys)) expect(printed(result)).not.toContain(key);
    // SARIF carries the source line as a related location, so code scanning links to it.
    const sarif = JSON.parse(outputs[2]!.stdout);
    const related = sarif.runs[0].results.flatMap((r: { relatedLocations?: unknown[] }) => r.relatedLocations ?? []);
    expect(related).toContainEqual(
      expect.objectContaining({
        physicalLocation: expect.objectContaining({
          artifactLocation: expect.objectContaining({ uri: 'src/client.ts' }),
          region: expect.objectContaining({ startLine: lineOf(CLIENT_TS, 'VITE_CENCORI_SECRET') }),
        }),
        message: { text: 'original source, reading VITE_CENCORI_SECRET' },
      }),
    );
  });

  it('scans a named folder whole, here through its client/ half only', async () => {
    const copy = copyApp();
    mkdirSync(path.join(copy, 'ssr/server'), { recursive: true });
    cpSync(path.join(copy, 'dist'), path.join(copy, 'ssr/client'), { recursive: true });
    writeFileSync(path.join(copy, 'ssr/server/entry.mjs'), `export const key = ${JSON.stringify(makeKey('secret-live'))};\n`);
    const result = await bundleJson(copy, ['ssr']);
    expect(result.stderr).toContain('ssr/client (build output: server/ left out: server code)');
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.file.startsWith('ssr/client/'))).toBe(true);
    // The copied map's ../../src now resolves from ssr/client/assets; its sourcesContent still names the env var.
    expect(result.findings.find((f) => f.redacted === masked(keys.viteEnv))?.original).toMatchObject({
      file: 'ssr/src/client.ts',
      envVar: 'VITE_CENCORI_SECRET',
    });
  });
});

describe('the ESLint plugin against the same Vite build', () => {
  it('reports every key the build leaks, where it enters, and calls no inlined read undefined', async () => {
    const config: Linter.Config[] = [
      {
        files: ['**/*.{ts,mjs}'],
        languageOptions: { parser: tsParser },
        plugins: { cencori: plugin as unknown as ESLint.Plugin },
        rules: {
          'cencori/no-hardcoded-key': 'error',
          'cencori/no-public-secret-env': 'error',
          'cencori/no-secret-env-inlining': 'error',
          // A Vite single-page app: everything under src/ runs in the browser.
          'cencori/no-secret-key-in-client': ['error', { clientFiles: ['src/**/*.ts'] }],
        },
      },
    ];
    const eslint = new ESLint({ cwd: app, overrideConfigFile: true, overrideConfig: config, ignorePatterns: ['dist/**'] });
    const messages = (await eslint.lintFiles(['src/**/*.ts', 'vite.config.mjs'])).flatMap((r) =>
      r.messages.map((m) => ({ file: path.relative(app, r.filePath), messageId: m.messageId, message: m.message })),
    );
    const { findings } = await bundleJson(app);
    const leaked = Object.entries(keys).filter(([, k]) => findings.some((f) => f.redacted === masked(k) && f.blocking)).map(([label]) => label).sort();
    expect(leaked).toEqual(['define', 'defineProcessEnv', 'hardCoded', 'viteEnv']);
    // Each leaked key, as the plugin names it: the masked key where it is written, the variable where it is read.
    const reportedAt = (needle: string) => messages.filter((m) => m.message.includes(needle)).map((m) => `${m.file}:${m.messageId}`);
    expect(reportedAt(masked(keys.define))).toEqual(['vite.config.mjs:hardcodedKey']);
    expect(reportedAt(masked(keys.defineProcessEnv))).toEqual(['vite.config.mjs:hardcodedKey']);
    expect(reportedAt(masked(keys.hardCoded))).toEqual(['src/agent.ts:hardcodedKey']);
    expect(reportedAt('VITE_CENCORI_SECRET')).toEqual(['src/client.ts:secretInEnvFile']);
    // `define` replaces process.env.CENCORI_API_KEY with the key: the read is no "undefined in the browser".
    expect(messages.filter((m) => m.messageId === 'secretReadInClient')).toEqual([]);
    // The publishable key ships by design; the allow-marked VITE_DEMO_KEY is the allow marker's business
    // (issue 11 section 5, on the rules branch), left out here.
    expect(reportedAt(masked(keys.publishable))).toEqual([]);
    expect(messages.filter((m) => !m.message.includes('VITE_DEMO_KEY')).length).toBe(4);
  });
});
