import { accessSync, closeSync, constants, createReadStream, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { ScanError } from '../errors.js';
import { bytesMayHoldKey, countCodePoints, mayContainKey } from '../keys/index.js';
import { isIgnoredByGit, listWorktreeFiles, repoRoot } from '../git/index.js';
import { markUnscanned, type ScanStats, type ScanUnit, type Unscanned } from '../scan/model.js';
import { asLfLines, displayPath } from './file-text.js';
import { StreamTextDecoder, decodeText, sniffEncoding } from './text-encoding.js';

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
}

/** The path that means standard input, as cat and grep take it. */
export const STDIN_PATH = '-';
export const DEFAULT_STDIN_LABEL = '<stdin>';

interface Candidate {
  absolute: string;
  /** Named on the command line: scanned even if ignored by git; a symlink is followed (inside cwd). */
  explicit: boolean;
  /** `-`: read from the stdin stream. */
  stdin?: boolean;
  /** The folder display paths are relative to (set before reading). */
  cwd?: string;
}

const isOutside = (rel: string) => rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);

interface CandidateList {
  /** Grows while it is read: a submodule found on the way adds its files at the end. */
  candidates: Candidate[];
  /** Adds the files git (or the walk) lists under `folder`. */
  addFolder(folder: string, explicit: boolean): Promise<void>;
}

/** Every file to scan, in a stable order: explicit files, then each folder's discovered files. */
export async function discoverFiles(options: FileSourceOptions, stats: ScanStats): Promise<CandidateList> {
  const ignoredByConfig = await configIgnoreMatcher(options);
  const seen = new Map<string, Candidate>();
  const out: Candidate[] = [];
  const add = (absolute: string, explicit: boolean) => {
    const known = seen.get(absolute);
    if (known !== undefined) {
      // Named on the command line and also found in a folder: the name wins (warnings, symlinks).
      if (explicit) known.explicit = true;
      return;
    }
    const candidate = { absolute, explicit };
    seen.set(absolute, candidate);
    if (ignoredByConfig(absolute)) {
      stats.details.push(`ignored by config: ${displayPath(absolute, options.cwd, path)}`);
      return;
    }
    out.push(candidate);
  };
  const listedFolders = new Set<string>();
  const addFolder = async (folder: string, explicit: boolean) => {
    if (listedFolders.has(folder)) return;
    listedFolders.add(folder);
    try {
      // git would fail to start in it (or warn and list nothing): say so instead.
      accessSync(folder, constants.R_OK | constants.X_OK);
    } catch (error) {
      stats.skipped++;
      markUnscanned(stats, `${displayPath(folder, options.cwd, path).replace(/\/?$/, '/')}`, `folder could not be listed: ${describeFsError(error)}`);
      return;
    }
    const found = await listFolder(folder, explicit, stats, options.cwd);
    found.sort();
    for (const rel of found) {
      if (!isDotGitPath(rel)) add(path.join(folder, rel), false);
    }
  };
  for (const given of options.paths.length > 0 ? options.paths : ['.']) {
    if (given === STDIN_PATH && options.stdin !== undefined) {
      out.push({ absolute: STDIN_PATH, explicit: true, stdin: true });
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
      add(absolute, true);
      continue;
    }
    if (isDotGitPath(absolute)) {
      stats.details.push(`never scanned (inside .git): ${given}`);
      continue;
    }
    if (!info.isDirectory()) {
      add(absolute, true);
      continue;
    }
    // A symlinked folder is followed only inside cwd, as a symlinked file is.
    if ((await isSymlink(absolute)) && isOutside(path.relative(realpathSync(options.cwd), realpathSync(absolute)))) {
      stats.skipped++;
      markUnscanned(stats, displayPath(absolute, options.cwd, path), `symlink to a folder outside ${options.cwd}: not followed`);
      continue;
    }
    await addFolder(absolute, true);
  }
  return { candidates: out, addFolder };
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

async function listFolder(dir: string, explicit: boolean, stats: ScanStats, cwd: string): Promise<string[]> {
  // Inside a repository git itself says what is ignored: nested .gitignore files,
  // .git/info/exclude and core.excludesFile, with all their negations, exactly as git means them.
  const root = await repoRoot(dir, { optional: true });
  // A folder named on the command line is scanned even when git ignores it (`cencori-scan dist`).
  if (root === undefined) return walkFolder(dir, stats, cwd);
  if (explicit && dir !== root) {
    const { ignored, refusedExcludes } = await isIgnoredByGit(root, dir);
    warnRefusedExcludes(stats, refusedExcludes);
    if (ignored) return walkFolder(dir, stats, cwd);
  }
  const { files: listed, unlistable, refusedExcludes } = await listWorktreeFiles(dir);
  warnRefusedExcludes(stats, refusedExcludes);
  for (const { folder, why } of unlistable) {
    stats.skipped++;
    markUnscanned(stats, `${displayPath(path.join(dir, folder), cwd, path).replace(/\/?$/, '/')}`, `folder git could not list: ${why}`);
  }
  const files: string[] = [];
  for (const rel of listed) {
    // A submodule that is not checked out lists itself as "./": nothing to scan there.
    if (rel === './') continue;
    // git lists an untracked nested repository as "name/": its own files follow its own ignore rules.
    if (rel.endsWith('/')) files.push(...(await listFolder(path.join(dir, rel), false, stats, cwd)).map((r) => path.join(rel, r)));
    else files.push(rel);
  }
  return files;
}

/** An ignore file git would read that is a FIFO or device was left out: said once per file. */
function warnRefusedExcludes(stats: ScanStats, files: readonly string[]): void {
  for (const file of files) {
    const warning = `${file} is not a regular file: its ignore patterns were not read (the scan covers the files it would have excluded)`;
    if (!stats.warnings.includes(warning)) stats.warnings.push(warning);
  }
}

/**
 * Every entry under `dir` that is not a folder, relative to it, without following symlinks (no
 * escape from the root, no loop): symlinks are listed and then skipped by openCandidate.
 * Hand-written rather than fast-glob's `**\/*`: no pattern is involved, .git/ is pruned instead
 * of walked and filtered, and it spares a 30 ms module load on every run.
 */
function walkFolder(dir: string, stats: ScanStats, cwd: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      stats.skipped++;
      markUnscanned(stats, `${displayPath(path.join(dir, rel), cwd, path).replace(/\/?$/, '/')}`, `folder could not be listed: ${describeFsError(error)}`);
      return;
    }
    for (const entry of entries) {
      const child = rel === '' ? entry.name : path.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(child);
      } else {
        out.push(child);
      }
    }
  };
  walk('');
  return out;
}

