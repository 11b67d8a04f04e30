import type { CommitHeader } from '../git/history.js';
import type { PatchFile } from '../git/patch.js';
import type { ScanStats } from '../scan/stats.js';
import type { ScanUnit } from './unit.js';

/** One unit per block of lines a commit added, carrying that commit; binary and ignored files are skipped. */
export function commitUnits(commit: CommitHeader, files: readonly PatchFile[], isIgnored: (repoPath: string) => boolean, stats: ScanStats): ScanUnit[] {
  const units: ScanUnit[] = [];
  for (const file of files) {
    if (file.binary || file.path === '' || isIgnored(file.path)) continue;
    for (const block of file.blocks) {
      units.push({ file: file.path, text: block.text, lineOffset: block.lineOffset, previousLine: block.previousLine, commit: { ...commit } });
    }
  }
  stats.scanned++;
  return units;
}
