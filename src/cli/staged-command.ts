import type { ScanCommand } from './scan-command.js';

/**
 * The pre-commit hook's scan, apart from the other scan commands (scan-commands.ts lists it with
 * them): the hook's own bundle (staged-main.ts) imports only this file and what it loads, so
 * nothing of files, history or bundle (fast-glob, simple-git, source maps) is in it.
 */
export const staged: ScanCommand = {
  summary: 'scan what the next commit adds (the git index): the pre-commit hook',
  help: `Usage: cencori-scan staged [options]

Scans what the next commit adds: the lines of the git index that are new relative to HEAD
(on the first commit, everything staged). A key only in the working tree is not reported; a
key staged and since deleted from the working tree is. During a merge, only lines new to every
parent count. Paths are repository paths; submodules are skipped. Exits 0 with a note when
nothing is staged. This is the pre-commit hook ("cencori-scan init" installs it).`,
  positionals: false,
  unit: 'staged files',
  remove: 'remove the key from the change: take it out of the file (read it from an environment variable instead), then git add the file again so the staged version has no key',
  async open({ io, stats }) {
    const [{ startStagedRead }, { repoPathFilter }, { stagedUnits }, { BlobReader }] = await Promise.all([
      import('../git/staged.js'),
      import('../sources/git-paths.js'),
      import('../sources/staged.js'),
      import('../git/blobs.js'),
    ]);
    // The root first: the runner resolves the config while git is still diffing.
    const { repoRoot, changes } = await startStagedRead(io.cwd);
    const nothing = changes.then((c) => (c.files.length === 0 ? 'cencori-scan: nothing staged: no changes to scan\n' : undefined));
    nothing.catch(() => undefined);
    const blobs = new BlobReader(repoRoot);
    return {
      repoRoot,
      fileBase: repoRoot,
      nothing,
      units: async (settings) => {
        const [staged, isIgnored] = await Promise.all([changes, repoPathFilter(settings.loaded.config.ignore, settings.loaded.baseDir ?? repoRoot, repoRoot)]);
        return stagedUnits(staged, isIgnored, blobs, stats);
      },
      close: () => blobs.close(),
    };
  },
};
