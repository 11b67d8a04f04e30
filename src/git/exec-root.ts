import { ScanError } from '../errors.js';
import { GitFailure, gitText } from './exec.js';

/** The work tree's top folder, without loading simple-git (see exec.ts); a clear error outside one. */
export async function requireWorkTreeRoot(cwd: string): Promise<string> {
  try {
    return (await gitText(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw notAWorkTree(cwd, error);
  }
}

export function notAWorkTree(cwd: string, error: unknown): ScanError {
  if (error instanceof ScanError) return error;
  const reason = error instanceof GitFailure ? error.message : String(error);
  return new ScanError(`${cwd} is not inside a git work tree (${reason})`);
}
