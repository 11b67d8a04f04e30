import { createReadStream, type Stats } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { KEY_ANCHORS } from '../keys/index.js';
import { listWorktreeFiles, repoRootOf } from '../git/index.js';
import type { ScanStats } from '../scan/stats.js';
import { displayPath, looksBinary, type ScanUnit } from './unit.js';

export interface FileSourceOptions {
  /** Files and folders to scan, relative to cwd; default ["."]. */
  paths: string[];
  cwd: string;
  /** Globs (relative to ignoreBase) that are never scanned. */
  ignore: string[];
  ignoreBase: string;
}

/** Files above this size are read in pieces, so memory stays bounded whatever their size. */
const WHOLE_FILE_LIMIT = 32 * 1024 * 1024;
const STREAM_CHUNK = 8 * 1024 * 1024;
/** Reads in flight: enough to hide I/O latency, few enough to bound memory. */
const READ_AHEAD = 16;

const ANCHOR_BUFFERS = KEY_ANCHORS.map((a) => Buffer.from(a, 'latin1'));

function mayHoldKey(buffer: Buffer): boolean {
  for (const anchor of ANCHOR_BUFFERS) if (buffer.includes(anchor)) return true;
  return false;
}

interface Candidate {
  absolute: string;
  explicit: boolean;
}

/** Every file to scan, in a stable order: explicit files, then each folder's discovered files. */
export async function discoverFiles(options: FileSourceOptions, stats: ScanStats): Promise<Candidate[]> {
  const isIgnored = options.ignore.length > 0 ? picomatch(options.ignore, { dot: true }) : () => false;
  const ignoredByConfig = (absolute: string) => {
    const rel = path.relative(options.ignoreBase, absolute).split(path.sep).join('/');
    return !rel.startsWith('..') && isIgnored(rel);
  };
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (absolute: string, explicit: boolean) => {
    if (seen.has(absolute) || insideDotGit(absolute) || ignoredByConfig(absolute)) return;
    seen.add(absolute);
    out.push({ absolute, explicit });
  };
  for (const given of options.paths.length > 0 ? options.paths : ['.']) {
    const absolute = path.resolve(options.cwd, given);
    let info: Stats;
    try {
      info = await stat(absolute);
    } catch (error) {
      stats.warnings.push(`cannot read ${given}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      continue;
    }
    if (!info.isDirectory()) {
      add(absolute, true);
      continue;
    }
    const found = await listFolder(absolute);
    found.sort();
    for (const rel of found) add(path.join(absolute, rel), false);
  }
  return out;
}

async function listFolder(dir: string): Promise<string[]> {
  // Inside a repository git itself says what is ignored: nested .gitignore files,
  // .git/info/exclude and core.excludesFile, with all their negations, exactly as git means them.
  if ((await repoRootOf(dir)) !== undefined) return listWorktreeFiles(dir);
  return fg('**/*', { cwd: dir, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/.git/**'], suppressErrors: true });
}

function insideDotGit(absolute: string): boolean {
  return absolute.split(path.sep).includes('.git');
}

/**
 * Whether to read `absolute`: regular files only. A symlink is followed only when named on
 * the command line and only when it resolves inside cwd: never out of the scanned root.
 * A discovered symlink is skipped; its target, if inside the tree, is discovered on its own.
 */
async function resolveReadable(candidate: Candidate, cwd: string, stats: ScanStats): Promise<string | undefined> {
  const info = await lstat(candidate.absolute);
  if (info.isFile()) return candidate.absolute;
  if (!info.isSymbolicLink() || !candidate.explicit) return undefined;
  const target = await realpath(candidate.absolute);
  const root = await realpath(cwd);
  const rel = path.relative(root, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    stats.warnings.push(`skipped ${candidate.absolute}: symlink points outside ${cwd}`);
    return undefined;
  }
  return (await stat(target)).isFile() ? target : undefined;
}

type ReadResult = { units: ScanUnit[] } | { stream: string; size: number } | { skipped: true };

async function readCandidate(candidate: Candidate, options: FileSourceOptions, stats: ScanStats): Promise<ReadResult> {
  const display = displayPath(candidate.absolute, options.cwd, path);
  try {
    const readable = await resolveReadable(candidate, options.cwd, stats);
    if (readable === undefined) return { skipped: true };
    const size = (await stat(readable)).size;
    if (size > WHOLE_FILE_LIMIT) return { stream: readable, size };
    const buffer = await readFile(readable);
    stats.bytes += buffer.length;
    if (looksBinary(buffer)) return { skipped: true };
    stats.scanned++;
    // Most files hold no anchor at all: a byte search skips decoding them.
    if (!mayHoldKey(buffer)) return { units: [] };
    return { units: [{ file: display, text: buffer.toString('utf8'), lineOffset: 0 }] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    // A file deleted since git listed it is not a problem worth a warning.
    if (code !== 'ENOENT') stats.warnings.push(`cannot read ${display}: ${code}`);
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
      if (first) {
        first = false;
        if (looksBinary(bytes)) {
          stats.skipped++;
          return;
        }
        stats.scanned++;
      }
      stats.bytes += bytes.length;
      const text = carry + decoder.write(bytes);
      const cut = text.lastIndexOf('\n');
      if (cut === -1) {
        carry = text;
        continue;
      }
      const piece = text.slice(0, cut + 1);
      carry = text.slice(cut + 1);
      yield { file: display, text: piece, lineOffset, previousLine };
      const lines = piece.split('\n');
      lineOffset += lines.length - 1;
      previousLine = lines[lines.length - 2] ?? '';
    }
    const rest = carry + decoder.end();
    if (rest.length > 0) yield { file: display, text: rest, lineOffset, previousLine };
  } catch (error) {
    stats.warnings.push(`cannot read ${display}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
