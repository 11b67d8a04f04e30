// Preloaded by history.bench.mjs (node -r): prints this process's own peak RSS at exit.
process.on('exit', () => process.stderr.write(`maxrss ${process.resourceUsage().maxRSS}\n`));
