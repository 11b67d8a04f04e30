import { ScanError } from '../errors.js';
import { GitFailure, gitText, spawnGit } from './exec.js';
import { parseAddedLines, type PatchFile } from './patch.js';
import { DIFF_SAFETY_ARGS } from './safe-config.js';

export interface CommitHeader {
  sha: string;
  author: string;
  email: string;
  /** Author date, strict ISO 8601. */
  date: string;
}

export interface HistorySelection {
  /** Revisions for rev-list: ['HEAD'] or ['A..B'] (after --end-of-options: never read as options). */
  revisions: string[];
  /** Every ref instead of `revisions`. */
  all?: boolean;
  since?: string;
}

export interface HistoryCallbacks {
  /** Called once the commit list is known. */
  onTotal?: (total: number) => void;
  /** Every commit, in order; `files` only when its patch may hold a key (most do not and are never decoded). */
  onCommit: (commit: CommitHeader, files: PatchFile[] | undefined, bytes: number) => void;
  onWarning: (message: string) => void;
}

// A line no patch line can start with: two NUL bytes (git prints "Binary files differ" for
// content with NULs), then our own tag.
const MARK = '\0\0cencori\0';
const MARK_AT_LINE_START = Buffer.from(`\n${MARK}`, 'latin1');
const MARK_BYTES = Buffer.from(MARK, 'latin1');
const FORMAT = `--format=${MARK.replaceAll('\0', '%x00')}%H%x00%an%x00%ae%x00%aI`;

/**
 * Merge commits: `git log -p` shows no diff for them, so a key typed into a conflict resolution
 * would go unseen. --diff-merges=remerge (git >= 2.36) shows each merge as the difference between
 * git's own automatic merge (conflict markers included) and what was committed: exactly the lines
 * a person wrote while merging, as an ordinary two-way patch. Lines merely taken from a parent do
 * not appear, so nothing is reported twice.
 */
// --root: a root commit's lines count whatever log.showRoot says; author names stay UTF-8
// whatever i18n.logOutputEncoding says.
const LOG_ARGS = [
  '-c', 'core.quotePath=false',
  '-c', 'i18n.logOutputEncoding=UTF-8',
  'log', '--stdin', '--no-walk=unsorted', '-p', '-U1', '-M', '--root', '--diff-merges=remerge', FORMAT, ...DIFF_SAFETY_ARGS,
];

/** The commits to scan, newest first, as `git rev-list` orders them. */
export async function listCommits(cwd: string, selection: HistorySelection): Promise<string[]> {
  const args = ['rev-list', ...(selection.since ? [`--since=${selection.since}`] : []), ...(selection.all ? ['--all'] : ['--end-of-options', ...selection.revisions])];
  try {
    return (await gitText(cwd, args)).split('\n').filter((l) => l.length > 0);
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    // A repository with no commit yet: nothing to scan, not an error.
    if (!selection.all && selection.revisions[0] === 'HEAD' && /unknown revision|ambiguous argument 'HEAD'|bad revision 'HEAD'/.test(error.stderr)) return [];
    throw new ScanError(`cannot list commits (${selection.all ? '--all' : selection.revisions.join(' ')}): ${error.message}`);
  }
}

/**
 * Streams `git log -p` for `commits` and hands each commit's patch on without ever holding more
 * than one commit: the output is cut at our commit marker on Buffers, and a commit's bytes are
 * decoded and parsed only if they contain a key anchor. When git dies on a commit (a missing
 * object in a partial or damaged clone), that commit is reported as a warning and git is
 * started again on the commits after it.
 */
export async function streamHistory(cwd: string, commits: readonly string[], anchors: readonly string[], callbacks: HistoryCallbacks): Promise<void> {
  const anchorBytes = anchors.map((a) => Buffer.from(a, 'latin1'));
  callbacks.onTotal?.(commits.length);
  let start = 0;
  let failures = 0;
  while (start < commits.length) {
    const seen = await runLog(cwd, commits.slice(start), anchorBytes, callbacks);
    if (seen.error === undefined) return;
    if (/diff-merges|unrecognized argument|unknown option/.test(seen.error)) {
      throw new ScanError(`history needs git 2.36 or newer (for --diff-merges=remerge): ${seen.error}`);
    }
    // Commits before the last header seen were delivered whole. git may have died reading that
    // commit's blobs, or the next commit's trees (read before its header is printed), so the last
    // one seen is tried alone: delivered if it reads, a warning if not. Then on past it.
    const suspect = start + Math.max(seen.count - 1, 0);
    const alone = await runLog(cwd, [commits[suspect]!], anchorBytes, callbacks);
    if (alone.error !== undefined) {
      callbacks.onWarning(`commit ${commits[suspect]!.slice(0, 12)} skipped: ${alone.error}`);
      if (++failures > MAX_SKIPPED_COMMITS) throw new ScanError(`git log keeps failing (${failures} commits skipped), last: ${alone.error}`);
    }
    start = suspect + 1;
  }
}

