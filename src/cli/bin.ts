import { guardStream, withoutGitDebug } from './output-boundary.js';
import { run } from './run.js';

// Before any command loads simple-git (and with it `debug`, which reads DEBUG once).
const debug = withoutGitDebug(process.env.DEBUG);
if (debug !== undefined) process.env.DEBUG = debug;
// Every byte this process prints passes the output door, our own and any dependency's.
guardStream(process.stdout);
guardStream(process.stderr);

// The bin only prints: everything else happens in run(), which tests call in-process.
const result = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  progress: process.stderr.isTTY ? (text) => process.stderr.write(text) : undefined,
});
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
