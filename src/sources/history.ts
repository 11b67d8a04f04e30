import { resolveBinaryFile, type BlobReader } from '../git/blobs.js';
import { COMMIT_MESSAGE_PATH, type HistoryCommit } from '../git/history.js';
import type { PatchFile } from '../git/patch.js';
import { markUnscanned, type ScanStats, type ScanUnit } from '../scan/model.js';
import { asLfLines } from './file-text.js';
import { availableParallelism, loadavg } from 'node:os';
import { forcedCount } from './forced-count.js';
import type { SplitOptions } from '../git/history.js';

/** git log processes at most: past this the disk and the consumer, not git, set the pace. */
const MAX_HISTORY_PROCESSES = 4;

/**
 * How many git processes read history at once: one per core and one more, at most
 * MAX_HISTORY_PROCESSES, unless the machine is already oversubscribed (load average at or above
 * twice the cores), then one. git log is single-threaded and is most of a history scan's time;
 * the extra process keeps a core busy while another git waits for this process to read its
 * output. Measured on 2 cores (bench/history.bench.mjs): at load 1.3, three processes 2-3% faster
 * than two on husky's history and on 5,000 small commits, level on 5,000 ordinary ones; at load
 * 1.5-2 (scans run back to back make that much) two or three beat one on every repository; at
 * load 4-6 more processes were slower (0.93 vs 0.82 s). "Idle cores" (cores minus load) would
 * never pick more than one there: a scan's own git and node make the load it would read.
 * `CENCORI_HISTORY_PROCESSES=N` forces N processes and `CENCORI_HISTORY_CHUNK=N` pieces of N
 * commits (both for measuring, and for tests on small repositories).
 */
export function historySplit(env: NodeJS.ProcessEnv): SplitOptions {
  const forced = forcedCount(env, 'CENCORI_HISTORY_PROCESSES');
  const processes = Math.max(1, Math.min(MAX_HISTORY_PROCESSES, forced ?? coresUnlessOversubscribed()));
  const minChunk = forcedCount(env, 'CENCORI_HISTORY_CHUNK');
  return minChunk ? { processes, minChunk, maxChunk: minChunk } : { processes };
}

function coresUnlessOversubscribed(): number {
  const cores = availableParallelism();
  return loadavg()[0]! >= 2 * cores ? 1 : cores + 1;
}

export interface HistoryUnitsOptions {
  /** Resolves to the ignore test once the config is known; commits wait for it (git does not). */
  isIgnored: Promise<(repoPath: string) => boolean>;
  /** Reads the blobs of files git calls binary, to judge them by content. */
  blobs: BlobReader;
  /** Called once per commit read (the progress bar). */
  onCommit?: () => void;
}

/**
 * One unit per block of lines a commit added, carrying that commit, plus its message when it may
 * hold a key (at COMMIT_MESSAGE_PATH; path ignore globs do not apply to it, it is no path). A
 * file git calls binary is judged by its content (git/blobs.ts): real binaries are skipped, text
 * yields the lines new in it. Commits whose output holds no key anchor were never decoded.
 */
export async function* historyUnits(commits: AsyncIterable<HistoryCommit>, options: HistoryUnitsOptions, stats: ScanStats): AsyncGenerator<ScanUnit> {
  const isIgnored = await options.isIgnored;
  const bar = { tick: () => options.onCommit?.() };
  for await (const { commit, files, message, bytes } of commits) {
    countCommit(stats, bytes, bar);
    if (message !== undefined && message !== '') yield { file: COMMIT_MESSAGE_PATH, text: message, lineOffset: 0, commit: { ...commit } };
    if (!files) continue;
    for (const patchFile of files) {
      if (patchFile.path === '' || isIgnored(patchFile.path)) continue;
      const file = await contentOf(patchFile, options.blobs, stats, commit.sha);
      if (!file) continue;
      for (const block of file.blocks) {
        yield { file: file.path, text: block.text, lineOffset: block.lineOffset, previousLine: block.previousLine, commit: { ...commit } };
      }
    }
  }
}

/** Commits read: counted in the scan's figures and on the progress bar (whether they yield units or not). */
export function countCommit(stats: ScanStats, bytes: number, bar: { tick(commits?: number): void }, commits = 1): void {
  stats.bytes += bytes;
  stats.scanned += commits;
  bar.tick(commits);
}

const LONE_CR = /\r(?!\n)/;

/** The file as its content says: text blocks, or undefined for a real binary or an unreadable blob (recorded). */
export async function contentOf(file: PatchFile, blobs: BlobReader, stats: ScanStats, where?: string): Promise<PatchFile | undefined> {
  // git cuts lines at LF only; a lone CR (old Mac line ends) ends a line for files and editors.
  // Line numbers as files counts them need the whole new version, so such a file is read from its
  // blob like a file git calls binary (rare: only when an added line holds a lone CR).
  const loneCr = !file.binary && file.blocks.some((b) => LONE_CR.test(b.text));
  if (!file.binary && !loneCr) return file;
  let resolved: Awaited<ReturnType<typeof resolveBinaryFile>>;
  try {
    resolved = await resolveBinaryFile(blobs, file, asLfLines);
  } catch (error) {
    resolved = { unreadable: `git cat-file failed: ${(error as Error).message}` };
  }
  if ('unreadable' in resolved) {
    markUnscanned(stats, where ? `${file.path} in commit ${where.slice(0, 12)}` : file.path, resolved.unreadable);
    return undefined;
  }
  if (resolved.binary) {
    stats.skipped++;
    stats.details.push(`skipped ${file.path}: binary`);
    return undefined;
  }
  return resolved;
}
