import { readStagedChanges } from '../../git/staged.js';
import { detectInUnits } from '../../scan/detect-units.js';
import { finishScan } from '../../scan/finish.js';
import { newStats } from '../../scan/stats.js';
import { repoPathFilter } from '../../sources/git-paths.js';
import { stagedUnits } from '../../sources/staged.js';
import type { CliIo, CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';
import { SCAN_FLAGS, SCAN_FLAGS_HELP, resolveScanSettings } from '../scan-options.js';

export const STAGED_HELP = `Usage: cencori-scan staged [options]

Scans what the next commit adds: the lines of the git index that are new relative to HEAD
(on the first commit, everything staged). A key only in the working tree is not reported; a
key staged and since deleted from the working tree is. During a merge, only lines new to every
parent count. Paths are repository paths; submodules are skipped. Exits 0 with a note when
nothing is staged. This is the pre-commit hook ("cencori-scan init" installs it).

${SCAN_FLAGS_HELP}`;

export async function stagedCommand(args: string[], io: CliIo): Promise<CommandResult> {
  const { values } = parseFlags(args, SCAN_FLAGS, 'staged', false);
  if (values.help) return { exitCode: 0, stdout: `${STAGED_HELP}\n`, stderr: '' };
  const stats = newStats('staged files');
  const changes = await readStagedChanges(io.cwd);
  const settings = resolveScanSettings(values, io, { configStart: io.cwd, repoRoot: changes.repoRoot, fileBase: changes.repoRoot });
  if (changes.files.length === 0) {
    return { exitCode: 0, stdout: '', stderr: 'cencori-scan: nothing staged: no changes to scan\n' };
  }
  const isIgnored = await repoPathFilter(settings.loaded.config.ignore, settings.loaded.baseDir ?? changes.repoRoot, changes.repoRoot);
  const detections = await detectInUnits(stagedUnits(changes, isIgnored, stats));
  return finishScan(detections, stats, settings);
}
