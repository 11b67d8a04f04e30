import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepo, type TempRepo } from './git-repo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.cjs');

/** The built CLI as its own process in the repo, as a user runs it (offline: tests never reach Cencori). */
export function runBuiltCli(repo: TempRepo, args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, env: { ...repo.env, CENCORI_SCAN_OFFLINE: '1', ...env }, input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}${r.stderr}` };
}

/** Any command in the repo with the repo's isolated env, offline; status and output together. */
export function runIn(repo: TempRepo, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(command, args, { cwd: repo.dir, env: { ...repo.env, CENCORI_SCAN_OFFLINE: '1', ...env }, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** What `npm install` of the package leaves: node_modules/.bin/cencori-scan (here: this checkout's build). */
export function linkBin(repo: TempRepo): void {
  mkdirSync(path.join(repo.dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, path.join(repo.dir, 'node_modules', '.bin', 'cencori-scan'));
}

/** A repo with a package.json, the real husky v9 package and (unless bin: false) the scanner in node_modules. */
export function repoWithHusky(options: { bin?: boolean } = {}): TempRepo {
  const r = createRepo();
  r.write('package.json', `${JSON.stringify({ name: 'app', version: '1.0.0', scripts: { test: 'vitest' } }, null, 2)}\n`);
  r.write('package-lock.json', '{}\n');
  r.write('.gitignore', 'node_modules/\n');
  cpSync(path.join(ROOT, 'node_modules', 'husky'), path.join(r.dir, 'node_modules', 'husky'), { recursive: true });
  if (options.bin !== false) linkBin(r);
  return r;
}