/** Past this many unreadable commits the repository is broken, not partial: stop and say so. */
const MAX_SKIPPED_COMMITS = 1000;

interface RunOutcome {
  /** Commits whose header was seen (the last one possibly incomplete). */
  count: number;
  error: string | undefined;
}

async function runLog(cwd: string, commits: readonly string[], anchors: readonly Buffer[], callbacks: HistoryCallbacks): Promise<RunOutcome> {
  const proc = spawnGit(cwd, LOG_ARGS, { stdin: true });
  proc.child.stdin!.on('error', () => undefined);
  proc.child.stdin!.end(`${commits.join('\n')}\n`);

  let count = 0;
  let carry: Buffer | undefined;
  let segments: Buffer[] = [];
  let segmentBytes = 0;
  let hasAnchor = false;
  // Commits are delivered only once complete, so a commit cut short by a failure is never reported.
  const complete = () => {
    if (segments.length === 0) return;
    const block = segments.length === 1 ? segments[0]! : Buffer.concat(segments, segmentBytes);
    deliver(block, hasAnchor, callbacks);
    segments = [];
    segmentBytes = 0;
    hasAnchor = false;
  };
  const addSegment = (buf: Buffer, from: number, to: number, anchorHits: number[]) => {
    if (to <= from) return;
    segments.push(buf.subarray(from, to));
    segmentBytes += to - from;
    if (!hasAnchor && anchorHits.some((hit) => hit >= from && hit < to)) hasAnchor = true;
  };

  for await (const chunk of proc.child.stdout! as AsyncIterable<Buffer>) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    // Work only on whole lines: neither a marker nor a key spans a line end.
    const end = buf.lastIndexOf(10) + 1;
    if (end === 0) {
      carry = buf;
      continue;
    }
    carry = end < buf.length ? Buffer.from(buf.subarray(end)) : undefined;
    const anchorHits = findAll(buf, anchors, end);
    let from = 0;
    let mark = buf.subarray(0, MARK_BYTES.length).equals(MARK_BYTES) ? 0 : nextMark(buf, 0, end);
    while (mark !== -1) {
      addSegment(buf, from, mark, anchorHits);
      complete();
      count++;
      from = mark;
      mark = nextMark(buf, mark + 1, end);
    }
    addSegment(buf, from, end, anchorHits);
  }
  const { code, stderr } = await proc.done;
  if (code !== 0) return { count, error: describeLogFailure(stderr, code) };
  if (carry) addSegment(carry, 0, carry.length, findAll(carry, anchors, carry.length));
  complete();
  return { count, error: undefined };
}

function nextMark(buf: Buffer, from: number, end: number): number {
  const i = buf.indexOf(MARK_AT_LINE_START, from);
  return i === -1 || i >= end ? -1 : i + 1;
}

function findAll(buf: Buffer, needles: readonly Buffer[], end: number): number[] {
  const hits: number[] = [];
  for (const needle of needles) {
    for (let i = buf.indexOf(needle); i !== -1 && i < end; i = buf.indexOf(needle, i + 1)) hits.push(i);
  }
  return hits;
}

function deliver(block: Buffer, hasAnchor: boolean, callbacks: HistoryCallbacks): void {
  const headerEnd = block.indexOf(10);
  const header = block.subarray(MARK_BYTES.length, headerEnd === -1 ? block.length : headerEnd).toString('utf8');
  const [sha = '', author = '', email = '', date = ''] = header.split('\0');
  const files = hasAnchor && headerEnd !== -1 ? parseAddedLines(block.subarray(headerEnd + 1).toString('utf8')) : undefined;
  callbacks.onCommit({ sha, author, email, date }, files, block.length);
}

function describeLogFailure(stderr: string, code: number): string {
  const line = stderr.split('\n').find((l) => l.startsWith('fatal:') || l.startsWith('error:'));
  return (line ?? `git log exited with code ${code}`).trim();
}
