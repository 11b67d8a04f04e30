import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_CLI, runBuilt } from '../helpers/cli-process.js';
import { createRepo, type TempRepo } from '../helpers/git-repo.js';
import { secretKey } from '../helpers/keys.js';
import { tempDir } from '../helpers/temp-dir.js';

// The bin runs `cencori-scan staged` (the pre-commit hook) from its own one-file bundle,
// dist/staged.js; everything else, and every in-process test, goes through run(). These check
// that the two answer alike, and that the hook's bundle starts without loading a package.

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

  it('fails with one line outside a git work tree, never "no keys found"', async () => {
    const dir = tempDir({ 'a.ts': 'export const a = 1;\n' });
    const result = await runBuilt(['staged'], { cwd: dir, env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir), CENCORI_SCAN_OFFLINE: '1' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^cencori-scan: error: .* is not inside a git work tree .*\n$/);
    expect(result.stdout).toBe('');
  });

  it('loads one module: the bundle imports only node builtins at start (packages stay lazy)', () => {
    const bundle = readFileSync(path.join(path.dirname(BUILT_CLI), 'staged.js'), 'utf8');
    const staticImports = [...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$/gm)].map((m) => m[1]!);
    expect(staticImports.length).toBeGreaterThan(0);
    expect(staticImports.filter((spec) => !isBuiltin(spec))).toEqual([]);
    // The bin itself loads nothing before it picks: no static import at all.
    expect(readFileSync(BUILT_CLI, 'utf8')).not.toMatch(/^import\s/m);
  });
});
