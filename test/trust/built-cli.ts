import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp-dir.js';

/** The built CLI, run as users run it: a real process. */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.cjs');

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

const ENV = { ...process.env, CENCORI_SCAN_OFFLINE: '1', NO_COLOR: '1' };

/** `cencori-scan ARGS` in `cwd`, to completion (10 s at most: a hang fails the test instead of the run). */
export function scan(args: string[], cwd: string, options: SpawnSyncOptions = {}): Ran {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: ENV, timeout: 10_000, maxBuffer: 64 << 20, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The same, started and left running (a writer is fed meanwhile). */
export function scanInBackground(args: string[], cwd: string): Promise<Ran> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

/**
 * Root reads anything: a real EACCES needs the CLI run as the unprivileged user `nobody`
 * (setpriv, util-linux), in a tree that user owns (git refuses a repository owned by another user).
 */
export const NOBODY = 65534;
export const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

export function scanAsNobody(args: string[], cwd: string): Ran {
  const result = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...ENV, HOME: cwd, XDG_CONFIG_HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
    timeout: 10_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary tree owned by `nobody` (files 644, folders 755), made from `files`. */
export function treeForNobody(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  chmodSync(dir, 0o755);
  spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, dir]);
  return dir;
}

export function gitAsNobody(dir: string, ...args: string[]): void {
  const result = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'git', '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: dir,
    env: { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

export { chownSync };

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  redacted: string;
}

export function findingsOf(ran: Ran): JsonFinding[] {
  return (JSON.parse(ran.stdout) as { findings: JsonFinding[] }).findings;
}

/** The fail-closed tail's lines: what was not scanned and why, and the INCOMPLETE summary. */
export const INCOMPLETE = /INCOMPLETE: no keys found in what was read, but \d+ items? could not be scanned/;
