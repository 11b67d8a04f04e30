import { run } from '../../src/cli/run.js';
import type { CommandResult } from '../../src/cli/io.js';

/** Runs the CLI in-process, as the bin would, with a clean environment (no colour, offline). */
export function runCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return run(argv, { cwd, env: { CENCORI_SCAN_OFFLINE: '1', ...env }, stdoutIsTTY: false, stderrIsTTY: false });
}
