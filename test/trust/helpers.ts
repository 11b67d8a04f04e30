import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, run as users run it: a real process. */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli.cjs');

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBuiltCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Ran {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CENCORI_SCAN_OFFLINE: '1', NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Temporary folders, removed by `cleanup` (call it in afterEach). */
export function tempFolders(prefix: string) {
  const made: string[] = [];
  return {
    make(files: Record<string, string | Buffer> = {}): string {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(dir);
      for (const [rel, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), content);
      }
      return dir;
    },
    cleanup(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  redacted: string;
  encoding?: string;
}

export function findingsOf(ran: Ran): JsonFinding[] {
  return (JSON.parse(ran.stdout) as { findings: JsonFinding[] }).findings;
}
