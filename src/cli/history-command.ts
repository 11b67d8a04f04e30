import { UsageError } from '../errors.js';
import type { HistorySelection } from '../git/index.js';
import type { FlagValues, OpenContext, OpenedSource, ScanCommand } from './scan-command.js';

// `history` and `pre-push`, apart from the other scan commands (scan-commands.ts lists them with
// them): the pre-push hook's bundle (history-main.ts) imports only this file and what it loads.

function historySelection(values: FlagValues): HistorySelection {
  const range = values.range as string | undefined;
  const since = values.since as string | undefined;
  if (range !== undefined && values.all) throw new UsageError('history: --range and --all cannot be combined');
  for (const [flag, value] of [['--range', range], ['--since', since]] as const) {
    // A value starting with "-" would reach git as an option.
    if (value !== undefined && (value.trim() === '' || value.startsWith('-'))) throw new UsageError(`history: ${flag} needs a value that does not start with "-", got "${value}"`);
  }
  return { revisions: [range ?? 'HEAD'], all: values.all === true, since };
}

export const history: ScanCommand = {
  summary: 'scan git history: commits reachable from HEAD, --all refs, or --range A..B',
  help: `Usage: cencori-scan history [--range A..B | --all] [--since DATE] [options]

Scans the lines each commit added (git log -p), by default in every commit reachable from HEAD.
Files git calls binary are judged by their content, as files does.
Each finding names the commit that added the line (sha, author, email, date). Merge commits are
scanned for what their conflict resolution wrote (git's remerge diff; needs git 2.36+). A key
added by several commits in the same file is reported once, with the earliest of them. A commit
git cannot read (missing objects in a partial clone) is listed as not scanned and the scan
goes on (exit 2 unless --allow-incomplete). Octopus merges are read as git's combined diff; keys
in commit messages are reported at "(commit message)"; replace refs and grafts are ignored.

History:
      --range A..B          only commits in A..B, e.g. origin/main..HEAD in a pull request
      --all                 every commit reachable from any ref (branches, tags, stashes)
      --since DATE          only commits after DATE, e.g. 2024-03-01, "3 weeks ago", yesterday
                            (a value git would not understand is an error, not an empty scan)`,
  flags: { range: { type: 'string' }, all: { type: 'boolean' }, since: { type: 'string' } },
  positionals: false,
  unit: 'commits',
  remove: 'remove the key from the code that still holds it; it stays in the commits listed, so treat it as exposed (step 2) even after rewriting history',
  policy: { oncePerKey: true },
  async open(context) {
    const selection = historySelection(context.values);
    if (selection.since !== undefined) await (await import('../git/history.js')).validateSince(context.io.cwd, selection.since);
    return openHistory(selection, context);
  },
};

/** The history source over a selection of commits: `history` and `pre-push` share it. */
async function openHistory(selection: HistorySelection, { io, stats }: OpenContext): Promise<OpenedSource> {
  // git/history.js and git/exec.js, not git/index.js: the history scan does not load simple-git.
  const [{ historyCommits }, { repoRoot }, { repoPathFilter }, { historyUnits, historySplit, countCommit }, { progressBar }, { BlobReader }, { markUnscanned }] = await Promise.all([
    import('../git/history.js'),
    import('../git/exec.js'),
    import('../sources/git-paths.js'),
    import('../sources/history.js'),
    import('./progress.js'),
    import('../git/blobs.js'),
    import('../scan/model.js'),
  ]);
  const bar = progressBar(io, 'commits');
  const abort = new AbortController();
  // git log starts first (from cwd: its paths are repository paths anyway) and runs while the
  // repository root and the config are resolved; its commits wait (git paused) meanwhile.
  const commits = historyCommits(io.cwd, selection, {
    signal: abort.signal,
    ...(bar.active ? { onTotal: (total: number) => bar.setTotal(total) } : {}),
    onUnscanned: (what, why) => markUnscanned(stats, what, why),
    split: historySplit(io.env),
    onNothingToScan: (bytes, commits) => countCommit(stats, bytes, bar, commits),
  });
  const blobs = new BlobReader(io.cwd, abort.signal);
  const close = () => {
    abort.abort();
    blobs.close();
    bar.end();
  };
  let root: string;
  try {
    root = await repoRoot(io.cwd);
  } catch (error) {
    close();
    throw error;
  }
  return {
    repoRoot: root,
    fileBase: root,
    units: async (settings) => {
      const isIgnored = repoPathFilter(settings.loaded.config.ignore, settings.loaded.baseDir ?? root, root);
      return historyUnits(commits, { isIgnored, blobs, onCommit: () => bar.tick() }, stats);
    },
    close,
  };
}

export const prePush: ScanCommand = {
  summary: "scan the commits a push sends (git's pre-push input on stdin): the pre-push hook",
  help: `Usage: cencori-scan pre-push [REMOTE [URL]] [options] < refs

The pre-push hook ("cencori-scan init" installs it): reads git's pre-push input from standard
input, one "<local ref> <local sha> <remote ref> <remote sha>" line per pushed ref, and scans the
lines added by every commit the push would send that REMOTE does not have yet: commits reachable
from the pushed tips but not from the ref's old value on the remote nor from any remote-tracking
ref of REMOTE (refs/remotes/REMOTE/*). A new branch, a force push and several refs at once are
covered; a deleted ref sends nothing. It catches commits made with --no-verify or on a machine
without the pre-commit hook. Findings and exit codes are those of "cencori-scan history".`,
  remove: 'remove the key from the commits being pushed: they are not on the remote yet, so rewrite them (git rebase -i, or git commit --amend for the last one) to drop the key, then push again',
  positionals: true,
  unit: 'commits',
  policy: { oncePerKey: true },
  async open(context) {
    const { positionals, io } = context;
    if (positionals.length > 2) throw new UsageError(`pre-push: takes the remote name and URL git passes, got ${positionals.length} arguments`);
    // On a terminal nobody is piping git's ref list: waiting for it would look like a hang.
    if (!io.stdin || (io.stdin as { isTTY?: boolean }).isTTY) throw new UsageError('pre-push: reads the pushed refs from standard input, as git passes them to the pre-push hook');
    const [{ parsePushedRefs, pushRevisions }, { text }] = await Promise.all([import('../git/push.js'), import('node:stream/consumers')]);
    const refs = parsePushedRefs(await text(io.stdin));
    const revisions = await pushRevisions(io.cwd, positionals[0] ?? '', refs);
    if (revisions.length === 0) {
      return { nothing: `cencori-scan: nothing to scan: ${refs.length === 0 ? 'no refs pushed' : 'the push only deletes refs'}\n`, units: async () => [] };
    }
    return openHistory({ revisions }, context);
  },
};
