import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, type Dirent, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ScanError, fsReason } from '../errors.js';
import { bytesMayHoldKey, mayContainKey } from '../keys/index.js';
import { isIgnoredByGit, listWorktreeFiles, repoRoot } from '../git/index.js';
import type { ScanStats, ScanUnit } from '../scan/model.js';
import { displayPath } from './file-text.js';
import { StreamTextDecoder, decodeText, sniffEncoding } from './text-encoding.js';

export interface FileSourceOptions {
  /** Files and folders to scan, relative to cwd; default ["."]. A path that does not exist is an error. */
  paths: string[];
  cwd: string;
  /** Globs (relative to ignoreBase) that are never scanned; a glob matching a folder covers its files. */
  ignore: string[];
  ignoreBase: string;
}

interface Candidate {
  absolute: string;
  /** Named on the command line: scanned even if ignored by git; a symlink is followed (inside cwd). */
  explicit: boolean;
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
    const found = await listFolder(folder, explicit, stats);
    found.sort();
    for (const rel of found) {
      if (!isDotGitPath(rel)) add(path.join(folder, rel), false);
    }
  };
  for (const given of options.paths.length > 0 ? options.paths : ['.']) {
    const absolute = path.resolve(options.cwd, given);
    let info: Stats;
    try {
      info = await stat(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A typo in CI must not pass as "no keys found".
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new ScanError(`cannot scan ${given}: no such file or folder`);
      // Anything else (a symlink loop, no permission) is a warning when the file is read.
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
    await addFolder(absolute, true);
  }
  return { candidates: out, addFolder };
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

async function listFolder(dir: string, explicit: boolean, stats: ScanStats): Promise<string[]> {
  // Inside a repository git itself says what is ignored: nested .gitignore files,
  // .git/info/exclude and core.excludesFile, with all their negations, exactly as git means them.
  const root = await repoRoot(dir, { optional: true });
  // A folder named on the command line is scanned even when git ignores it (`cencori-scan dist`).
  if (root === undefined || (explicit && dir !== root && (await isIgnoredByGit(root, dir)))) return walkFolder(dir, stats);
  const listed = await listWorktreeFiles(dir);
  const files: string[] = [];
  for (const rel of listed) {
    // A submodule that is not checked out lists itself as "./": nothing to scan there.
    if (rel === './') continue;
    // git lists an untracked nested repository as "name/": its own files follow its own ignore rules.
    if (rel.endsWith('/')) files.push(...(await listFolder(path.join(dir, rel), false, stats)).map((r) => path.join(rel, r)));
    else files.push(rel);
  }
  return files;
}

/**
 * Every entry under `dir` that is not a folder, relative to it, without following symlinks (no
 * escape from the root, no loop): symlinks are listed and then skipped by openCandidate.
 * Hand-written rather than fast-glob's `**\/*`: no pattern is involved, .git/ is pruned instead
 * of walked and filtered, and it spares a 30 ms module load on every run.
 */
function walkFolder(dir: string, stats: ScanStats): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      stats.warnings.push(`cannot list ${path.join(dir, rel)}: ${fsReason(error)}`);
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

/**
 * The path to open for `candidate`, or undefined to skip it. A symlink is followed only when
 * named on the command line and only when it resolves inside cwd: never out of the scanned root.
 * A discovered symlink is skipped; its target, if inside the tree, is discovered on its own.
 */
function resolveExplicitSymlink(candidate: Candidate, cwd: string, stats: ScanStats, display: string): string | undefined {
  const target = realpathSync(candidate.absolute);
  if (isOutside(path.relative(realpathSync(cwd), target))) {
    stats.warnings.push(`skipped ${display}: symlink points outside ${cwd}`);
    return undefined;
  }
  return target;
}

type Opened = { fd: number; size: number } | { folder: true };

function openCandidate(candidate: Candidate, cwd: string, stats: ScanStats, display: string): Opened | undefined {
  let file = candidate.absolute;
  if (candidate.explicit || !CAN_REFUSE_SYMLINKS) {
    const link = lstatSync(file);
    if (link.isSymbolicLink()) {
      if (!candidate.explicit) return skip(stats, display, 'symlink');
      const target = resolveExplicitSymlink(candidate, cwd, stats, display);
      if (target === undefined) return undefined;
      file = target;
    }
  }
  let fd: number;
  try {
    fd = openSync(file, file === candidate.absolute ? OPEN_FLAGS : OPEN_FLAGS & ~(constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP' && !candidate.explicit) return skip(stats, display, 'symlink');
    throw error;
  }
  const info = fstatSync(fd);
  if (info.isFile()) return { fd, size: info.size };
  closeSync(fd);
  // git lists a submodule as one entry, its folder: its files are listed by its own git.
  if (info.isDirectory() && !candidate.explicit) return { folder: true };
  if (candidate.explicit) stats.warnings.push(`skipped ${display}: not a regular file`);
  else stats.details.push(`skipped ${display}: not a regular file`);
  return undefined;
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

/** Yields the text of every file to scan, in a stable order, one file in memory at a time. */
export async function* fileUnits(options: FileSourceOptions, stats: ScanStats): AsyncGenerator<ScanUnit> {
  const { candidates, addFolder } = await discoverFiles(options, stats);
  let sinceYield = 0;
  // Indexed, not for...of: addFolder may append while the list is read.
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i]!;
    const display = displayPath(candidate.absolute, options.cwd, path);
    let opened: Opened | undefined;
    try {
      opened = openCandidate(candidate, options.cwd, stats, display);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      // A file deleted since git listed it (a tracked file removed from the work tree) is no problem.
      if (code === 'ENOENT' && !candidate.explicit) stats.details.push(`skipped ${display}: gone since listing`);
      else stats.warnings.push(`cannot read ${display}: ${fsReason(error)}`);
    }
    if (opened === undefined) {
      stats.skipped++;
      continue;
    }
    if ('folder' in opened) {
      await addFolder(candidate.absolute, false);
      continue;
    }
    const { fd, size } = opened;
    try {
      if (size > WHOLE_FILE_LIMIT) {
        yield* readLargeFile(fd, size, display, stats);
      } else {
        const unit = readSmallFile(fd, size, display, stats);
        if (unit !== undefined) yield unit;
      }
    } catch (error) {
      stats.warnings.push(`cannot read ${display}: ${fsReason(error)}`);
      stats.skipped++;
    } finally {
      closeSync(fd);
    }
    sinceYield += size;
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
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
    return mayContainKey(decoded.text) ? { file: display, text: decoded.text, lineOffset: 0 } : undefined;
  }
  // Most files hold no anchor at all: a byte search skips decoding them.
  if (!bytesMayHoldKey(buffer)) return undefined;
  // A UTF-8 byte order mark is no character an editor shows: columns on line 1 must not count it.
  return { file: display, text: buffer.toString('utf8', sniffed.bomLength), lineOffset: 0 };
}

function oddUtf16Warning(display: string, encoding: string): string {
  return `${display}: ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} text with an odd number of bytes: its last byte is no character and was not scanned`;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** A line longer than this is not held whole: the rest of the file goes to the key core in pieces. */
const LONG_LINE = 4 * STREAM_CHUNK;

/**
 * A file too large to hold at once, in pieces cut at line ends so line numbers and the allow
 * marker stay right. Reads the `size` bytes fstat saw at open, so a file that grows while it is
 * read (a log being written) ends. A line longer than LONG_LINE (a minified bundle, a 500 MB
 * one-line dump) is not held whole: from its start, the rest of the file is one unit whose text
 * comes in pieces, which the key core scans in overlapping windows.
 */
function* readLargeFile(fd: number, size: number, display: string, stats: ScanStats): Generator<ScanUnit> {
  const chunk = Buffer.allocUnsafe(STREAM_CHUNK);
  let remaining = size;
  const read = (): Buffer | undefined => {
    if (remaining <= 0) return undefined;
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, remaining), null);
    if (n === 0) return undefined;
    remaining -= n;
    stats.bytes += n;
    return chunk.subarray(0, n);
  };
  const first = read();
  if (first === undefined) return;
  const sniffed = sniffEncoding(first);
  if (sniffed === undefined) {
    stats.skipped++;
    skip(stats, display, 'binary');
    return;
  }
  stats.scanned++;
  const decoder = new StreamTextDecoder(sniffed);
  const finish = (): string => {
    const end = decoder.end();
    if (end.droppedLastByte) stats.warnings.push(oddUtf16Warning(display, decoder.encoding));
    return end.text;
  };
  let carry = '';
  let lineOffset = 0;
  let previousLine = '';
  for (let bytes: Buffer | undefined = first; bytes !== undefined; bytes = read()) {
    const text = carry + decoder.write(bytes);
    const cut = text.lastIndexOf('\n');
    if (cut === -1) {
      carry = text;
      if (carry.length > LONG_LINE) {
        yield { file: display, text: '', pieces: piecesFrom(carry, read, decoder, finish), lineOffset, previousLine };
        return;
      }
      continue;
    }
    const piece = text.slice(0, cut + 1);
    carry = text.slice(cut + 1);
    if (mayContainKey(piece)) yield { file: display, text: piece, lineOffset, previousLine };
    lineOffset += countNewlines(piece);
    const lastLineStart = piece.lastIndexOf('\n', piece.length - 2) + 1;
    previousLine = piece.slice(lastLineStart, piece.length - 1);
  }
  const rest = carry + finish();
  if (rest.length > 0) yield { file: display, text: rest, lineOffset, previousLine };
}

/** The text from `head` to the end of the file, one decoded chunk at a time. */
function* piecesFrom(head: string, read: () => Buffer | undefined, decoder: StreamTextDecoder, finish: () => string): Generator<string> {
  yield head;
  for (let bytes = read(); bytes !== undefined; bytes = read()) yield decoder.write(bytes);
  yield finish();
}