function isDotGitPath(p: string): boolean {
  return p.split(/[\\/]/).includes('.git');
}

/**
 * Sync reads on purpose: with the page cache warm, a promise-based open/stat/read/close costs
 * more in the event loop than the read itself (profiled: 75% of a 6000-file scan). One file at a
 * time through one reused buffer also bounds memory without any read-ahead bookkeeping.
 * O_NOFOLLOW refuses symlinks without an extra lstat; O_NONBLOCK keeps a FIFO from hanging open().
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const CAN_REFUSE_SYMLINKS = constants.O_NOFOLLOW !== undefined;
/** Files above this size are read in pieces, so memory stays bounded whatever the file size. */
const WHOLE_FILE_LIMIT = 8 * 1024 * 1024;
const STREAM_CHUNK = 4 * 1024 * 1024;
/** Let other work on the event loop run (Node API callers) every this many bytes read. */
const YIELD_EVERY_BYTES = 16 * 1024 * 1024;

let sharedBuffer = Buffer.allocUnsafe(256 * 1024);
function bufferOf(size: number): Buffer {
  if (sharedBuffer.length < size) sharedBuffer = Buffer.allocUnsafe(Math.max(size, sharedBuffer.length * 2));
  return sharedBuffer;
}

/** A named path that is the process's own standard input (or another inherited descriptor). */
const INHERITED_STREAM = /^\/(?:dev\/(?:stdin|fd\/\d+)|proc\/self\/fd\/\d+)$/;

/** What to do with one candidate, decided by opening it. */
type Opened =
  | { fd: number; size: number; link?: string }
  | { folder: true }
  /** A named pipe or standard input named on the command line: read as a stream to its end. */
  | { stream: string; link?: string }
  /** A symlink not followed: only its own text (the target path) is scanned. */
  | { link: string };

/** errno codes in words, for the "not scanned" list. */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'ENAMETOOLONG':
      return 'path too long for the system (ENAMETOOLONG)';
    case 'ELOOP':
      return 'too many levels of symlinks (ELOOP)';
    case 'EIO':
      return 'input/output error (EIO)';
    default:
      return code ?? (error as Error).message;
  }
}

