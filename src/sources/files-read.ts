import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import path from 'node:path';
// The key core's modules one by one, not its index: a worker thread then loads the matcher and
// its pre-filters only, not the fingerprinting (node:crypto) it never uses.
import { countCodePoints } from '../keys/locate.js';
import { bytesMayHoldKey } from '../keys/matcher.js';
import { mayContainKey } from '../keys/prefilter.js';
import { markUnscanned, type ScanStats, type ScanUnit, type Unscanned } from '../scan/model.js';
import { asLfLines, displayPath } from './file-text.js';
import { StreamTextDecoder, decodeText, sniffEncoding } from './text-encoding.js';

/**
 * Reading one file of a files scan, on the main thread or a worker thread (files-pool.ts):
 * nothing here lists folders or calls git, so a worker loads only this and the key core.
 */

/** One entry of the file list, in the order the scan reads it. */
export interface Candidate {
  absolute: string;
  /** Named on the command line: scanned even if ignored by git; a symlink is followed (inside cwd). */
  explicit: boolean;
  /** `-`: read from the stdin stream. */
  stdin?: boolean;
  /**
   * Not a file to read but something the listing has to say at this place in the order: a folder
   * that could not be listed, a file ignored by config. Said when it is read, so the lists in the
   * report keep the order of the files whichever thread read them.
   */
  note?: { unscanned?: Unscanned; detail?: string; warning?: string };
}

export const isOutside = (rel: string) => rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);

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

let sharedBuffer = Buffer.allocUnsafe(256 * 1024);
function bufferOf(size: number): Buffer {
  if (sharedBuffer.length < size) sharedBuffer = Buffer.allocUnsafe(Math.max(size, sharedBuffer.length * 2));
  return sharedBuffer;
}

/** A named path that is the process's own standard input (or another inherited descriptor). */
export const INHERITED_STREAM = /^\/(?:dev\/(?:stdin|fd\/\d+)|proc\/self\/fd\/\d+)$/;

/** What to do with one candidate, decided by opening it. */
type Opened =
  | { fd: number; size: number; link?: string }
  | { folder: true }
  /** A named pipe or standard input named on the command line: read as a stream to its end. */
  | { stream: string; link?: string }
  /** A symlink not followed: only its own text (the target path) is scanned. */
  | { link: string };

