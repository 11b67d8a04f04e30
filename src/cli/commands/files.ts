import path from 'node:path';
import { repoRootOf } from '../../git/index.js';
import { detectInUnits } from '../../scan/detect-units.js';
import { finishScan } from '../../scan/finish.js';
import { newStats } from '../../scan/stats.js';
import { fileUnits } from '../../sources/files.js';
import type { CliIo, CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';
import { SCAN_FLAGS, SCAN_FLAGS_HELP, resolveScanSettings } from '../scan-options.js';

export const FILES_HELP = `Usage: cencori-scan files [PATH...] [options]

Scans files and folders (default: the current folder) for Cencori keys. Inside a git
repository, .gitignore and .git/info/exclude apply to discovered files; a file named on the
command line is scanned even if git ignores it. .git/ is never scanned, binary files are skipped,
symlinks are never followed out of the current folder.

${SCAN_FLAGS_HELP}`;

export async function filesCommand(args: string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseFlags(args, SCAN_FLAGS, 'files', true);
  if (values.help) return { exitCode: 0, stdout: `${FILES_HELP}\n`, stderr: '' };
  const repoRoot = await repoRootOf(io.cwd);
  const settings = resolveScanSettings(values, io, { configStart: io.cwd, repoRoot });
  const stats = newStats('files');
  const units = fileUnits(
    {
      paths: positionals.length > 0 ? positionals : ['.'],
      cwd: io.cwd,
      ignore: settings.loaded.config.ignore,
      ignoreBase: settings.loaded.baseDir ?? path.resolve(io.cwd),
    },
    stats,
  );
  const detections = await detectInUnits(units);
  return finishScan(detections, stats, settings);
}
