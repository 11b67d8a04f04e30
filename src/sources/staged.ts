import type { BlobReader } from '../git/blobs.js';
import type { StagedChanges } from '../git/staged.js';
import type { ScanStats, ScanUnit } from '../scan/model.js';
import { contentOf } from './history.js';

/**
 * One unit per block of added lines in the staged version of each file. A file git calls binary
 * is judged by its content (real binaries are skipped and counted, as the files scan does);
 * `file` is the repository path.
 */
export async function stagedUnits(changes: StagedChanges, isIgnored: (repoPath: string) => boolean, blobs: BlobReader, stats: ScanStats): Promise<ScanUnit[]> {
  const units: ScanUnit[] = [];
  for (const patchFile of changes.files) {
    if (patchFile.path !== '' && isIgnored(patchFile.path)) {
      stats.skipped++;
      continue;
    }
    const file = await contentOf(patchFile, blobs, stats);
    if (!file) continue;
    stats.scanned++;
    for (const block of file.blocks) {
      stats.bytes += Buffer.byteLength(block.text) + 1;
      units.push({ file: file.path, text: block.text, lineOffset: block.lineOffset, previousLine: block.previousLine });
    }
  }
  return units;
}