/** errno codes in words, for the "not scanned" list. */
export function describeFsError(error: unknown): string {
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
export function unscanned(stats: ScanStats, display: string, why: string): undefined {
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
 * What reading one candidate gave: its units (the file's text when it holds a key, a symlink's
 * target text) and its counts. Plain data, so a worker thread can produce it (files-pool.ts) and
 * the main thread merges outcomes in list order: the same findings in the same order.
 */
export interface ReadOutcome {
  units: ScanUnit[];
  scanned: number;
  bytes: number;
  skipped: number;
  details: string[];
  warnings: string[];
  unscanned: Unscanned[];
  /**
   * Left to the main thread: a submodule folder to list, a large file that may hold a key or a
   * stream to read in pieces, standard input, or a file to read again (its text did not fit in a
   * worker's batch).
   */
  next?: 'folder' | 'large' | 'stream' | 'stdin' | 'reread';
}

function emptyOutcome(): ReadOutcome {
  return { units: [], scanned: 0, bytes: 0, skipped: 0, details: [], warnings: [], unscanned: [] };
}

/** Reads one candidate up to the point where only the main thread can go on (see ReadOutcome.next). */
export function readCandidate(candidate: Candidate, cwd: string): ReadOutcome {
  const outcome = emptyOutcome();
  if (candidate.stdin) return { ...outcome, next: 'stdin' };
  if (candidate.note) {
    if (candidate.note.detail !== undefined) outcome.details.push(candidate.note.detail);
    if (candidate.note.warning !== undefined) outcome.warnings.push(candidate.note.warning);
    if (candidate.note.unscanned) {
      outcome.skipped++;
      outcome.unscanned.push(candidate.note.unscanned);
    }
    return outcome;
  }
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
    if (size > WHOLE_FILE_LIMIT) {
      if (largeFileHoldsNoKey(fd, size, display, stats)) return outcome;
      return { ...outcome, next: 'large' };
    }
    const unit = readSmallFile(fd, size, display, stats);
    if (unit !== undefined) outcome.units.push(unit);
  } catch (error) {
    unscanned(stats, display, `read failed: ${describeFsError(error)}`);
  } finally {
    closeSync(fd);
  }
  return outcome;
}

/** Counts of the candidates of a batch whose outcome is nothing but counts (a file with no key). */
export interface ReadCounts {
  scanned: number;
  bytes: number;
  skipped: number;
}

/** A batch's outcomes: only those that say or yield something, with their index in the batch. */
export interface BatchOutcome {
  counts: ReadCounts;
  outcomes: Array<[number, ReadOutcome]>;
}

/**
 * Reads candidates in order into one BatchOutcome: files with no key (nearly all of them) leave
 * only their counts, so a batch read on a worker comes back as a few numbers. At most `textBudget`
 * characters of file text are carried; a file with a key past it is left to be read again
 * (`reread`), so the batches in flight hold bounded memory whatever the files hold.
 */
export function readBatch(candidates: readonly Candidate[], cwd: string, textBudget = Infinity): BatchOutcome {
  const counts: ReadCounts = { scanned: 0, bytes: 0, skipped: 0 };
  const outcomes: Array<[number, ReadOutcome]> = [];
  let text = 0;
  for (let i = 0; i < candidates.length; i++) {
    const outcome = readCandidate(candidates[i]!, cwd);
    if (outcome.units.length > 0 && outcome.next === undefined) {
      for (const unit of outcome.units) text += unit.text.length;
      if (text > textBudget) {
        outcomes.push([i, { ...emptyOutcome(), next: 'reread' }]);
        continue;
      }
    }
    if (outcome.units.length > 0 || outcome.details.length > 0 || outcome.warnings.length > 0 || outcome.unscanned.length > 0 || outcome.next !== undefined) {
      outcomes.push([i, outcome]);
      continue;
    }
    counts.scanned += outcome.scanned;
    counts.bytes += outcome.bytes;
    counts.skipped += outcome.skipped;
  }
  return { counts, outcomes };
}

/** Bytes carried from one piece to the next in largeFileHoldsNoKey: more than any key spans, written or encoded twice. */
const PIECE_OVERLAP = 1024;
let pieceBuffer: Buffer | undefined;

/**
 * A large file's first pass, on bytes only: true when it holds no key (then it is counted as
 * scanned, or skipped as binary, and done), false when it must be read in pieces as text (a key
 * may be in it, or it is UTF-16). Each piece is tested with the bytes before it, so a key that
 * a piece boundary cuts is seen whole: most large files (logs, bundles, dumps) are never decoded.
 * Reads the `size` bytes fstat saw at open, as readLargeFile does, and says what it grew by.
 */
function largeFileHoldsNoKey(fd: number, size: number, display: string, stats: ScanStats): boolean {
  const buffer = (pieceBuffer ??= Buffer.allocUnsafe(PIECE_OVERLAP + STREAM_CHUNK));
  let kept = 0;
  let read = 0;
  while (read < size) {
    const n = readSync(fd, buffer, kept, Math.min(STREAM_CHUNK, size - read), null);
    if (n === 0) break;
    const view = buffer.subarray(0, kept + n);
    if (read === 0) {
      const sniffed = sniffEncoding(view);
      if (sniffed === undefined) {
        stats.bytes += n;
        stats.skipped++;
        skip(stats, display, 'binary');
        return true;
      }
      if (sniffed.encoding !== 'utf8') return false;
    }
    read += n;
    if (bytesMayHoldKey(view)) return false;
    kept = Math.min(PIECE_OVERLAP, view.length);
    buffer.copyWithin(0, view.length - kept, view.length);
  }
  stats.bytes += read;
  stats.scanned++;
  const now = fstatSync(fd).size;
  if (now > size) markUnscanned(stats, display, `grew while it was read: its first ${size} bytes (its size when opened) were scanned, ${now - size} more were not`);
  return true;
}

export function* readLargeCandidate(candidate: Candidate, cwd: string, stats: ScanStats): Generator<ScanUnit> {
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
export async function* readStream(stream: Readable, display: string, stats: ScanStats): AsyncGenerator<ScanUnit> {
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
