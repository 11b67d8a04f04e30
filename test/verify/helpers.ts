import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import type { CliIo, CommandResult } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';

/** A temp folder holding `files` (relative path -> content); removed by cleanup(). */
export function makeTree(files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cencori-verify-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the real CLI in-process with exactly this environment (nothing inherited from the test runner). */
export async function runCli(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string }): Promise<CommandResult & { ms: number }> {
  const io: CliIo = {
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdin === undefined ? undefined : Readable.from([Buffer.from(options.stdin)]),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const started = performance.now();
  const result = await run(argv, io);
  return { ...result, ms: performance.now() - started };
}

/** No full key anywhere in what the CLI printed. */
export function expectNoKeyIn(result: { stdout: string; stderr: string }, keys: readonly string[]): void {
  for (const key of keys) {
    expect(result.stdout).not.toContain(key);
    expect(result.stderr).not.toContain(key);
  }
}

export interface JsonFinding {
  file: string;
  redacted: string;
  kind: string;
  verification: string;
  verificationReason?: string;
  blocking: boolean;
}

export function findingsOf(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}
