import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, runBuilt } from '../helpers/cli-process.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { secretKey } from '../helpers/keys.js';
import { tempDir } from '../helpers/temp-dir.js';

// The bin (dist/cli.cjs) runs `cencori-scan staged` (the pre-commit hook) from its own one-file
// CommonJS bundle, dist/staged.cjs, and `history` and `pre-push` from dist/history.cjs;
// everything else, and every in-process test, goes through run(). These check that the two
// answer alike, and that each bundle starts without loading a package.

let repo: TempRepo;
afterEach(() => repo?.cleanup());

/** The summary's timing ("in 12 ms") differs from run to run. */
const untimed = (text: string) => text.replace(/ in \d+(\.\d+)? m?s\b/g, ' in <t>');

async function both(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const built = await runBuilt(args, { cwd, env: { ...env, CENCORI_SCAN_OFFLINE: '1' } });
  const inProcess = await repo.scan(args, { cwd: path.relative(repo.dir, cwd) || undefined });
  return { built: { exitCode: built.status, stdout: untimed(built.stdout), stderr: untimed(built.stderr) }, inProcess: { exitCode: inProcess.exitCode, stdout: untimed(inProcess.stdout), stderr: untimed(inProcess.stderr) } };
}

describe('cencori-scan staged from the built bin', () => {
  it('reports a staged key exactly as the full CLI does (json, text, exit code)', async () => {
    repo = createRepo();
    repo.commitFiles('init', { 'README.md': 'hello\n' });
    const key = secretKey();
    repo.write('src/config.ts', `export const key = '${key}';\n`);
    repo.git('add', '.');
    for (const args of [['staged', '-f', 'json'], ['staged'], ['staged', '--verbose']]) {
      const { built, inProcess } = await both(args, repo.dir, repo.env);
      expect(built.exitCode).toBe(1);
      expect(built).toEqual(inProcess);
      expect(built.stdout + built.stderr).not.toContain(key);
    }
  });

  it('answers --help, a bad flag and a clean index as the full CLI does', async () => {
    repo = createRepo();
    repo.commitFiles('init', { 'README.md': 'hello\n' });
    repo.write('src/clean.ts', 'export const ok = 1;\n');
    repo.git('add', '.');
    for (const args of [['staged', '--help'], ['staged', '--no-such-flag'], ['staged', '-f', 'nope'], ['staged']]) {
      const { built, inProcess } = await both(args, repo.dir, repo.env);
      expect(built).toEqual(inProcess);
    }
    const bad = await both(['staged', '--no-such-flag'], repo.dir, repo.env);
    expect(bad.built.exitCode).toBe(2);
    expect(bad.built.stderr).toMatch(/^cencori-scan: error: staged: .*\nRun "cencori-scan staged --help" for usage\.\n$/);
  });

  it('a clean commit builds neither process.stdout nor process.stdin: the hook writes only its summary, on stderr', async () => {
    repo = createRepo();
    repo.commitFiles('init', { 'README.md': 'hello\n' });
    repo.write('src/clean.ts', 'export const ok = 1;\n');
    repo.git('add', '.');
    // Preloaded into the bin's process: notes each stream the first time anything asks for it.
    const spyDir = tempDir({});
    const log = path.join(spyDir, 'built.log');
    const spy = path.join(spyDir, 'spy.cjs');
    writeFileSync(
      spy,
      `for (const name of ['stdout', 'stdin']) {
        const { get } = Object.getOwnPropertyDescriptor(process, name);
        let noted = false;
        Object.defineProperty(process, name, { configurable: true, enumerable: true, get() {
          if (!noted) { noted = true; require('fs').appendFileSync(${JSON.stringify(log)}, name + '\\n'); }
          return get.call(process);
        } });
      }\n`,
    );
    const env = { ...repo.env, CENCORI_SCAN_OFFLINE: '1', NODE_OPTIONS: `--require ${spy}` };
    const clean = await runBuilt(['staged'], { cwd: repo.dir, env });
    expect(clean.status).toBe(0);
    expect(clean.stderr).toMatch(/no keys found/);
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
    // The spy sees a stream that is used: findings are written to stdout.
    repo.write('src/config.ts', `export const key = '${secretKey()}';\n`);
    repo.git('add', '.');
    const found = await runBuilt(['staged'], { cwd: repo.dir, env });
    expect(found.status).toBe(1);
    expect(readFileSync(log, 'utf8')).toBe('stdout\n');
  });

  it('fails with one line outside a git work tree, never "no keys found"', async () => {
    const dir = tempDir({ 'a.ts': 'export const a = 1;\n' });
    const result = await runBuilt(['staged'], { cwd: dir, env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir), CENCORI_SCAN_OFFLINE: '1' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^cencori-scan: error: .* is not inside a git work tree .*\n$/);
    expect(result.stdout).toBe('');
  });

  it.each(['staged.cjs', 'history.cjs'])('loads one module: %s requires only node builtins at start (packages stay lazy)', (file) => {
    const bundle = readFileSync(path.join(path.dirname(BUILT_CLI), file), 'utf8');
    const required = [...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((spec) => !isBuiltin(spec))).toEqual([]);
    // A package is only ever imported lazily, inside the function that needs it.
    const lazy = [...bundle.matchAll(/await import\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(lazy.filter((spec) => !isBuiltin(spec))).toEqual(['picomatch']);
    expect(bundle).not.toMatch(/^import\s/m);
  });

  it('the bin loads nothing before it picks: no package, no bundle by a literal path', () => {
    const bin = readFileSync(BUILT_CLI, 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const required = [...bin.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(required.filter((spec) => !isBuiltin(spec))).toEqual([]);
    expect(bin).not.toMatch(/^import\s/m);
  });
});

describe('cencori-scan history and pre-push from the built bin', () => {
  it('reports a committed key exactly as the full CLI does (json, text, verbose, a range), the key never printed', async () => {
    repo = createRepo();
    repo.commitFiles('init', { 'README.md': 'hello\n' });
    const key = secretKey();
    repo.commitFiles('add config', { 'src/config.ts': `export const key = '${key}';\n` });
    repo.commitFiles('later', { 'src/other.ts': 'export const other = 2;\n' });
    for (const args of [['history', '-f', 'json'], ['history'], ['history', '--verbose'], ['history', '--range', 'HEAD~1..HEAD'], ['history', '--all', '-f', 'json']]) {
      const { built, inProcess } = await both(args, repo.dir, repo.env);
      expect(built).toEqual(inProcess);
      expect(built.stdout + built.stderr).not.toContain(key);
    }
    expect((await both(['history', '-f', 'json'], repo.dir, repo.env)).built.exitCode).toBe(1);
    expect((await both(['history', '--range', 'HEAD~1..HEAD'], repo.dir, repo.env)).built.exitCode).toBe(0);
  });

  it('answers --help, a bad flag, a bad range and a bad date as the full CLI does', async () => {
    repo = createRepo();
    repo.commitFiles('init', { 'README.md': 'hello\n' });
    for (const args of [['history', '--help'], ['pre-push', '--help'], ['history', '--no-such-flag'], ['history', '--range', 'nope..HEAD'], ['history', '--since', 'last mnoth']]) {
      const { built, inProcess } = await both(args, repo.dir, repo.env);
      expect(built).toEqual(inProcess);
    }
    const bad = await both(['history', '--range', 'nope..HEAD'], repo.dir, repo.env);
    expect(bad.built.exitCode).toBe(2);
    expect(bad.built.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('pre-push reads git\'s refs on stdin and blocks the commit that adds a key, the key never printed', async () => {
    repo = createRepo();
    repo.commitFiles('init', { 'README.md': 'hello\n' });
    const base = repo.git('rev-parse', 'HEAD').trim();
    const key = secretKey();
    repo.commitFiles('add config', { 'src/config.ts': `export const key = '${key}';\n` });
    const head = repo.git('rev-parse', 'HEAD').trim();
    const input = `refs/heads/main ${head} refs/heads/main ${base}\n`;
    const result = await runBuilt(['pre-push', 'origin', 'https://example.invalid/repo.git'], { cwd: repo.dir, env: { ...repo.env, CENCORI_SCAN_OFFLINE: '1' }, input });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('src/config.ts:1');
    expect(result.stdout + result.stderr).not.toContain(key);
    const clean = await runBuilt(['pre-push', 'origin', 'https://example.invalid/repo.git'], { cwd: repo.dir, env: { ...repo.env, CENCORI_SCAN_OFFLINE: '1' }, input: `refs/heads/main ${base} refs/heads/main ${base}\n` });
    expect(clean.status).toBe(0);
  });

  it('fails with one line outside a git work tree, never "no keys found"', async () => {
    const dir = tempDir({ 'a.ts': 'export const a = 1;\n' });
    const result = await runBuilt(['history'], { cwd: dir, env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir), CENCORI_SCAN_OFFLINE: '1' } });
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/no keys found/);
    expect(result.stdout).toBe('');
  });
});
