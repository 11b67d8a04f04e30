// dist/history.cjs, what the bin loads for `cencori-scan history` and `pre-push`: built apart as
// one file (tsup.config.ts), answering exactly as run([name, ...]) does (the same command entry,
// runner and error contract), as staged-main.ts does for the pre-commit hook.
import { main } from './main.js';
import { runCommand } from './run-command.js';
import { runScanCommand } from './scan-command.js';
import { history, prePush } from './history-command.js';

const name = process.argv[2] === 'pre-push' ? 'pre-push' : 'history';
const command = name === 'pre-push' ? prePush : history;
// Not awaited, as in staged-main.ts: a CommonJS bundle has no top-level await.
void main((argv, io) => runCommand(io, name, (guarded) => runScanCommand(name, command, argv.slice(1), guarded)));
