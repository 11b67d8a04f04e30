import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliIo, CommandResult } from './io.js';
import { runCommand } from './run-command.js';
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
  init: { load: async () => (await import('./commands/init.js')).initCommand, summary: 'install the pre-commit and pre-push hooks (husky) that block commits with keys' },
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
 * Both streams pass the output boundary (runCommand).
 */
export async function run(argv: string[], io: CliIo): Promise<CommandResult> {
  const [first, ...rest] = argv;
  const named = first !== undefined && Object.hasOwn(COMMANDS, first);
  return runCommand(io, named ? first : undefined, async (io) => {
    if (first === '--version' || first === '-V') return { exitCode: 0, stdout: `${VERSION}\n`, stderr: '' };
    if (first === '--help' || first === '-h' || first === 'help') return { exitCode: 0, stdout: `${MAIN_HELP}\n`, stderr: '' };
    if (!named && first !== undefined && !first.startsWith('-') && /^[a-z]+$/.test(first) && !(await pathExists(io.cwd, first))) {
      throw new UsageError(`unknown command "${first}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    }
    const command = named ? COMMANDS[first]! : COMMANDS.files!;
    return (await command.load())(named ? rest : argv, io);
  });
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
