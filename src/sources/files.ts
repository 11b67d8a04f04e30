import { createReadStream, type Stats } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { ScanError } from '../errors.js';
import { KEY_ANCHORS } from '../keys/index.js';
import { isIgnoredByGit, listWorktreeFiles, repoRootOf } from '../git/index.js';
import type { ScanStats } from '../scan/stats.js';
import { displayPath, looksBinary, type ScanUnit } from './unit.js';

export interface FileSourceOptions {
  /** Files and folders to scan, relative to cwd; default ["."]. A path that does not exist is an error. */
  paths: string[];
  cwd: string;
  /** Globs (relative to ignoreBase) that are never scanned; a glob matching a folder covers its files. */
  ignore: string[];
  ignoreBase: string;
}

/**
 * Files above this size are read in pieces. With READ_AHEAD reads in flight, memory stays under
 * READ_AHEAD × WHOLE_FILE_LIMIT (128 MB) plus one piece, whatever the tree or file size.
 */
const WHOLE_FILE_LIMIT = 8 * 1024 * 1024;
const STREAM_CHUNK = 4 * 1024 * 1024;
/** Reads in flight: enough to hide I/O latency, few enough to bound memory. */
const READ_AHEAD = 16;

const ANCHOR_BUFFERS = KEY_ANCHORS.map((a) => Buffer.from(a, 'latin1'));

function mayHoldKey(buffer: Buffer): boolean {
  for (const anchor of ANCHOR_BUFFERS) if (buffer.includes(anchor)) return true;
  return false;
}

interface Candidate {
  absolute: string;
  /** Named on the command line: scanned even if ignored by git; a symlink is followed (inside cwd). */
  explicit: boolean;
}

const isOutside = (rel: string) => rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);

/** Every file to scan, in a stable order: explicit files, then each folder's discovered files. */
export async function discoverFiles(options: FileSourceOptions, stats: ScanStats): Promise<Candidate[]> {
  const ignoredByConfig = configIgnoreMatcher(options);
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (absolute: string, explicit: boolean) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    if (ignoredByConfig(absolute)) {
      stats.details.push(`ignored by config: ${displayPath(absolute, options.cwd, path)}`);
      return;
    }
    out.push({ absolute, explicit });
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
    const found = await listFolder(absolute, true);
    found.sort();
    for (const rel of found) {
      if (!isDotGitPath(rel)) add(path.join(absolute, rel), false);
    }
  }
  return out;
}

