import { ScanError, UsageError } from '../errors.js';
import { redactKeys } from '../keys/index.js';
import { oneLine } from '../report/escape.js';
import { VERSION } from '../version.js';
import { EXIT_ERROR, type CliIo, type CommandResult } from './io.js';
import { toOutput } from './output-boundary.js';
import { SCAN_COMMANDS } from './scan-commands.js';

type Command = (args: string[], io: CliIo) => Promise<CommandResult>;

// Each command's modules load only when it runs: `staged` runs on every commit, and node's start
// plus module loading is most of its time, so it must not pay for simple-git, fast-glob or the
// verifier it does not use. The scan commands come from one table (scan-commands.ts).
const scanCommand = (name: keyof typeof SCAN_COMMANDS) => ({
  load: async (): Promise<Command> => {
    const { runScanCommand } = await import('./scan-command.js');
    return (args, io) => runScanCommand(name, SCAN_COMMANDS[name], args, io);
  },
  summary: SCAN_COMMANDS[name].summary,
});

const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  ...Object.fromEntries(Object.keys(SCAN_COMMANDS).map((name) => [name, scanCommand(name as keyof typeof SCAN_COMMANDS)])),
  verify: { load: async () => (await import('./commands/verify.js')).verifyCommand, summary: 'read keys from stdin, one a line, and ask Cencori whether each is live' },
  init: { load: async () => (await import('./commands/init.js')).initCommand, summary: 'install the pre-commit hook (husky) that blocks commits with keys' },
};

export const MAIN_HELP = `Usage: cencori-scan [COMMAND] [options]

Finds Cencori API keys where they must not be.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run "cencori-scan COMMAND --help" for a command's options.
Exit codes: 0 nothing blocks, 1 a blocking key was found (or, for verify, a live key), 2 usage or runtime error.

Options:
  -h, --help       this help
  -V, --version    print the version`;

/**
 * Runs one CLI invocation; never throws, never exits: the bin only prints what it returns.
 * Both streams pass the output boundary: keys masked, control characters escaped (stdout keeps
 * our own colour codes when the command coloured it).
 */
export async function run(argv: string[], io: CliIo): Promise<CommandResult> {
  const progress = io.progress;
  // Progress lines carry the bar's own \r and colour: only keys are masked there.
  const result = await dispatch(argv, progress ? { ...io, progress: (text) => progress(redactKeys(text)) } : io);
  return { exitCode: result.exitCode, stdout: toOutput(result.stdout, { color: result.color }), stderr: toOutput(result.stderr) };
}

/** Every error has one shape: `cencori-scan: error: …`, one line (the message's controls escaped). */
export function errorLine(message: string): string {
  return `cencori-scan: error: ${oneLine(message)}\n`;
}

async function dispatch(argv: string[], io: CliIo): Promise<CommandResult> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') return { exitCode: 0, stdout: `${VERSION}\n`, stderr: '' };
  if (first === '--help' || first === '-h' || first === 'help') return { exitCode: 0, stdout: `${MAIN_HELP}\n`, stderr: '' };
  const named = first !== undefined && Object.hasOwn(COMMANDS, first);
  const command = named ? COMMANDS[first]! : COMMANDS.files!;
  const args = named ? rest : argv;
  if (!named && first !== undefined && !first.startsWith('-') && /^[a-z]+$/.test(first) && !(await pathExists(io.cwd, first))) {
    return usageFailure(new UsageError(`unknown command "${first}" (commands: ${Object.keys(COMMANDS).join(', ')})`));
  }
  try {
    return await (await command.load())(args, io);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error, named ? first : undefined);
    if (error instanceof ScanError) return { exitCode: EXIT_ERROR, stdout: '', stderr: errorLine(error.message) };
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return { exitCode: EXIT_ERROR, stdout: '', stderr: errorLine(`unexpected failure (a bug in cencori-scan): ${message}`) };
  }
}

/** A usage error: the error line, then where the help is (the command's own when one was named). */
function usageFailure(error: Error, command?: string): CommandResult {
  const help = command ? `cencori-scan ${command} --help` : 'cencori-scan --help';
  return { exitCode: EXIT_ERROR, stdout: '', stderr: `${errorLine(error.message)}Run "${help}" for usage.\n` };
}

async function pathExists(cwd: string, name: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  try {
    await access(resolve(cwd, name));
    return true;
  } catch {
    return false;
  }
}
