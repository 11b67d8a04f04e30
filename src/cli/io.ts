import type { Readable } from 'node:stream';

/** Everything a command reads from its surroundings: passed in, so tests run it in-process. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: Readable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Live progress lines (TTY only); the bin writes them to stderr as they come. */
  progress?: (text: string) => void;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout holds our own colour codes (the output boundary keeps those, and only those). */
  color?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * Colour only on a TTY, never with NO_COLOR set (https://no-color.org); FORCE_COLOR=0 (or
 * false) turns it off even on a TTY, any other FORCE_COLOR value forces it on (as chalk and
 * Node's own tty.hasColors read it).
 */
export function useColor(io: Pick<CliIo, 'env'>, isTTY: boolean): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY;
}