/** A config glob ignores a file when it matches the file or one of its folders (`fixtures` covers `fixtures/a.js`). */
function configIgnoreMatcher(options: FileSourceOptions): (absolute: string) => boolean {
  if (options.ignore.length === 0) return () => false;
  const isIgnored = picomatch(options.ignore, { dot: true });
  return (absolute) => {
    const rel = path.relative(options.ignoreBase, absolute);
    if (rel === '' || isOutside(rel)) return false;
    const parts = rel.split(path.sep);
    for (let i = parts.length; i > 0; i--) if (isIgnored(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}

async function listFolder(dir: string, explicit: boolean): Promise<string[]> {
  // Inside a repository git itself says what is ignored: nested .gitignore files,
  // .git/info/exclude and core.excludesFile, with all their negations, exactly as git means them.
  const root = await repoRootOf(dir);
  // A folder named on the command line is scanned even when git ignores it (`cencori-scan dist`).
  if (root === undefined || (explicit && (await isIgnoredByGit(root, dir)))) return globFolder(dir);
  const listed = await listWorktreeFiles(dir);
  const files: string[] = [];
  for (const rel of listed) {
    // git lists an untracked nested repository as "name/": its own files follow its own ignore rules.
    if (rel.endsWith('/')) files.push(...(await listFolder(path.join(dir, rel), false)).map((r) => path.join(rel, r)));
    else files.push(rel);
  }
  return files;
}

function globFolder(dir: string): Promise<string[]> {
  // Symlinks are not followed (no escape from the root, no loop); they are reported as entries
  // and skipped by resolveReadable. Unreadable folders are skipped rather than ending the scan.
  return fg('**/*', {
    cwd: dir,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ['**/.git/**'],
    suppressErrors: true,
  });
}

function isDotGitPath(p: string): boolean {
  return p.split(/[\\/]/).includes('.git');
}

/**
 * Whether to read `absolute`: regular files only. A symlink is followed only when named on
 * the command line and only when it resolves inside cwd: never out of the scanned root.
 * A discovered symlink is skipped; its target, if inside the tree, is discovered on its own.
 */
async function resolveReadable(candidate: Candidate, cwd: string, stats: ScanStats, display: string): Promise<string | undefined> {
  const info = await lstat(candidate.absolute);
  if (info.isFile()) return candidate.absolute;
  if (info.isSymbolicLink() && candidate.explicit) {
    const target = await realpath(candidate.absolute);
    const rel = path.relative(await realpath(cwd), target);
    if (isOutside(rel)) {
      stats.warnings.push(`skipped ${display}: symlink points outside ${cwd}`);
      return undefined;
    }
    if ((await stat(target)).isFile()) return target;
  }
  if (candidate.explicit) stats.warnings.push(`skipped ${display}: not a regular file`);
  else stats.details.push(`skipped ${display}: ${info.isSymbolicLink() ? 'symlink' : 'not a regular file'}`);
  return undefined;
}

type ReadResult = { units: ScanUnit[] } | { stream: string; size: number } | { skipped: true };

async function readCandidate(candidate: Candidate, options: FileSourceOptions, stats: ScanStats): Promise<ReadResult> {
  const display = displayPath(candidate.absolute, options.cwd, path);
  try {
    const readable = await resolveReadable(candidate, options.cwd, stats, display);
    if (readable === undefined) return { skipped: true };
    const size = (await stat(readable)).size;
    if (size > WHOLE_FILE_LIMIT) return { stream: readable, size };
    const buffer = await readFile(readable);
    stats.bytes += buffer.length;
    if (looksBinary(buffer)) {
      stats.details.push(`skipped ${display}: binary`);
      return { skipped: true };
    }
    stats.scanned++;
    // Most files hold no anchor at all: a byte search skips decoding them.
    if (!mayHoldKey(buffer)) return { units: [] };
    return { units: [{ file: display, text: buffer.toString('utf8'), lineOffset: 0 }] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    // A file deleted since git listed it (a tracked file removed from the work tree) is no problem.
    if (code === 'ENOENT' && !candidate.explicit) stats.details.push(`skipped ${display}: gone since listing`);
    else stats.warnings.push(`cannot read ${display}: ${code}`);
    return { skipped: true };
  }
}

/** Yields the text of every file to scan, reading ahead in parallel but in a stable order. */
export async function* fileUnits(options: FileSourceOptions, stats: ScanStats): AsyncGenerator<ScanUnit> {
  const candidates = await discoverFiles(options, stats);
  const pending: Array<Promise<ReadResult>> = [];
  let next = 0;
  const fill = () => {
    while (pending.length < READ_AHEAD && next < candidates.length) {
      pending.push(readCandidate(candidates[next++]!, options, stats));
    }
  };
  fill();
  while (pending.length > 0) {
    const result = await pending.shift()!;
    fill();
    if ('skipped' in result) {
      stats.skipped++;
    } else if ('stream' in result) {
      yield* streamLargeFile(result.stream, displayPath(result.stream, options.cwd, path), stats);
    } else {
      yield* result.units;
    }
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * A file too large to hold at once, in pieces cut at line ends so line numbers and the allow
 * marker stay right. One line longer than a piece is kept whole (a minified bundle), since a
 * key can sit anywhere in it.
 */
async function* streamLargeFile(file: string, display: string, stats: ScanStats): AsyncGenerator<ScanUnit> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let lineOffset = 0;
  let previousLine = '';
  let first = true;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: STREAM_CHUNK })) {
      const bytes = chunk as Buffer;
      stats.bytes += bytes.length;
      if (first) {
        first = false;
        if (looksBinary(bytes)) {
          stats.details.push(`skipped ${display}: binary`);
          stats.skipped++;
          return;
        }
        stats.scanned++;
      }
      const text = carry + decoder.write(bytes);
      const cut = text.lastIndexOf('\n');
      if (cut === -1) {
        carry = text;
        continue;
      }
      const piece = text.slice(0, cut + 1);
      carry = text.slice(cut + 1);
      yield { file: display, text: piece, lineOffset, previousLine };
      lineOffset += countNewlines(piece);
      const lastLineStart = piece.lastIndexOf('\n', piece.length - 2) + 1;
      previousLine = piece.slice(lastLineStart, piece.length - 1);
    }
    const rest = carry + decoder.end();
    if (rest.length > 0) yield { file: display, text: rest, lineOffset, previousLine };
  } catch (error) {
    stats.warnings.push(`cannot read ${display}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
