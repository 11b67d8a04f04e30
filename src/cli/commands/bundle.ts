import { ScanError } from '../../errors.js';
import type { CliIo, CommandResult } from '../io.js';

// Placeholder until its issue lands: a loud error, never a silent pass.
export async function bundleCommand(_args: string[], _io: CliIo): Promise<CommandResult> {
  throw new ScanError('"bundle" is not implemented yet');
}
