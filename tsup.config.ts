import { defineConfig } from 'tsup';

// Two outputs because the package has two kinds of users: ESM flat configs and CommonJS
// (.eslintrc / require) ones. The CLI is ESM only.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', scanner: 'src/scanner.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    sourcemap: false,
    shims: true,
  },
  {
    // The full CLI (every command but the hooks' scans), an ES module with its chunks. The files
    // scan's worker threads load files-worker.js from beside the chunk that starts them.
    entry: { 'cli-main': 'src/cli/cli-main.ts', 'files-worker': 'src/sources/files-worker.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
  },
  {
    // The bin (src/cli/bin.cts says why it is CommonJS).
    entry: { cli: 'src/cli/bin.cts' },
    format: ['cjs'],
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // What the bin loads for `cencori-scan staged`, the pre-commit hook, and for `history` and
    // `pre-push`: one CommonJS file each, no chunks shared with the CLI, so a commit or a push
    // loads one module (and git starts 14 ms sooner in a history scan). Their dependencies
    // (picomatch) stay lazy requires, loaded only when the config has ignore patterns.
    entry: { staged: 'src/cli/staged-main.ts', history: 'src/cli/history-main.ts' },
    format: ['cjs'],
    target: 'node20',
    platform: 'node',
    splitting: false,
  },
]);
