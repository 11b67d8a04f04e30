import { KEY_ANCHORS } from '../../keys/index.js';
import { UsageError } from '../../errors.js';
import { requireWorkTreeRoot } from '../../git/exec-root.js';
import { streamHistory, type CommitHeader, type HistorySelection } from '../../git/history.js';
import type { PatchFile } from '../../git/patch.js';
import { detectInUnit } from '../../scan/detect-units.js';
import type { Detection } from '../../scan/finding.js';
import { finishScan } from '../../scan/finish.js';
import { newStats } from '../../scan/stats.js';
import { repoPathFilter } from '../../sources/git-paths.js';
import { commitUnits } from '../../sources/history.js';
import type { CliIo, CommandResult } from '../io.js';
import { parseFlags } from '../parse.js';
import { progressBar } from '../progress.js';
import { SCAN_FLAGS, SCAN_FLAGS_HELP, resolveScanSettings, type ScanFlagValues, type ScanSettings } from '../scan-options.js';

const HISTORY_FLAGS = {
  ...SCAN_FLAGS,
  range: { type: 'string' },
  all: { type: 'boolean' },
  since: { type: 'string' },
} as const;

export const HISTORY_HELP = `Usage: cencori-scan history [--range A..B | --all] [--since DATE] [options]

Scans the lines each commit added (git log -p), by default in every commit reachable from HEAD.
Each finding names the commit that added the line (sha, author, email, date). Merge commits are
scanned for what their conflict resolution wrote (git's remerge diff; needs git 2.36+). A key
added by several commits in the same file is reported once, with the earliest of them. A commit
git cannot read (missing objects in a partial clone) is a warning; the scan goes on.

History:
      --range A..B          only commits in A..B, e.g. origin/main..HEAD in a pull request
      --all                 every commit reachable from any ref (branches, tags, stashes)
      --since DATE          only commits after DATE (anything git log --since accepts)

${SCAN_FLAGS_HELP}`;

function selectionOf(values: { range?: string; all?: boolean; since?: string }): HistorySelection {
  if (values.range !== undefined && values.all) throw new UsageError('history: --range and --all cannot be combined');
  for (const [flag, value] of [['--range', values.range], ['--since', values.since]] as const) {
    // A value starting with "-" would reach git as an option.
    if (value !== undefined && (value.trim() === '' || value.startsWith('-'))) throw new UsageError(`history: ${flag} needs a value that does not start with "-", got "${value}"`);
  }
  return { revisions: [values.range ?? 'HEAD'], all: values.all === true, since: values.since };
}

/**
 * A key stays in history once added; every later commit touching its line re-adds it in the
 * diff. Report each (file, key) once, with the commit that first added it: the oldest by
 * author date (git lists newest first, so on a tie the later-listed one).
 */
function earliestPerKey(detections: Detection[]): Detection[] {
  const kept = new Map<string, Detection>();
  for (const d of detections) {
    const id = `${d.file}\0${d.hit.secret.fingerprint}`;
    const other = kept.get(id);
    if (!other || Date.parse(d.commit?.date ?? '') <= Date.parse(other.commit?.date ?? '')) kept.set(id, d);
  }
  return [...kept.values()];
}

export async function historyCommand(args: string[], io: CliIo): Promise<CommandResult> {
  const { values } = parseFlags(args, HISTORY_FLAGS, 'history', false);
  if (values.help) return { exitCode: 0, stdout: `${HISTORY_HELP}\n`, stderr: '' };
  return scanHistory(selectionOf(values), values, io);
}

/** The history scan over any selection of commits: `history` and `pre-push` share it. */
export async function scanHistory(selection: HistorySelection, values: ScanFlagValues, io: CliIo): Promise<CommandResult> {
  const stats = newStats('commits');
  const bar = progressBar(io, 'commits');
  const detections: Detection[] = [];
  // git log starts first (from cwd: its paths are repository paths anyway) and runs while the
  // repository root and the config are resolved; commits that arrive before the ignore list is
  // known wait in `early`.
  let isIgnored: ((repoPath: string) => boolean) | undefined;
  const early: Array<[CommitHeader, PatchFile[]]> = [];
  const scanCommit = (commit: CommitHeader, files: PatchFile[], ignored: (repoPath: string) => boolean) => {
    for (const unit of commitUnits(commit, files, ignored, stats)) detections.push(...detectInUnit(unit));
  };
  const abort = new AbortController();
  const walking = streamHistory(io.cwd, selection, KEY_ANCHORS, {
    signal: abort.signal,
    ...(bar.active ? { onTotal: (total: number) => bar.setTotal(total) } : {}),
    onCommit: (commit, files, bytes) => {
      stats.bytes += bytes;
      if (!files) stats.scanned++;
      else if (isIgnored) scanCommit(commit, files, isIgnored);
      else early.push([commit, files]);
      bar.tick();
    },
    onWarning: (message) => stats.warnings.push(message),
  });
  walking.catch(() => undefined);
  let settings: ScanSettings;
  try {
    const repoRoot = await requireWorkTreeRoot(io.cwd);
    settings = resolveScanSettings(values, io, { configStart: io.cwd, repoRoot, fileBase: repoRoot });
    const ignored = await repoPathFilter(settings.loaded.config.ignore, settings.loaded.baseDir ?? repoRoot, repoRoot);
    for (const [commit, files] of early.splice(0)) scanCommit(commit, files, ignored);
    isIgnored = ignored;
    await walking;
  } catch (error) {
    abort.abort();
    throw error;
  } finally {
    bar.end();
  }
  return finishScan(earliestPerKey(detections), stats, settings);
}
