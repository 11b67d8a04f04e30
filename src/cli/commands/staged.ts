import { ScanError } from '../../errors.js';
import type { CliIo, CommandResult } from '../io.js';

// Placeholder until its issue lands: a loud error, never a silent pass.
export async function stagedCommand(_args: string[], _io: CliIo): Promise<CommandResult> {
  throw new ScanError('"staged" is not implemented yet');
}
