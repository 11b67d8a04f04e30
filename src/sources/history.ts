import type { HistoryCommit } from '../git/index.js';
import type { ScanStats, ScanUnit } from '../scan/model.js';

export interface HistoryUnitsOptions {
  /** Resolves to the ignore test once the config is known; commits wait for it (git does not). */
  isIgnored: Promise<(repoPath: string) => boolean>;
  /** Called once per commit read (the progress bar). */
  onCommit?: () => void;
}

/**
 * One unit per block of lines a commit added, carrying that commit; binary and ignored files are
 * skipped. Commits whose patch holds no key anchor were never decoded and yield nothing.
 */
export async function* historyUnits(commits: AsyncIterable<HistoryCommit>, options: HistoryUnitsOptions, stats: ScanStats): AsyncGenerator<ScanUnit> {
  const isIgnored = await options.isIgnored;
  for await (const { commit, files, bytes } of commits) {
    stats.bytes += bytes;
    stats.scanned++;
    options.onCommit?.();
    if (!files) continue;
    for (const file of files) {
      if (file.binary || file.path === '' || isIgnored(file.path)) continue;
      for (const block of file.blocks) {
        yield { file: file.path, text: block.text, lineOffset: block.lineOffset, previousLine: block.previousLine, commit: { ...commit } };
      }
    }
  }
}
