import { run } from './run.js';

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
