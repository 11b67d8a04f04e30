// The bin only picks what to load; main() prints, run() does the work.
//
// CommonJS on purpose. `cencori-scan staged` is the pre-commit hook: it runs on every commit,
// and node's start plus module loading is most of its time. An ES module entry sets up node's
// ESM loader first, which a CommonJS one does not: dist/cli.cjs then dist/staged.cjs take ~18 M
// fewer instructions (180 M against 198 M; `node -e 0` is 88 M) and ~4 ms less wall time than
// the same bundles as ES modules. So the hook's scan loads one CommonJS file built for it alone
// (dist/staged.cjs from staged-main.ts: nothing the staged scan does not use); `history` and
// `pre-push` (the pre-push hook) load dist/history.cjs the same way. Every other command is the
// full CLI, an ES module with its chunks (dist/cli-main.js). The paths are computed so the
// build leaves those files out of this one.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin: require() is how it loads the hooks' bundles */
import path = require('node:path');
import url = require('node:url');

const command = process.argv[2];
const fail = (error: unknown): void => {
  process.stderr.write(`cencori-scan: error: the installed package is broken: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exitCode = 2;
};
try {
  if (command === 'staged') require(path.join(__dirname, 'staged.cjs'));
  else if (command === 'history' || command === 'pre-push') require(path.join(__dirname, 'history.cjs'));
  else import(url.pathToFileURL(path.join(__dirname, 'cli-main.js')).href).catch(fail);
} catch (error) {
  fail(error);
}
