import { main } from './main.js';
import { runCommand } from './run-command.js';
import { runScanCommand } from './scan-command.js';
import { staged } from './staged-command.js';

// dist/staged.cjs, what the bin loads for `cencori-scan staged` (the pre-commit hook): built apart
// as one file (tsup.config.ts). It answers exactly as run(['staged', ...]) does: the same command
// entry, the same runner, the same contract for errors and output (runCommand).
// Not awaited: a CommonJS bundle (bin.cts says why) has no top-level await; main never rejects
// (runCommand turns every error into its one-line answer).
void main((argv, io) => runCommand(io, 'staged', (guarded) => runScanCommand('staged', staged, argv.slice(1), guarded)));
