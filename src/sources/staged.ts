import type { StagedChanges } from '../git/staged.js';
import type { ScanStats, ScanUnit } from '../scan/model.js';

/**
 * One unit per block of added lines in the staged version of each file. Binary files are skipped
 * and counted, as the files scan does; `file` is the repository path.
 */
export function stagedUnits(changes: StagedChanges, isIgnored: (repoPath: string) => boolean, stats: ScanStats): ScanUnit[] {
  const units: ScanUnit[] = [];
  for (const file of changes.files) {
    if (file.binary || (file.path !== '' && isIgnored(file.path))) {
      stats.skipped++;
      continue;
    }
    stats.scanned++;
    for (const block of file.blocks) {
      stats.bytes += Buffer.byteLength(block.text) + 1;
      units.push({ file: file.path, text: block.text, lineOffset: block.lineOffset, previousLine: block.previousLine });
    }
  }
  return units;
}
