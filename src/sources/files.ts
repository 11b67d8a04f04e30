import { accessSync, constants, createReadStream, readdirSync, realpathSync, type Dirent, type Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { ScanError } from '../errors.js';
// Not ../git/index.js: that loads simple-git, which a files scan does not use.
import { repoRoot } from '../git/exec.js';
import { isIgnoredByGit, listWorktreeFiles } from '../git/worktree.js';
import { markUnscanned, type ScanStats, type ScanUnit } from '../scan/model.js';
import { displayPath } from './file-text.js';
import { INHERITED_STREAM, describeFsError, isOutside, readBatch, readCandidate, readLargeCandidate, readStream, type BatchOutcome, type Candidate, type ReadOutcome } from './files-read.js';

export interface FileSourceOptions {
  /** Files and folders to scan, relative to cwd; default ["."]. A path that does not exist is an error. */
  paths: string[];
  cwd: string;
  /** Globs (relative to ignoreBase) that are never scanned; a glob matching a folder covers its files. */
  ignore: string[];
  ignoreBase: string;
  /** Read for the path `-` (standard input); without it `-` is a file name like any other. */
  stdin?: Readable;
  /** The path findings in standard input are reported at (default `<stdin>`). */
  stdinLabel?: string;
  /** cwd's repository root when the caller asked git already (null: not in a repository), so git is not asked twice. */
  cwdRepoRoot?: string | null;
}

/** The path that means standard input, as cat and grep take it. */
export const STDIN_PATH = '-';
export const DEFAULT_STDIN_LABEL = '<stdin>';

/** Let other work on the event loop run (Node API callers) every this many bytes read. */
const YIELD_EVERY_BYTES = 16 * 1024 * 1024;

/** One path of the command line, as the listing will treat it. */
type NamedPath = { kind: 'stdin' } | { kind: 'file'; absolute: string } | { kind: 'folder'; absolute: string };

/**
 * The file list, produced as it is read rather than held: a folder outside git is walked one
 * folder at a time, each folder's entries sorted, so memory stays flat however many files there
 * are. The order is the one a sort of all paths would give (see walkFolder); a folder git lists
 * comes whole from `git ls-files` and is held as that list while it is read.
 *
 * Order: the command line's paths in turn (a folder: its files in path order); then the folders
 * found while reading (checked-out submodules), each listed after everything listed before it.
 */
export class FileList {
  readonly #listedFolders = new Set<string>();
  readonly #refusedSaid = new Set<string>();
  /** Files named on the command line: read once, as named, wherever the list meets them first. */
  readonly #named: Set<string>;
  readonly #namedDone = new Set<string>();
  /**
   * Every path listed, kept only when folders named on the command line overlap (`src src/lib`):
   * the one case where a file could be listed twice.
   */
  readonly #seen: Set<string> | undefined;

  private constructor(
    readonly options: FileSourceOptions,
    readonly stats: ScanStats,
    readonly paths: readonly NamedPath[],
    readonly ignoredByConfig: (absolute: string) => boolean,
  ) {
    this.#named = new Set(paths.flatMap((p) => (p.kind === 'file' ? [p.absolute] : [])));
    const folders = paths.flatMap((p) => (p.kind === 'folder' ? [p.absolute] : []));
    const overlap = folders.some((a, i) => folders.some((b, j) => i !== j && a !== b && b.startsWith(a.endsWith(path.sep) ? a : a + path.sep)));
    this.#seen = overlap ? new Set() : undefined;
  }

  /** Checks the command line's paths (a path that does not exist is an error, before anything is read). */
  static async open(options: FileSourceOptions, stats: ScanStats): Promise<FileList> {
    const ignoredByConfig = await configIgnoreMatcher(options);
    const named: NamedPath[] = [];
    for (const given of options.paths.length > 0 ? options.paths : ['.']) {
      if (given === STDIN_PATH && options.stdin !== undefined) {
        named.push({ kind: 'stdin' });
        continue;
      }
      const absolute = path.resolve(options.cwd, given);
      let info: Stats;
      try {
        info = await stat(absolute);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A typo in CI must not pass as "no keys found"; a broken symlink is said when it is opened.
        if ((code === 'ENOENT' || code === 'ENOTDIR') && !(await isSymlink(absolute))) throw new ScanError(`cannot scan ${given}: no such file or folder`);
        // Anything else (a symlink loop, no permission, a path too long) is said when the file is read.
        named.push({ kind: 'file', absolute });
        continue;
      }
      if (isDotGitPath(absolute)) {
        stats.details.push(`never scanned (inside .git): ${given}`);
        continue;
      }
      if (!info.isDirectory()) {
        named.push({ kind: 'file', absolute });
        continue;
      }
      // A symlinked folder is followed only inside cwd, as a symlinked file is.
      if ((await isSymlink(absolute)) && isOutside(path.relative(realpathSync(options.cwd), realpathSync(absolute)))) {
        stats.skipped++;
        markUnscanned(stats, displayPath(absolute, options.cwd, path), `symlink to a folder outside ${options.cwd}: not followed`);
        continue;
      }
      named.push({ kind: 'folder', absolute });
    }
    return new FileList(options, stats, named, ignoredByConfig);
  }

  /** The command line's files and folders, in order. */
  async *named(): AsyncGenerator<Candidate> {
    for (const p of this.paths) {
      if (p.kind === 'stdin') yield { absolute: STDIN_PATH, explicit: true, stdin: true };
      else if (p.kind === 'file') {
        const candidate = this.#accept(p.absolute, true);
        if (candidate) yield candidate;
      } else yield* this.#folder(p.absolute, true);
    }
  }

  /** Folders found while reading (submodules), listed in turn. */
  async *folders(folders: readonly string[]): AsyncGenerator<Candidate> {
    for (const folder of folders) yield* this.#folder(folder, false);
  }

  #display(absolute: string): string {
    return displayPath(absolute, this.options.cwd, path);
  }

  #accept(absolute: string, explicit: boolean): Candidate | undefined {
    if (explicit || this.#named.has(absolute)) {
      // Named and also found in a folder: read once, where the list meets it first, as named.
      if (this.#namedDone.has(absolute)) return undefined;
      this.#namedDone.add(absolute);
      explicit = true;
    }
    if (this.#seen) {
      if (this.#seen.has(absolute)) return undefined;
      this.#seen.add(absolute);
    }
    if (this.ignoredByConfig(absolute)) return { absolute, explicit, note: { detail: `ignored by config: ${this.#display(absolute)}` } };
    return { absolute, explicit };
  }

  #unlisted(folder: string, why: string): Candidate {
    return { absolute: folder, explicit: false, note: { unscanned: { what: `${this.#display(folder).replace(/\/?$/, '/')}`, why } } };
  }

  async *#folder(folder: string, explicit: boolean): AsyncGenerator<Candidate> {
    if (this.#listedFolders.has(folder)) return;
    this.#listedFolders.add(folder);
    try {
      // git would fail to start in it (or warn and list nothing): say so instead.
      accessSync(folder, constants.R_OK | constants.X_OK);
    } catch (error) {
      yield this.#unlisted(folder, `folder could not be listed: ${describeFsError(error)}`);
      return;
    }
    // Inside a repository git itself says what is ignored: nested .gitignore files,
    // .git/info/exclude and core.excludesFile, with all their negations, exactly as git means them.
    const known = this.options.cwdRepoRoot !== undefined && folder === path.resolve(this.options.cwd);
    const root = known ? (this.options.cwdRepoRoot ?? undefined) : await repoRoot(folder, { optional: true });
    if (root === undefined) {
      yield* this.#walk(folder);
      return;
    }
    // A folder named on the command line is scanned even when git ignores it (`cencori-scan dist`).
    if (explicit && folder !== root) {
      const { ignored, refusedExcludes } = await isIgnoredByGit(root, folder);
      yield* this.#refused(refusedExcludes);
      if (ignored) {
        yield* this.#walk(folder);
        return;
      }
    }
    const { files, unlistable, refusedExcludes } = await this.#gitList(folder);
    yield* this.#refused(refusedExcludes);
    for (const { folder: rel, why } of unlistable) yield this.#unlisted(path.join(folder, rel), `folder git could not list: ${why}`);
    files.sort();
    for (const rel of files) {
      if (isDotGitPath(rel)) continue;
      const candidate = this.#accept(path.join(folder, rel), false);
      if (candidate) yield candidate;
    }
  }

  *#walk(folder: string): Generator<Candidate> {
    const base = folder.endsWith(path.sep) ? folder : folder + path.sep;
    for (const entry of walkFolder(folder)) {
      if (typeof entry === 'string') {
        const candidate = this.#accept(base + entry, false);
        if (candidate) yield candidate;
      } else yield this.#unlisted(path.join(folder, entry.folder), `folder could not be listed: ${describeFsError(entry.error)}`);
    }
  }

  /** An ignore file git would read that is a FIFO or device was left out: said once per file, in list order. */
  *#refused(files: readonly string[]): Generator<Candidate> {
    for (const file of files) {
      if (this.#refusedSaid.has(file)) continue;
      this.#refusedSaid.add(file);
      yield { absolute: file, explicit: false, note: { warning: `${file} is not a regular file: its ignore patterns were not read (the scan covers the files it would have excluded)` } };
    }
  }

  /** What git lists under `dir`, with the files of untracked nested repositories (their own ignore rules). */
  async #gitList(dir: string): Promise<{ files: string[]; unlistable: Array<{ folder: string; why: string }>; refusedExcludes: string[] }> {
    const { files: listed, unlistable, refusedExcludes } = await listWorktreeFiles(dir);
    const files: string[] = [];
    for (const rel of listed) {
      // A submodule that is not checked out lists itself as "./": nothing to scan there.
      if (rel === './') continue;
      // git lists an untracked nested repository as "name/": its own files follow its own ignore rules.
      if (rel.endsWith('/')) {
        const nested = await this.#gitList(path.join(dir, rel));
        for (const r of nested.files) files.push(path.join(rel, r));
        for (const u of nested.unlistable) unlistable.push({ folder: path.join(rel, u.folder), why: u.why });
        for (const r of nested.refusedExcludes) refusedExcludes.push(r);
      } else files.push(rel);
    }
    return { files, unlistable, refusedExcludes };
  }
}

