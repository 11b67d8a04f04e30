import path from 'node:path';
import { UsageError } from '../errors.js';
import type { ScanCommand } from './scan-command.js';
import { history, prePush } from './history-command.js';
import { staged } from './staged-command.js';

// Each entry loads its source's modules inside open(), so a command pays only for its own source.
// `staged`, `history` and `pre-push` have their own files: the hooks' one-file bundles
// (staged-main.ts, history-main.ts) take them from there without this table's other sources.

const files: ScanCommand = {
  summary: 'scan files and folders (default command; default path: .)',
  help: `Usage: cencori-scan files [PATH...] [options]

Scans files and folders (default: the current folder) for Cencori keys. Inside a git
repository, .gitignore and .git/info/exclude apply to discovered files; a file named on the
command line is scanned even if git ignores it. .git/ is never scanned, binary files are skipped,
symlinks are never followed out of the current folder. "-" reads standard input
(git show HEAD~3:app.ts | cencori-scan files - --stdin-label app.ts); a named pipe or /dev/stdin
named on the command line is read to its end.

Files:
      --stdin-label PATH    the path findings in standard input are reported at (default <stdin>)`,
  flags: { 'stdin-label': { type: 'string' } },
  positionals: true,
  unit: 'files',
  remove: 'remove the key from the file: read it from an environment variable or a secret store instead',
  async open({ values, positionals, io, stats }) {
    const [{ repoRoot }, { fileUnits, STDIN_PATH }, { fileReader }] = await Promise.all([import('../git/exec.js'), import('../sources/files.js'), import('../sources/files-pool.js')]);
    const label = values['stdin-label'] as string | undefined;
    const readsStdin = positionals.includes(STDIN_PATH);
    if (label !== undefined && (label.trim() === '' || !readsStdin)) throw new UsageError('files: --stdin-label needs a non-empty PATH and the path "-" (standard input) to label');
    if (readsStdin && (io.stdin === undefined || (io.stdin as { isTTY?: boolean }).isTTY === true)) {
      throw new UsageError('files: "-" reads standard input, which is a terminal here: pipe the text in (e.g. git show HEAD:app.ts | cencori-scan files -)');
    }
    const root = await repoRoot(io.cwd, { optional: true });
    return {
      repoRoot: root,
      units: async (settings) =>
        fileUnits(
          {
            paths: positionals.length > 0 ? positionals : ['.'],
            cwd: io.cwd,
            cwdRepoRoot: root ?? null,
            ignore: settings.loaded.config.ignore,
            ignoreBase: settings.loaded.baseDir ?? path.resolve(io.cwd),
            ...(readsStdin ? { stdin: io.stdin, stdinLabel: label } : {}),
          },
          stats,
          // Many files are read ahead on worker threads (files-pool.ts).
          fileReader(io.env),
        ),
    };
  },
};

const bundle: ScanCommand = {
  summary: 'scan built client output (.next, dist, build, ...) and map keys back to source',
  help: `Usage: cencori-scan bundle [DIR...] [options]

Scans what the browser downloads for Cencori keys, and traces each one back to the source
line (and env var) it came from through the build's source maps.

Without DIR it scans the client output found in the current folder: Next.js .next/static plus
prerendered pages and RSC payloads under .next/server/app and .next/server/pages (not the rest
of .next/server, which is server code), out/, dist/, build/, .svelte-kit/output/client/,
.output/public/ and .vercel/output/static/. A DIR is scanned whole (a Next.js dist folder keeps
its server code out; a folder with client/ and server/ is scanned through client/ only).
.gitignore does not apply: build output is normally ignored. Scanned: .js .mjs .cjs .css .html
.json .rsc .txt .map (and Next.js .body/.meta).

Every secret key found blocks. Publishable keys are meant for browsers: they are only reported
with --verbose (as warnings) or when the config sets "publishable": "block".`,
  positionals: true,
  unit: 'bundle files',
  remove: 'remove the key from client code: a secret key must never reach the browser; call Cencori from server code that reads it from a non-public environment variable, then rebuild',
  policy: { clientOutput: true },
  async open({ positionals, io, stats }) {
    const [{ repoRoot }, { bundleSource, findBundleRoots }, { displayPath }] = await Promise.all([
      import('../git/exec.js'),
      import('../sources/bundle/index.js'),
      import('../sources/file-text.js'),
    ]);
    let roots: Awaited<ReturnType<typeof findBundleRoots>> = [];
    let enrich: ReturnType<typeof bundleSource>['enrich'] | undefined;
    return {
      repoRoot: await repoRoot(io.cwd, { optional: true }),
      units: async (settings) => {
        roots = await findBundleRoots(io.cwd, positionals);
        const source = bundleSource(
          { roots, cwd: io.cwd, ignore: settings.loaded.config.ignore, ignoreBase: settings.loaded.baseDir ?? path.resolve(io.cwd) },
          stats,
        );
        enrich = source.enrich;
        return source.units;
      },
      enrich: (unit, detections) => enrich!(unit, detections),
      roots: () => roots.map((root) => ({ display: displayPath(root.dir, io.cwd, path), label: root.label, notes: root.notes })),
    };
  },
};

/** The scan commands, in the order the main help lists them. */
export const SCAN_COMMANDS = { files, staged, history, 'pre-push': prePush, bundle } as const satisfies Record<string, ScanCommand>;
