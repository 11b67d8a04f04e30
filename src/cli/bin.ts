// The bin only picks what to load; main() prints, run() does the work.
//
// `cencori-scan staged` is the pre-commit hook: it runs on every commit, and node's start plus
// module loading is most of its time. So it loads one file built for it alone (dist/staged.js
// from staged-main.ts: one module to resolve and read instead of the CLI's chunks, and nothing
// the staged scan does not use). `history` and `pre-push` (the pre-push hook) load dist/history.js
// the same way: a history scan is mostly git's time, and git starts once the modules are read.
// The paths are computed so the CLI's build leaves those files out.
if (process.argv[2] === 'staged') {
  await import(new URL('./staged.js', import.meta.url).href);
} else if (process.argv[2] === 'history' || process.argv[2] === 'pre-push') {
  await import(new URL('./history.js', import.meta.url).href);
} else {
  const [{ main }, { run }] = await Promise.all([import('./main.js'), import('./run.js')]);
  await main(run);
}