async function isSymlink(absolute: string): Promise<boolean> {
  try {
    return (await lstat(absolute)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A config glob ignores a file when it matches the file or one of its folders (`fixtures` covers `fixtures/a.js`). */
async function configIgnoreMatcher(options: FileSourceOptions): Promise<(absolute: string) => boolean> {
  if (options.ignore.length === 0) return () => false;
  // Loaded only when a config has globs: most runs have none and need not pay for it.
  const { default: picomatch } = await import('picomatch');
  const isIgnored = picomatch(options.ignore, { dot: true });
  return (absolute) => {
    const rel = path.relative(options.ignoreBase, absolute);
    if (rel === '' || isOutside(rel)) return false;
    const parts = rel.split(path.sep);
    for (let i = parts.length; i > 0; i--) if (isIgnored(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}

/** Code-unit order, as Array#sort compares strings. */
const byCodeUnits = (a: [string, Dirent], b: [string, Dirent]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);


/**
 * Every entry under `dir` that is not a folder, relative to it, without following symlinks (no
 * escape from the root, no loop): symlinks are listed and then skipped by openCandidate. A folder
 * that cannot be read is yielded as {folder, error} where its files would be.
 *
 * One folder's entries at a time, in the order a sort of all the relative paths gives: entries
 * are sorted with a folder's name read as `name/`, since "/" is what follows it in its files'
 * paths (`a.js` < `a/x.js` because "." < "/"). Hand-written rather than fast-glob's `**\/*`: no
 * pattern is involved, .git/ is pruned instead of walked and filtered, and it spares a 30 ms
 * module load on every run.
 */
export function* walkFolder(dir: string): Generator<string | { folder: string; error: unknown }> {
  const walk = function* (rel: string): Generator<string | { folder: string; error: unknown }> {
    let entries: Dirent[];
    try {
      entries = readdirSync(rel === '' ? dir : path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      yield { folder: rel, error };
      return;
    }
    const keyed: Array<[string, Dirent]> = [];
    for (const entry of entries) if (entry.name !== '.git') keyed.push([entry.isDirectory() ? entry.name + path.sep : entry.name, entry]);
    keyed.sort(byCodeUnits);
    for (const [, entry] of keyed) {
      const child = rel === '' ? entry.name : rel + path.sep + entry.name;
      if (entry.isDirectory()) yield* walk(child);
      else yield child;
    }
  };
  yield* walk('');
}

function isDotGitPath(p: string): boolean {
  return DOT_GIT.test(p);
}
const DOT_GIT = /(?:^|[\\/])\.git(?:[\\/]|$)/;

function mergeOutcome(stats: ScanStats, outcome: ReadOutcome): void {
  stats.scanned += outcome.scanned;
  stats.bytes += outcome.bytes;
  stats.skipped += outcome.skipped;
  for (const d of outcome.details) stats.details.push(d);
  for (const w of outcome.warnings) stats.warnings.push(w);
  for (const u of outcome.unscanned) stats.unscanned.push(u);
}

/** A batch of the list and what reading it gave (see readBatch). */
export interface ReadBatch extends BatchOutcome {
  candidates: readonly Candidate[];
}

/** Reads the list in order, possibly ahead on other threads; batches come out in list order. */
export interface CandidateReader {
  read(candidates: AsyncIterable<Candidate>, cwd: string): AsyncIterable<ReadBatch>;
  close(): void;
  /** What was read where, said with --verbose; undefined: all on this thread. */
  describe?(): string | undefined;
}

/** Runs on this thread, one file at a time: no start-up cost, the reader for small scans. */
export const IN_PROCESS: CandidateReader = {
  async *read(candidates, cwd) {
    for await (const candidate of candidates) {
      const batch = [candidate];
      yield { candidates: batch, ...readBatch(batch, cwd) };
    }
  },
  close() {},
};

/**
 * Yields the text of every file that holds a key, in list order, one file in memory at a time
 * (per thread). `reader` picks how files are read (files-pool.ts reads ahead on worker threads);
 * the order of units and counts is the list order whatever the reader.
 */
export async function* fileUnits(options: FileSourceOptions, stats: ScanStats, reader: CandidateReader = IN_PROCESS): AsyncGenerator<ScanUnit> {
  const list = await FileList.open(options, stats);
  const found: string[] = [];
  // What only this thread can do with an outcome, in list order.
  const finish = async function* (candidate: Candidate, outcome: ReadOutcome): AsyncGenerator<ScanUnit> {
    // A file with a key whose text did not fit in a worker's batch: read here, the same way.
    if (outcome.next === 'reread') outcome = readCandidate(candidate, options.cwd);
    mergeOutcome(stats, outcome);
    yield* outcome.units;
    if (outcome.next === 'folder') found.push(candidate.absolute);
    else if (outcome.next === 'stdin') yield* readStream(options.stdin!, options.stdinLabel ?? DEFAULT_STDIN_LABEL, stats);
    else if (outcome.next === 'stream') {
      const target = candidate.explicit && !INHERITED_STREAM.test(candidate.absolute) ? realpathSync(candidate.absolute) : candidate.absolute;
      yield* readStream(createReadStream(target), displayPath(candidate.absolute, options.cwd, path), stats);
    } else if (outcome.next === 'large') yield* readLargeCandidate(candidate, options.cwd, stats);
  };
  let sinceYield = 0;
  try {
    for (let candidates = list.named(); ; ) {
      for await (const batch of reader.read(candidates, options.cwd)) {
        stats.scanned += batch.counts.scanned;
        stats.bytes += batch.counts.bytes;
        stats.skipped += batch.counts.skipped;
        sinceYield += batch.counts.bytes;
        for (const [index, outcome] of batch.outcomes) {
          sinceYield += outcome.bytes;
          yield* finish(batch.candidates[index]!, outcome);
        }
        if (sinceYield >= YIELD_EVERY_BYTES) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (found.length === 0) break;
      candidates = list.folders(found.splice(0));
    }
    const where = reader.describe?.();
    if (where !== undefined) stats.details.push(where);
  } finally {
    reader.close();
  }
}
