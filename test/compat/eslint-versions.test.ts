import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeKey, masked } from '../helpers/keys.js';

/**
 * The built plugin (dist/), loaded the way users load it, by real ESLint releases: 8.57 with a
 * legacy .eslintrc, 9 with a CommonJS flat config (require), and the project's own ESLint 10 with
 * an ESM flat config. Older releases are installed once from the npm registry into
 * node_modules/.cache, so later runs take a few seconds.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, 'node_modules/.cache/cencori-eslint-compat');
const INSTALL_TIMEOUT_MS = 180_000;

function installedEslint(spec: string, folder: string): string {
  const prefix = path.join(cacheDir, folder);
  const bin = path.join(prefix, 'node_modules/eslint/bin/eslint.js');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(path.join(prefix, 'package.json'), '{"private":true}\n');
    const npm = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', spec], {
      cwd: prefix,
      encoding: 'utf8',
    });
    if (npm.status !== 0) throw new Error(`npm install ${spec} failed: ${npm.stderr.trim().split('\n').pop()}`);
  }
  return bin;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A tiny project that depends on this package (a symlink to the repository, so dist/ is what loads). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cencori-eslint-compat-'));
  tempDirs.push(dir);
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(root, path.join(dir, 'node_modules/eslint-plugin-cencori'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{"name":"compat-project","private":true}\n');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface LintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string; line: number; column: number; fatal?: boolean }>;
}

function lint(bin: string, cwd: string, env: Record<string, string> = {}): LintResult[] {
  const run = spawnSync(process.execPath, [bin, '--format', 'json', '.'], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  // ESLint exits 1 when it reports errors, 2 when it cannot run.
  if (run.status !== 1) throw new Error(`eslint exited ${run.status}: ${run.stderr.trim().split('\n')[0] ?? ''}`);
  return JSON.parse(run.stdout) as LintResult[];
}

function sources(key: string): Record<string, string> {
  return {
    'src/client.js': `export const cencori = { apiKey: '${key}' };\n`,
    'next.config.js': 'module.exports = { env: { KEY: process.env.CENCORI_API_KEY } };\n',
  };
}

function expectReports(results: LintResult[], key: string): void {
  const byFile = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r.messages]));
  expect(byFile['client.js']?.map((m) => [m.ruleId, m.line, m.column])).toEqual([['cencori/no-hardcoded-key', 1, 35]]);
  expect(byFile['next.config.js']?.map((m) => [m.ruleId, m.line, m.column])).toEqual([['cencori/no-secret-env-inlining', 1, 32]]);
  // Messages only: the JSON formatter also echoes each file's source, which holds the key.
  const text = JSON.stringify(results.map((r) => r.messages));
  expect(text.includes(key)).toBe(false);
  expect(text.includes(masked(key))).toBe(true);
}

const PARSER = { ecmaVersion: 2022, sourceType: 'module' };

describe('the built plugin under real ESLint releases', () => {
  it('ESLint 8.57 with .eslintrc extends plugin:cencori/recommended-legacy', { timeout: INSTALL_TIMEOUT_MS }, () => {
    const bin = installedEslint('eslint@8.57.1', 'eslint-8');
    const key = makeKey();
    const dir = project({
      ...sources(key),
      '.eslintrc.json': JSON.stringify({ root: true, extends: ['plugin:cencori/recommended-legacy'], parserOptions: PARSER, env: { node: true } }),
      'check-require.cjs': "const p = require('eslint-plugin-cencori'); if (!p.configs['recommended-legacy']) throw new Error('no legacy config');\n",
    });
    expectReports(lint(bin, dir, { ESLINT_USE_FLAT_CONFIG: 'false' }).filter((r) => !r.filePath.endsWith('.cjs')), key);
    expect(spawnSync(process.execPath, ['check-require.cjs'], { cwd: dir }).status).toBe(0);
  });

  it('ESLint 9 with a CommonJS flat config that requires the plugin', { timeout: INSTALL_TIMEOUT_MS }, () => {
    const bin = installedEslint('eslint@^9', 'eslint-9');
    expect(JSON.parse(readFileSync(path.join(path.dirname(bin), '../package.json'), 'utf8')).version).toMatch(/^9\./);
    const key = makeKey();
    const dir = project({
      ...sources(key),
      'eslint.config.cjs': "const cencori = require('eslint-plugin-cencori');\nmodule.exports = [{ ignores: ['eslint.config.cjs'] }, cencori.configs.recommended];\n",
    });
    expectReports(lint(bin, dir), key);
  });

  it('ESLint 10 (the project’s own) with an ESM flat config', () => {
    const bin = path.join(root, 'node_modules/eslint/bin/eslint.js');
    const key = makeKey();
    const dir = project({
      ...sources(key),
      'eslint.config.mjs': "import cencori from 'eslint-plugin-cencori';\nexport default [{ ignores: ['eslint.config.mjs'] }, cencori.configs.recommended];\n",
    });
    expectReports(lint(bin, dir), key);
  });
});