/** A file the scan could not read: counted, and listed as not scanned (exit 2 unless --allow-incomplete). */
function unscanned(stats: ScanStats, display: string, why: string): undefined {
  stats.skipped++;
  markUnscanned(stats, display, why);
  return undefined;
}

/**
 * The path to open for a symlink named on the command line, or undefined when it is not followed
 * (said): followed only when it resolves inside cwd, never out of the scanned root.
 */
function resolveExplicitSymlink(candidate: Candidate, cwd: string, stats: ScanStats, display: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(candidate.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return unscanned(stats, display, `broken symlink: its target ${readlinkSync(candidate.absolute)} does not exist`);
    return unscanned(stats, display, `symlink could not be followed: ${describeFsError(error)}`);
  }
  if (isOutside(path.relative(realpathSync(cwd), target))) return unscanned(stats, display, `symlink points outside ${cwd}: not followed`);
  return target;
}

function openCandidate(candidate: Candidate, cwd: string, stats: ScanStats, display: string): Opened | undefined {
  let file = candidate.absolute;
  let link: string | undefined;
  if (candidate.explicit) {
    // A pipe or stdin named by the user is read as a stream, wherever /dev/stdin's link points.
    if (INHERITED_STREAM.test(file)) return { stream: file };
    const info = lstatSync(file);
    if (info.isSymbolicLink()) {
      link = readlinkSync(file);
      const target = resolveExplicitSymlink(candidate, cwd, stats, display);
      if (target === undefined) return { link };
      file = target;
    }
    if (statSync(file).isFIFO()) return { stream: file, ...(link === undefined ? {} : { link }) };
  } else if (!CAN_REFUSE_SYMLINKS && lstatSync(file).isSymbolicLink()) {
    return { link: readlinkSync(file) };
  }
  let fd: number;
  try {
    fd = openSync(file, file === candidate.absolute ? OPEN_FLAGS : OPEN_FLAGS & ~(constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // O_NOFOLLOW refuses the symlink: it is not followed, but its own text is scanned (as git stores it).
    if (code === 'ELOOP' && !candidate.explicit) return { link: readlinkSync(file) };
    if (code === 'ENXIO') return unscanned(stats, display, 'a socket: not a file that can be read');
    throw error;
  }
  const info = fstatSync(fd);
  if (info.isFile()) return { fd, size: info.size, ...(link === undefined ? {} : { link }) };
  closeSync(fd);
  // git lists a submodule as one entry, its folder: its files are listed by its own git.
  if (info.isDirectory() && !candidate.explicit) return { folder: true };
  if (info.isFIFO()) return unscanned(stats, display, 'a named pipe (FIFO) found in a folder: not read, reading it could wait forever (name it on the command line to read it)');
  if (info.isCharacterDevice() || info.isBlockDevice()) return unscanned(stats, display, 'a device: not read');
  return unscanned(stats, display, 'not a regular file');
}

function skip(stats: ScanStats, display: string, why: string): undefined {
  stats.details.push(`skipped ${display}: ${why}`);
  return undefined;
}

/**
 * Reads the `size` bytes fstat reported (the file as it was when opened: no extra read() per file
 * to look for growth); stops early if it shrank. The bytes live in the shared buffer.
 */
function readWhole(fd: number, size: number): Buffer {
  const buffer = bufferOf(size);
  let length = 0;
  while (length < size) {
    const n = readSync(fd, buffer, length, size - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}

/**
 * What reading one candidate gave: its units (the file's text when it may hold a key, a symlink's
 * target text) and its counts. Plain data, so a worker thread can produce it (files-pool.ts) and
 * the main thread merges outcomes in discovery order: the same findings in the same order.
 */
export interface ReadOutcome {
  units: ScanUnit[];
  scanned: number;
  bytes: number;
  skipped: number;
  details: string[];
  warnings: string[];
  unscanned: Unscanned[];
  /** Left to the main thread: a submodule folder to list, a large file or a stream to read in pieces. */
  next?: 'folder' | 'large' | 'stream';
}

export type { Candidate };

function emptyOutcome(): ReadOutcome {
  return { units: [], scanned: 0, bytes: 0, skipped: 0, details: [], warnings: [], unscanned: [] };
}

/** Reads one candidate up to the point where only the main thread can go on (see ReadOutcome.next). */
export function readCandidate(candidate: Candidate, cwd: string): ReadOutcome {
  const outcome = emptyOutcome();
  // The helpers below count into a ScanStats; an outcome has the same counters.
  const stats = outcome as unknown as ScanStats;
  const display = displayPath(candidate.absolute, cwd, path);
  let opened: Opened | undefined;
  try {
    opened = openCandidate(candidate, cwd, stats, display);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file deleted since git listed it (a tracked file removed from the work tree) is no problem.
    if (code === 'ENOENT' && !candidate.explicit) outcome.details.push(`skipped ${display}: gone since listing`);
    else markUnscanned(stats, display, describeFsError(error));
    outcome.skipped++;
    return outcome;
  }
  if (opened === undefined) return outcome;
  if ('folder' in opened) return { ...outcome, next: 'folder' };
  // A key can be a symlink's target text: git stores that text as the link's content, so staged sees it too.
  if (opened.link !== undefined && mayContainKey(opened.link)) outcome.units.push({ file: display, text: opened.link, lineOffset: 0 });
  if ('stream' in opened) return { ...outcome, next: 'stream' };
  if (!('fd' in opened)) {
    outcome.skipped++;
    skip(stats, display, 'symlink (not followed; its target path is scanned as text)');
    return outcome;
  }
  const { fd, size } = opened;
  try {
    if (size > WHOLE_FILE_LIMIT) return { ...outcome, next: 'large' };
    const unit = readSmallFile(fd, size, display, stats);
    if (unit !== undefined) outcome.units.push(unit);
  } catch (error) {
    unscanned(stats, display, `read failed: ${describeFsError(error)}`);
  } finally {
    closeSync(fd);
  }
  return outcome;
}

function mergeOutcome(stats: ScanStats, outcome: ReadOutcome): void {
  stats.scanned += outcome.scanned;
  stats.bytes += outcome.bytes;
  stats.skipped += outcome.skipped;
  for (const d of outcome.details) stats.details.push(d);
  for (const w of outcome.warnings) stats.warnings.push(w);
  for (const u of outcome.unscanned) stats.unscanned.push(u);
}

/** Reads candidates in order, possibly ahead on other threads; `outcome(i)` is candidate i's. */
export interface CandidateReader {
  outcome(index: number, candidates: readonly Candidate[]): ReadOutcome | Promise<ReadOutcome>;
  close(): void;
  /** Worker threads reading (said with --verbose); undefined: this thread. */
  threads?: number;
}

/** Runs on this thread, one file at a time: no start-up cost, the reader for small scans. */
export const IN_PROCESS: CandidateReader = { outcome: (index, candidates) => readCandidate(candidates[index]!, candidates[index]!.cwd ?? ''), close() {} };

/**
 * Yields the text of every file to scan, in a stable order, one file in memory at a time (per
 * thread). `reader` picks how files are read (files-pool.ts reads ahead on worker threads); the
 * order of units and counts is the discovery order whatever the reader.
 */
export async function* fileUnits(options: FileSourceOptions, stats: ScanStats, chooseReader?: (count: number) => Promise<CandidateReader>): AsyncGenerator<ScanUnit> {
  const { candidates, addFolder } = await discoverFiles(options, stats);
  for (const c of candidates) c.cwd = options.cwd;
  const reader = chooseReader ? await chooseReader(candidates.length) : IN_PROCESS;
  if (reader.threads !== undefined) stats.details.push(`${candidates.length} files read on ${reader.threads} worker threads`);
  let sinceYield = 0;
  try {
    // Indexed, not for...of: addFolder may append while the list is read.
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      if (candidate.stdin) {
        yield* readStream(options.stdin!, options.stdinLabel ?? DEFAULT_STDIN_LABEL, stats);
        continue;
      }
      const outcome = await reader.outcome(i, candidates);
      mergeOutcome(stats, outcome);
      yield* outcome.units;
      if (outcome.next === 'folder') {
        const before = candidates.length;
        await addFolder(candidate.absolute, false);
        for (let j = before; j < candidates.length; j++) candidates[j]!.cwd = options.cwd;
      } else if (outcome.next === 'stream') {
        const target = candidate.explicit && !INHERITED_STREAM.test(candidate.absolute) ? realpathSync(candidate.absolute) : candidate.absolute;
        yield* readStream(createReadStream(target), displayPath(candidate.absolute, options.cwd, path), stats);
      } else if (outcome.next === 'large') {
        yield* readLargeCandidate(candidate, options.cwd, stats);
      }
      sinceYield += outcome.bytes;
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    reader.close();
  }
}

function* readLargeCandidate(candidate: Candidate, cwd: string, stats: ScanStats): Generator<ScanUnit> {
  const display = displayPath(candidate.absolute, cwd, path);
  let opened: Opened | undefined;
  try {
    opened = openCandidate(candidate, cwd, stats, display);
  } catch (error) {
    unscanned(stats, display, describeFsError(error));
    return;
  }
  if (opened === undefined || !('fd' in opened)) return;
  try {
    yield* readLargeFile(opened.fd, opened.size, display, stats);
  } catch (error) {
    unscanned(stats, display, `read failed: ${describeFsError(error)}`);
  } finally {
    closeSync(opened.fd);
  }
}

function readSmallFile(fd: number, size: number, display: string, stats: ScanStats): ScanUnit | undefined {
  const buffer = readWhole(fd, size);
  stats.bytes += buffer.length;
  const sniffed = sniffEncoding(buffer);
  if (sniffed === undefined) {
    stats.skipped++;
    return skip(stats, display, 'binary');
  }
  stats.scanned++;
  if (sniffed.encoding !== 'utf8') {
    const decoded = decodeText(buffer)!;
    if (decoded.droppedLastByte) stats.warnings.push(oddUtf16Warning(display, decoded.encoding));
    return mayContainKey(decoded.text) ? { file: display, text: asLfLines(decoded.text), lineOffset: 0 } : undefined;
  }
  // Most files hold no anchor at all: a byte search skips decoding them.
  if (!bytesMayHoldKey(buffer)) return undefined;
  // A UTF-8 byte order mark is no character an editor shows: columns on line 1 must not count it.
  return { file: display, text: asLfLines(buffer.toString('utf8', sniffed.bomLength)), lineOffset: 0 };
}

function oddUtf16Warning(display: string, encoding: string): string {
  return `${display}: ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} text with an odd number of bytes: its last byte is no character and was not scanned`;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** A line longer than this is not held whole: it is scanned in pieces (see LinePieces). */
const LONG_LINE = 16 * 1024 * 1024;
/** A character no key and no key boundary spans: a line may be cut after it without losing one. */
const KEY_CHAR = /[A-Za-z0-9_]/;

/**
 * Text that arrives in pieces (a large file, a pipe), cut into units at line ends so line numbers
 * and the allow marker stay right. A piece is never cut inside CRLF: a cut at a CR is made only
 * when no LF follows in the text read so far, and a lone CR counts as a line end.
 *
 * A line longer than LONG_LINE (a 500 MB one-line dump would not even fit in a string) is cut
 * after its last character that is not [A-Za-z0-9_]: a key is made of those only and its
 * boundaries are judged on the characters beside it, which such a cut keeps on the same side,
 * so every key is found whole, once, with its column. A run of [A-Za-z0-9_] longer than
 * LONG_LINE can hold a key only in its first characters (anything later is preceded by a key
 * character, no boundary): its rest is passed over, its columns counted.
 */
class LinePieces {
  /** Made from the first bytes: the encoding (UTF-8, UTF-16 with or without BOM) is sniffed there. */
  #decoder: StreamTextDecoder | undefined;
  #carry = '';
  #lineOffset = 0;
  #previousLine = '';
  #first = true;
  /** Code points of the current line already emitted (a long line's earlier pieces). */
  #columnOffset = 0;
  /** Inside a run of key characters cut by force: drop characters until the run ends. */
  #skippingRun = false;
  /** Undefined until the first bytes came; false when they were binary. */
  text: boolean | undefined;

  constructor(
    readonly display: string,
    readonly stats: ScanStats,
  ) {}

  /** The units complete after `bytes`; nothing once the input was found to be binary. */
  push(bytes: Buffer): ScanUnit[] {
    this.stats.bytes += bytes.length;
    if (this.#first) {
      this.#first = false;
      const sniffed = sniffEncoding(bytes);
      this.text = sniffed !== undefined;
      if (sniffed) {
        this.stats.scanned++;
        this.#decoder = new StreamTextDecoder(sniffed);
      } else {
        this.stats.skipped++;
        skip(this.stats, this.display, 'binary');
      }
    }
    if (this.text === false || this.#decoder === undefined) return [];
    let text = this.#carry + this.#decoder.write(bytes);
    if (this.#skippingRun) text = this.#skipRun(text);
    let cut = text.lastIndexOf('\n');
    if (cut === -1) {
      // A CR as the last character may be the first half of a CRLF: keep it for the next piece.
      cut = text.lastIndexOf('\r', text.length - 2);
    }
    if (cut !== -1) {
      this.#carry = text.slice(cut + 1);
      return this.#unit(text.slice(0, cut + 1));
    }
    if (text.length <= LONG_LINE) {
      this.#carry = text;
      return [];
    }
    return this.#cutLongLine(text);
  }

  end(): ScanUnit[] {
    if (this.text === false || this.#decoder === undefined) return [];
    const end = this.#decoder.end();
    if (end.droppedLastByte) this.stats.warnings.push(oddUtf16Warning(this.display, this.#decoder.encoding));
    const rest = this.#carry + end.text;
    this.#carry = '';
    return rest.length > 0 ? this.#unit(rest) : [];
  }

  /** One piece of a line too long to hold: cut after a non-key character, the rest carried. */
  #cutLongLine(text: string): ScanUnit[] {
    let cut = text.length - 1;
    while (cut >= 0 && (KEY_CHAR.test(text[cut]!) || isHighSurrogate(text.charCodeAt(cut)))) cut--;
    if (cut >= 0) {
      this.#carry = text.slice(cut + 1);
      return this.#unit(text.slice(0, cut + 1));
    }
    // One run of key characters: keep its head (where a key could start), pass over the rest.
    const head = text.slice(0, 1024);
    const units = this.#unit(head);
    this.#columnOffset += text.length - head.length;
    this.#carry = '';
    this.#skippingRun = true;
    return units;
  }

  /** Drops the rest of a forced-cut run of key characters, counting its columns. */
  #skipRun(text: string): string {
    let end = 0;
    while (end < text.length && KEY_CHAR.test(text[end]!)) end++;
    this.#columnOffset += end;
    if (end < text.length) this.#skippingRun = false;
    return text.slice(end);
  }

  #unit(raw: string): ScanUnit[] {
    const piece = asLfLines(raw);
    const unit: ScanUnit = { file: this.display, text: piece, lineOffset: this.#lineOffset, previousLine: this.#previousLine };
    if (this.#columnOffset > 0) unit.columnOffset = this.#columnOffset;
    const lineEnds = countNewlines(piece);
    this.#lineOffset += lineEnds;
    const lastLineStart = piece.lastIndexOf('\n', piece.endsWith('\n') ? piece.length - 2 : piece.length - 1) + 1;
    const body = piece.endsWith('\n') ? piece.slice(0, -1) : piece;
    this.#previousLine = body.slice(body.lastIndexOf('\n') + 1);
    // The next piece continues this piece's last line unless the piece ended one.
    if (piece.endsWith('\n')) this.#columnOffset = 0;
    else this.#columnOffset = (lineEnds > 0 ? 0 : this.#columnOffset) + countCodePoints(piece, lastLineStart, piece.length);
    return mayContainKey(piece) ? [unit] : [];
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A file too large to hold at once, in pieces. Reads the `size` bytes fstat saw at open, so a
 * file that grows while it is read (a log being written) ends; what it grew by is said.
 */
function* readLargeFile(fd: number, size: number, display: string, stats: ScanStats): Generator<ScanUnit> {
  const chunk = Buffer.allocUnsafe(STREAM_CHUNK);
  const pieces = new LinePieces(display, stats);
  let remaining = size;
  while (remaining > 0 && pieces.text !== false) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, remaining), null);
    if (n === 0) break;
    remaining -= n;
    yield* pieces.push(chunk.subarray(0, n));
  }
  yield* pieces.end();
  if (pieces.text === false) return;
  const now = fstatSync(fd).size;
  if (now > size) markUnscanned(stats, display, `grew while it was read: its first ${size} bytes (its size when opened) were scanned, ${now - size} more were not`);
}

/** A pipe or standard input, read to its end in the pieces it arrives in. */
async function* readStream(stream: Readable, display: string, stats: ScanStats): AsyncGenerator<ScanUnit> {
  const pieces = new LinePieces(display, stats);
  try {
    for await (const chunk of stream) {
      yield* pieces.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    }
  } catch (error) {
    unscanned(stats, display, `read failed: ${describeFsError(error)}`);
    return;
  }
  yield* pieces.end();
  // Empty input is still input that was read in full.
  if (pieces.text === undefined) stats.scanned++;
}
