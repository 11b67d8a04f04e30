import { ScanError, UsageError } from '../errors.js';
import { redactKeys } from '../keys/index.js';
import { oneLine } from '../report/escape.js';
import { EXIT_ERROR, type CliIo, type CommandResult } from './io.js';
import { toOutput } from './output-boundary.js';

/**
 * One invocation under the CLI's contract: never throws, never exits; every error has one shape
 * (`cencori-scan: error: …`, one line, a usage error followed by where the help is); both streams
 * pass the output boundary (keys masked, control characters escaped; stdout keeps our own colour
 * codes when the command coloured it). The full CLI (run.ts) and the pre-commit hook's own bundle
 * (staged-main.ts) both answer through it, so they cannot drift apart.
 */
export async function runCommand(io: CliIo, command: string | undefined, body: (io: CliIo) => Promise<CommandResult>): Promise<CommandResult> {
  const progress = io.progress;
  // Progress lines carry the bar's own \r and colour: only keys are masked there.
  // On top of io, not a copy of it: a copy would read io.stdin, which main() builds only on use.
  const guarded: CliIo = progress ? Object.assign(Object.create(io) as CliIo, { progress: (text: string) => progress(redactKeys(text)) }) : io;
  let result: CommandResult;
  try {
    result = await body(guarded);
  } catch (error) {
    result = failure(error, command);
  }
  return { exitCode: result.exitCode, stdout: toOutput(result.stdout, { color: result.color }), stderr: toOutput(result.stderr) };
}

/** Every error has one shape: `cencori-scan: error: …`, one line (the message's controls escaped). */
export function errorLine(message: string): string {
  return `cencori-scan: error: ${oneLine(message)}\n`;
}

function failure(error: unknown, command: string | undefined): CommandResult {
  if (error instanceof UsageError) {
    // Where the help is: the command's own when one was named.
    const help = command ? `cencori-scan ${command} --help` : 'cencori-scan --help';
    return { exitCode: EXIT_ERROR, stdout: '', stderr: `${errorLine(error.message)}Run "${help}" for usage.\n` };
  }
  if (error instanceof ScanError) return { exitCode: EXIT_ERROR, stdout: '', stderr: errorLine(error.message) };
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return { exitCode: EXIT_ERROR, stdout: '', stderr: errorLine(`unexpected failure (a bug in cencori-scan): ${message}`) };
}
