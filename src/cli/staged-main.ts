import { main } from './main.js';
import { runCommand } from './run-command.js';
import { runScanCommand } from './scan-command.js';
import { staged } from './staged-command.js';

// dist/staged.js, what the bin loads for `cencori-scan staged` (the pre-commit hook): built apart
// as one file (tsup.config.ts). It answers exactly as run(['staged', ...]) does: the same command
// entry, the same runner, the same contract for errors and output (runCommand).
await main((argv, io) => runCommand(io, 'staged', (guarded) => runScanCommand('staged', staged, argv.slice(1), guarded)));
