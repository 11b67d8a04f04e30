// dist/cli-main.js, what the bin (bin.cts) loads for every command but the hooks' scans: the
// full CLI.
import { main } from './main.js';
import { run } from './run.js';

await main(run);
