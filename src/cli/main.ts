import type { CliIo, CommandResult } from './io.js';
import { isatty } from 'node:tty';
import { guardProcessStream, withoutGitDebug } from './output-boundary.js';

/**
 * The process side of one invocation, shared by the full CLI and the pre-commit hook's bundle:
 * argv and streams in, what `run` returns printed, the exit code set. Nothing else happens here:
 * `run` does the work, and tests call it in-process.
 */
export async function main(run: (argv: string[], io: CliIo) => Promise<CommandResult>): Promise<void> {
  // Before any command loads simple-git (and with it `debug`, which reads DEBUG once).
  const debug = withoutGitDebug(process.env.DEBUG);
  if (debug !== undefined) process.env.DEBUG = debug;
  // Every byte this process prints passes the output door, our own and any dependency's.
  guardProcessStream('stdout');
  guardProcessStream('stderr');
  const result = await run(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    // Built on first use, as stdout is (guardProcessStream): only files -, verify and pre-push
    // read it, and the hook should not build a stream it never reads.
    get stdin() {
      return process.stdin;
    },
    // What process.stdout.isTTY would say, without building the stream to ask it.
    stdoutIsTTY: isatty(1),
    stderrIsTTY: process.stderr.isTTY === true,
    progress: process.stderr.isTTY ? (text) => process.stderr.write(text) : undefined,
  });
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
