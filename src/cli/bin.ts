// The bin only picks what to load; main() prints, run() does the work.
//
// `cencori-scan staged` is the pre-commit hook: it runs on every commit, and node's start plus
// module loading is most of its time. So it loads one file built for it alone (dist/staged.js
// from staged-main.ts: one module to resolve and read instead of the CLI's chunks, and nothing
// the staged scan does not use). The path is computed so the CLI's build leaves that file out.
if (process.argv[2] === 'staged') {
  await import(new URL('./staged.js', import.meta.url).href);
} else {
  const [{ main }, { run }] = await Promise.all([import('./main.js'), import('./run.js')]);
  await main(run);
}
