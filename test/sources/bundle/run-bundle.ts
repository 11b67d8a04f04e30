import { run } from '../../../src/cli/run.js';
import type { CommandResult } from '../../../src/cli/io.js';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  redacted: string;
  blocking: boolean;
  original?: { file: string; line: number; column: number; envVar?: string };
}

/** `cencori-scan bundle ARGS` in-process, offline, from `cwd`. */
export function bundle(cwd: string, args: string[] = []): Promise<CommandResult> {
  return run(['bundle', '--offline', ...args], { cwd, env: {}, stdoutIsTTY: false, stderrIsTTY: false });
}

/** The same with --format json, its findings parsed. */
export async function bundleJson(cwd: string, args: string[] = []): Promise<CommandResult & { findings: JsonFinding[] }> {
  const result = await bundle(cwd, ['--format', 'json', ...args]);
  const findings = result.stdout === '' ? [] : (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
  return { ...result, findings };
}

/** Everything a command printed, to check no full key ever appears in it. */
export const printed = (result: CommandResult): string => result.stdout + result.stderr;
