import { ScanError } from '../../errors.js';
import type { CliIo, CommandResult } from '../io.js';

// Placeholder until its issue lands: a loud error, never a silent pass.
export async function historyCommand(_args: string[], _io: CliIo): Promise<CommandResult> {
  throw new ScanError('"history" is not implemented yet');
}
