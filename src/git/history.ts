import type { Readable } from 'node:stream';
import { ScanError } from '../errors.js';
import { KEY_ANCHOR_BYTES, bytesMayHoldEncodedKey } from '../keys/index.js';
import type { CommitInfo } from '../scan/model.js';
import { GIT_TIMED_OUT, GitFailure, firstErrorLine, gitText, spawnGit } from './exec.js';
import { parseAddedLines, type PatchFile } from './patch.js';
import { DIFF_SAFETY_ARGS } from './safe-config.js';


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
  onCommit: (commit: CommitInfo, files: PatchFile[] | undefined, bytes: number, extra: CommitExtra) => void;
  /** A commit git could not read (missing objects, a git error): recorded as not scanned. */
  onUnscanned: (what: string, why: string) => void;
  /** Aborting kills the running git. */
  signal?: AbortSignal;
  /** The stdout of the git log process being delivered, as it starts or takes its turn, so a slow reader can pause it. */
  onStream?: (stdout: Readable) => void;
  /** A split walk starts a process on a piece of this many commits (see walkSplit). */
  onPiece?: (commits: number) => void;
  /**
   * Given, commits with nothing that may hold a key (no anchor in their output, not an octopus
   * merge: nearly all) are only counted here, in order with onCommit, and their headers are never
   * decoded; a split walk keeps a run of them ahead of its turn as one count, not as thousands of
   * objects for the garbage collector to copy.
   */
  onPlainCommits?: (commits: number, bytes: number) => void;
}

// A line no patch line can start with: two NUL bytes (git prints "Binary files differ" for
// content with NULs), then our own tag.
const MARK = '\0\0cencori\0';
const MARK_AT_LINE_START = Buffer.from(`\n${MARK}`, 'latin1');
const MARK_BYTES = Buffer.from(MARK, 'latin1');
const BINARY_LINE = Buffer.from('\nBinary files ', 'latin1');
// sha, parents, author, email, date, then the raw message (no NUL can be in it) closed by a NUL.
const FORMAT = `--format=${MARK.replaceAll('\0', '%x00')}%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x00`;
const HEADER_FIELDS = 6;

/** What a commit carries beyond its patch: its message when it may hold a key, and whether it is an octopus merge. */
export interface CommitExtra {
  /** The raw message, only when the commit's output holds a key anchor. */
  message: string | undefined;
  /** More than two parents: the remerge diff skips it; its combined diff is read apart. */
  octopus: boolean;
}

/** The pseudo-path a key in a commit message is reported at (line 1 = the subject). */
export const COMMIT_MESSAGE_PATH = '(commit message)';

/**
 * Merge commits: `git log -p` shows no diff for them, so a key typed into a conflict resolution
 * would go unseen. --diff-merges=remerge (git >= 2.36) shows each merge as the difference between
 * git's own automatic merge (conflict markers included) and what was committed: exactly the lines
 * a person wrote while merging, as an ordinary two-way patch. Lines merely taken from a parent do
 * not appear, so nothing is reported twice.
 */
// --root: a root commit's lines count whatever log.showRoot says; author names stay UTF-8
// whatever i18n.logOutputEncoding says. --full-index: the blob ids of files git calls binary,
// read by content afterwards (git/blobs.ts). --no-mailmap: names as stored.
const LOG_ARGS = [
  '-c', 'core.quotePath=false',
  '-c', 'i18n.logOutputEncoding=UTF-8',
  'log', '-p', '-U1', '-M', '--root', '--diff-merges=remerge', '--full-index', '--no-mailmap', FORMAT, ...DIFF_SAFETY_ARGS,
];

/**
 * An octopus merge (3+ parents) as git's combined diff (--cc): lines marked new against every
 * parent, i.e. what the merge itself wrote. --diff-merges=remerge skips octopus merges
 * ("Skipping remerge-diff for octopus merges"), and -m would re-report every line a parent brought.
 */
export async function octopusFiles(cwd: string, sha: string, signal?: AbortSignal): Promise<PatchFile[]> {
  const patch = await gitText(cwd, ['-c', 'core.quotePath=false', 'diff-tree', '--cc', '-p', '-U1', '-M', '--full-index', '--no-commit-id', ...DIFF_SAFETY_ARGS, sha], signal);
  return parseAddedLines(patch);
}

/** rev-list/log arguments for a selection; revisions after --end-of-options are never read as options. */
function revisionArgs(selection: HistorySelection): string[] {
  return [...(selection.since ? [`--since=${selection.since}`] : []), ...(selection.all ? ['--all'] : ['--end-of-options', ...selection.revisions])];
}

/** git's words for "HEAD does not exist yet" (a repository with no commit): nothing to scan, not an error. */
function isUnbornHead(selection: HistorySelection, stderr: string): boolean {
  return !selection.all && selection.revisions[0] === 'HEAD' && /unknown revision|ambiguous argument 'HEAD'|bad revision 'HEAD'|does not have any commits yet/.test(stderr);
}

/**
 * HEAD names a branch that does not exist. With no ref at all this is a new repository: nothing
 * to scan. With other refs it is a mistake worth saying (HEAD pointed at master after a rename
 * to main, a clone whose default branch is gone): an empty "no keys found" would hide history.
 */
async function checkUnbornHead(cwd: string, signal?: AbortSignal): Promise<void> {
  const [target, refs] = await Promise.all([
    gitText(cwd, ['symbolic-ref', '-q', 'HEAD'], signal).then((t) => t.trim(), () => 'HEAD'),
    gitText(cwd, ['for-each-ref', '--format=%(refname:short)', '--count=11'], signal).then((t) => t.split('\n').filter((l) => l !== ''), () => []),
  ]);
  if (refs.length === 0) return;
  const shown = refs.slice(0, 10).join(', ') + (refs.length > 10 ? ', ...' : '');
  throw new ScanError(`HEAD points to ${target}, which does not exist; refs that exist: ${shown} (use --range <ref> or --all)`);
}

// Words git's approxidate (date.c) understands; anything else it silently ignores, so
// "last mnoth" meant "now" and scanned nothing.
const DATE_WORDS = new Set(
  (
    'ago last now today yesterday noon midnight tea am pm never at and the of on in ' +
    'second seconds sec secs minute minutes min mins hour hours day days week weeks fortnight fortnights month months year years ' +
    'one two three four five six seven eight nine ten ' +
    'idlw nt cat hst yst hdt ahst pst pdt mst mdt cst cdt est edt ast adt wat at gmt utc ut z bst wet met mewt mest swt sst fwt fst eet eest cet cest bt zp4 zp5 zp6 wast wadt cct jst east eadt gst nzt nzst nzdt idle'
  ).split(' '),
);
// Words that only modify another (a unit, a number, a name): alone they name no time, and what
// git makes of them depends on the clock ("last" read as now at one moment, a day back at another).
const MODIFIER_WORDS = new Set('ago last at and the of on in am pm'.split(' '));
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function isDateWord(word: string): boolean {
  const w = word.toLowerCase();
  if (w.length === 1 || DATE_WORDS.has(w)) return true;
  // approxidate matches month and weekday names by their first three letters or more.
  return w.length >= 3 && [...MONTHS, ...WEEKDAYS].some((name) => name.startsWith(w));
}

/**
 * --since as an error, not an empty scan, when git would not understand it. git accepts any text
 * (unknown words are dropped, pure garbage means "now"), so: every word must be one approxidate
 * knows, and a value git reads as this very moment must say so ("now", "today").
 */
export async function validateSince(cwd: string, since: string, signal?: AbortSignal): Promise<void> {
  const bad = (since.match(/[A-Za-z]+/g) ?? []).filter((w) => !isDateWord(w));
  const fail = (why: string) => new ScanError(`history: --since "${since}" is not a date git understands (${why}); e.g. "2024-03-01", "3 weeks ago", "yesterday"`);
  if (bad.length > 0) throw fail(`unknown word${bad.length > 1 ? 's' : ''} ${bad.map((w) => `"${w}"`).join(', ')}`);
  const words = since.match(/[A-Za-z]+/g) ?? [];
  if (!/\d/.test(since) && words.every((w) => MODIFIER_WORDS.has(w.toLowerCase()))) throw fail('no date, number or time unit in it');
  let out: string;
  try {
    out = await gitText(cwd, ['rev-parse', `--since=${since}`, '--since=now'], signal);
  } catch {
    return; // outside a repository: the walk says so
  }
  const [given, now] = out.split('\n').map((l) => Number(/--max-age=(-?\d+)/.exec(l)?.[1]));
  if (given === undefined || now === undefined || Number.isNaN(given)) throw fail('git read no date in it');
  if (Math.abs(given - now) <= 2 && !/\b(now|today)\b/i.test(since)) throw fail('git read it as "now"');
}

/** The commits to scan, newest first, in the order `git log` walks them. */
export async function listCommits(cwd: string, selection: HistorySelection, signal?: AbortSignal): Promise<string[]> {
  try {
    return (await gitText(cwd, ['rev-list', ...revisionArgs(selection)], signal)).split('\n').filter((l) => l.length > 0);
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    if (isUnbornHead(selection, error.stderr)) return [];
    throw new ScanError(`cannot list commits (${selection.all ? '--all' : selection.revisions.join(' ')}): ${error.message}`);
  }
}

/** How a walk may be split over several git processes (see walkSplit). */
export interface SplitOptions {
  /** git log processes at most (1: one process over the whole selection). */
  processes: number;
  /** Fewest commits a process is given: below twice this the walk is not split. */
  minChunk?: number;
  /** Most commits a process is given (longer histories are cut into more pieces, read in turn). */
  maxChunk?: number;
}

/**
 * Commits per piece at least: below twice this the walk is one process. A git process starts in
 * well under a millisecond, but node pays ~3 ms to spawn one, and a piece of fewer commits is
 * rarely worth it.
 */
export const MIN_CHUNK = 100;
/**
 * Pieces for `processes` git processes: one more than processes. Commits differ in size by orders
 * of magnitude (a lockfile commit can be a megabyte, most are a few KB), so equal counts are
 * unequal work; with a piece more than processes, the process that drew the lightest takes the
 * last. Measured on 2 cores, 3 processes, 9 and 7 interleaved runs (bench/history.bench.mjs
 * repositories): 4 pieces against 6 were 381 vs 403 ms on husky (whose five lockfile commits sit
 * in its newest 260 of 994), 488 vs 521 on zustand, 531 vs 535 and 312 vs 313 on the generated
 * ones, 536 vs 523 on create-t3-app; 3 pieces (one each) were the slowest on husky (421 ms). Each
 * piece costs a git process and a spawn (2-3 ms of this thread).
 */
const piecesFor = (processes: number) => processes + 1;
/**
 * Commits per piece at most: a process ahead of the one being read keeps what it delivered
 * until its turn (a few hundred bytes a commit without an anchor), so this bounds that memory
 * whatever the length of history; longer histories are cut into more pieces, taken in turn.
 */
export const MAX_CHUNK = 2000;
/** A process ahead of its turn is paused once what it holds passes this (commits with anchors keep their patch). */
const AHEAD_BYTES = 16 * 1024 * 1024;

/**
 * Streams `git log -p` over the selection and hands each commit's patch on without ever holding
 * more than one commit: the output is cut at our commit marker on Buffers, and a commit's bytes
 * are decoded and parsed only if they contain a key anchor. The commit count for the progress bar
 * comes from a `git rev-list --count` running alongside, never in the way.
 *
 * With `split.processes` > 1 and enough commits, the commits are cut into contiguous pieces read
 * by several git processes at once (walkSplit), delivered in the same order as one process would.
 *
 * When git dies on a commit (a missing object in a partial or damaged clone), the commit list is
 * taken from rev-list, the commit being read is retried alone (a warning if it cannot be read),
 * and git is started again on the commits after it (`--stdin --no-walk`, same order).
 */
export async function streamHistory(
  cwd: string,
  selection: HistorySelection,
  anchorBytes: readonly Buffer[],
  callbacks: HistoryCallbacks,
  split: SplitOptions = { processes: 1 },
): Promise<void> {
  const onTotal = callbacks.onTotal;
  const minChunk = Math.max(1, split.minChunk ?? MIN_CHUNK);
  const maxChunk = Math.max(minChunk, split.maxChunk ?? MAX_CHUNK);
  const counted = onTotal
    ? gitText(cwd, ['rev-list', '--count', ...revisionArgs(selection)], callbacks.signal).then(
        (count) => onTotal(Number(count.trim()) || 0),
        () => undefined,
      )
    : Promise.resolve();
  // A file git calls binary shows no content: its commit is decoded too, so its blobs are read.
  const anchors = [...anchorBytes, BINARY_LINE];
  try {
    // An unborn HEAD or a bad range fails the listing: the one-process walk says what is wrong.
    const listed = split.processes > 1 && (await walkSplit(cwd, selection, anchors, callbacks, { processes: split.processes, minChunk, maxChunk }));
    if (!listed) await walk(cwd, { revisions: revisionArgs(selection) }, () => listCommits(cwd, selection, callbacks.signal), anchors, callbacks, selection);
  } finally {
    await counted;
  }
}

/** A commit or a warning from a piece of the walk, kept until the pieces before it are delivered. */
type Delivery = { commit: Parameters<HistoryCallbacks['onCommit']> } | { unscanned: [what: string, why: string] } | { plain: number; bytes: number };

interface Piece {
  deliveries: Delivery[];
  heldBytes: number;
  stdout: Readable | undefined;
  done: boolean;
}

/**
 * The walk over several git processes: rev-list's commits are cut into contiguous pieces, and up
 * to `processes` pieces are read at once, each by its own `git log --stdin --no-walk=unsorted`
 * (same arguments, same recovery as one process). The piece size comes from the listing itself,
 * not from a `rev-list --count` to wait for first: the first commits are kept until the listing
 * ends (piecesFor(processes) pieces, at least minChunk commits each; fewer than two
 * pieces' worth is one piece) or until it has given maxChunk for every piece of the first round
 * (then pieces of maxChunk). Resolves false, having read nothing, when the listing fails before
 * any piece started: the caller's one-process walk then says what is wrong. The piece
 * being delivered hands its commits straight on; a piece ahead of it keeps them (paused past
 * AHEAD_BYTES) until every piece before it is done, so the consumer sees exactly the order and the
 * warnings of a one-process walk. rev-list is paused while every process is busy: neither the
 * commit list nor the output is ever held beyond the pieces in flight.
 */
async function walkSplit(cwd: string, selection: HistorySelection, anchors: readonly Buffer[], callbacks: HistoryCallbacks, split: Required<SplitOptions>): Promise<boolean> {
  const { processes, minChunk, maxChunk } = split;
  /** Commits per piece, once known; until then the listed commits wait in `batch`. */
  let chunk: number | undefined;
  const firstRound = piecesFor(processes) * maxChunk;
  const abort = new AbortController();
  const stop = () => abort.abort();
  callbacks.signal?.addEventListener('abort', stop, { once: true });
  const pieces: Piece[] = [];
  /** Pieces cut from rev-list's output and not started yet (a process was not free). */
  const queued: string[][] = [];
  let head = 0;
  let busy = 0;
  let listed = false;
  let failure: unknown;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));

  const deliver = (delivery: Delivery) => {
    if ('commit' in delivery) callbacks.onCommit(...delivery.commit);
    else if ('plain' in delivery) callbacks.onPlainCommits!(delivery.plain, delivery.bytes);
    else callbacks.onUnscanned(...delivery.unscanned);
  };
  // Hands on every piece that is done, in order, and makes the first unfinished one deliver live.
  const advance = () => {
    for (let piece = pieces[head]; piece; piece = pieces[++head]) {
      for (const delivery of piece.deliveries.splice(0)) deliver(delivery);
      piece.heldBytes = 0;
      if (!piece.done) {
        if (piece.stdout) callbacks.onStream?.(piece.stdout);
        piece.stdout?.resume();
        return;
      }
    }
  };
  const lister = spawnGit(cwd, ['rev-list', ...revisionArgs(selection)], { signal: abort.signal });
  const listing = lister.child.stdout!;
  // Starts queued pieces while processes are free; rev-list waits (its memory, not ours) otherwise.
  const pump = () => {
    if (failure !== undefined || abort.signal.aborted) queued.length = 0;
    while (busy < processes && queued.length > 0) start(queued.shift()!);
    // Settled once every process has ended, also after a failure stopped the others.
    if (listed && queued.length === 0 && busy === 0) return settle();
    if (queued.length > 0) listing.pause();
    else listing.resume();
  };
  const start = (shas: string[]) => {
    const index = pieces.length;
    const piece: Piece = { deliveries: [], heldBytes: 0, stdout: undefined, done: false };
    pieces.push(piece);
    const isHead = () => index === head;
    const hold = (delivery: Delivery, bytes: number) => {
      if (isHead()) return deliver(delivery);
      piece.deliveries.push(delivery);
      piece.heldBytes += bytes;
      if (piece.heldBytes > AHEAD_BYTES) piece.stdout?.pause();
    };
    busy++;
    callbacks.onPiece?.(shas.length);
    const finish = (error?: unknown) => {
      piece.done = true;
      piece.stdout = undefined;
      busy--;
      if (error !== undefined) {
        failure ??= error;
        stop();
      } else if (isHead()) {
        advance();
      }
      pump();
    };
    walk(cwd, { stdin: shas }, async () => shas, anchors, {
      signal: abort.signal,
      onCommit: (commit, files, bytes, extra) => hold({ commit: [commit, files, bytes, extra] }, files ? bytes : 256),
      onUnscanned: (what, why) => hold({ unscanned: [what, why] }, 256),
      ...(callbacks.onPlainCommits
        ? {
            onPlainCommits: (commits: number, bytes: number) => {
              if (isHead()) return callbacks.onPlainCommits!(commits, bytes);
              const last = piece.deliveries.at(-1);
              if (last && 'plain' in last) {
                last.plain += commits;
                last.bytes += bytes;
              } else hold({ plain: commits, bytes }, 64);
            },
          }
        : {}),
      onStream: (stdout) => {
        piece.stdout = stdout;
        if (isHead()) callbacks.onStream?.(stdout);
      },
    }).then(() => finish(), (error: unknown) => finish(error ?? new Error('git log failed')));
  };

  let batch: string[] = [];
  let rest = '';
  /** Cuts what was kept while the piece size was unknown into pieces of `size`. */
  const cutBatch = (size: number) => {
    chunk = size;
    for (let i = 0; i + size <= batch.length; i += size) queued.push(batch.slice(i, i + size));
    batch = batch.slice(batch.length - (batch.length % size));
  };
  listing.setEncoding('latin1');
  listing.on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop()!;
    for (const sha of lines) {
      if (sha === '') continue;
      batch.push(sha);
      if (chunk === undefined) {
        if (batch.length >= firstRound) cutBatch(maxChunk);
        continue;
      }
      if (batch.length < chunk) continue;
      queued.push(batch);
      batch = [];
    }
    if (chunk !== undefined) pump();
  });
  try {
    const { code, stderr } = await lister.done;
    if (rest !== '') batch.push(rest);
    if (code !== 0 && chunk === undefined && !abort.signal.aborted) return false;
    if (code !== 0 && failure === undefined && !abort.signal.aborted) {
      failure = new ScanError(`cannot list commits (${selection.all ? '--all' : selection.revisions.join(' ')}): ${firstErrorLine(stderr) ?? `git rev-list exited with code ${code}`}`);
      stop();
    }
    if (chunk === undefined) {
      const n = batch.length;
      cutBatch(n < 2 * minChunk ? Math.max(1, n) : Math.min(maxChunk, Math.max(minChunk, Math.ceil(n / piecesFor(processes)))));
    }
    if (batch.length > 0) queued.push(batch);
    listed = true;
    pump();
    await settled;
    if (failure !== undefined) throw failure;
    if (!abort.signal.aborted) advance();
    return true;
  } finally {
    stop();
    callbacks.signal?.removeEventListener('abort', stop);
  }
}

/**
 * One walk: `input` read by one git process, restarted past a commit git cannot read.
 * `commits` lists the walk's commits in order (asked for only when git fails).
 */
async function walk(
  cwd: string,
  input: LogInput,
  listAll: () => Promise<string[]>,
  anchorBytes: readonly Buffer[],
  callbacks: HistoryCallbacks,
  selection?: HistorySelection,
): Promise<void> {
  const first = await runLog(cwd, input, anchorBytes, callbacks);
  if (first.error === undefined || callbacks.signal?.aborted) return;
  if (selection && first.count === 0 && isUnbornHead(selection, first.error)) return checkUnbornHead(cwd, callbacks.signal);
  const commits = await listAll();
  let start = first.count === 0 ? 0 : commits.indexOf(first.lastSha!);
  if (start === -1) throw new ScanError(`git log failed: ${first.error}`);
  let seen: RunOutcome = first;
  let failures = 0;
  for (;;) {
    if (/diff-merges|unrecognized argument|unknown option/.test(seen.error!)) {
      throw new ScanError(`history needs git 2.36 or newer (for --diff-merges=remerge): ${seen.error}`);
    }
    // Commits before the last header seen were delivered whole. git may have died reading that
    // commit's blobs, or the next commit's trees (read before its header is printed), so the last
    // one seen is tried alone: delivered if it reads, a warning if not. Then on past it.
    const suspect = commits[start];
    if (suspect === undefined) return;
    const alone = await runLog(cwd, { stdin: [suspect] }, anchorBytes, callbacks);
    if (callbacks.signal?.aborted) return;
    if (alone.error !== undefined) {
      callbacks.onUnscanned(`commit ${suspect.slice(0, 12)}`, `git could not read it: ${alone.error}`);
      if (++failures > MAX_SKIPPED_COMMITS) throw new ScanError(`git log keeps failing (${failures} commits skipped), last: ${alone.error}`);
    }
    start++;
    if (start >= commits.length) return;
    seen = await runLog(cwd, { stdin: commits.slice(start) }, anchorBytes, callbacks);
    if (seen.error === undefined || callbacks.signal?.aborted) return;
    start += Math.max(seen.count - 1, 0);
  }
}

/** Past this many unreadable commits the repository is broken, not partial: stop and say so. */
const MAX_SKIPPED_COMMITS = 1000;

interface RunOutcome {
  /** Commits whose header was seen (the last one possibly incomplete). */
  count: number;
  /** The last commit whose header was seen. */
  lastSha: string | undefined;
  error: string | undefined;
}

/** Revisions to walk, or exact commits fed on stdin and shown in that order. */
type LogInput = { revisions: string[] } | { stdin: readonly string[] };

async function runLog(cwd: string, input: LogInput, anchors: readonly Buffer[], callbacks: HistoryCallbacks): Promise<RunOutcome> {
  const args = 'stdin' in input ? [...LOG_ARGS, '--stdin', '--no-walk=unsorted'] : [...LOG_ARGS, ...input.revisions];
  const proc = spawnGit(cwd, args, { stdin: 'stdin' in input, signal: callbacks.signal });
  if ('stdin' in input) {
    proc.child.stdin!.on('error', () => undefined);
    proc.child.stdin!.end(`${input.stdin.join('\n')}\n`);
  }

  let count = 0;
  let lastSha: string | undefined;
  let carry: Buffer | undefined;
  let segments: Buffer[] = [];
  let segmentBytes = 0;
  let hasAnchor = false;
  // Commits are delivered only once complete, so a commit cut short by a failure is never reported.
  const complete = () => {
    if (segments.length === 0) return;
    const block = segments.length === 1 ? segments[0]! : Buffer.concat(segments, segmentBytes);
    // A key inside base64 has no anchor: a commit with a run that can carry one is parsed too.
    deliver(block, hasAnchor || bytesMayHoldEncodedKey(block), anchors, callbacks);
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

  const onChunk = (chunk: Buffer) => {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    // Work only on whole lines: neither a marker nor a key spans a line end.
    const end = buf.lastIndexOf(10) + 1;
    if (end === 0) {
      carry = buf;
      return;
    }
    carry = end < buf.length ? Buffer.from(buf.subarray(end)) : undefined;
    const anchorHits = findAll(buf, anchors, end);
    let from = 0;
    let mark = buf.subarray(0, MARK_BYTES.length).equals(MARK_BYTES) ? 0 : nextMark(buf, 0, end);
    while (mark !== -1) {
      addSegment(buf, from, mark, anchorHits);
      complete();
      count++;
      lastSha = buf.toString('latin1', mark + MARK_BYTES.length, buf.indexOf(0, mark + MARK_BYTES.length));
      from = mark;
      mark = nextMark(buf, mark + 1, end);
    }
    addSegment(buf, from, end, anchorHits);
  };
  proc.child.stdout!.on('data', onChunk);
  callbacks.onStream?.(proc.child.stdout!);
  const { code, stderr } = await proc.done;
  if (code === GIT_TIMED_OUT) throw new ScanError(describeLogFailure(stderr, code));
  if (code !== 0) return { count, lastSha, error: describeLogFailure(stderr, code) };
  if (carry) addSegment(carry, 0, carry.length, findAll(carry, anchors, carry.length));
  complete();
  return { count, lastSha, error: undefined };
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

function deliver(block: Buffer, hasAnchor: boolean, anchors: readonly Buffer[], callbacks: HistoryCallbacks): void {
  const octopus = isOctopus(block);
  if (!hasAnchor && !octopus && callbacks.onPlainCommits) return callbacks.onPlainCommits(1, block.length);
  let headerEnd = MARK_BYTES.length - 1;
  for (let i = 0; i < HEADER_FIELDS && headerEnd !== -1; i++) headerEnd = block.indexOf(0, headerEnd + 1);
  if (headerEnd === -1) headerEnd = block.length;
  const fields = block.toString('utf8', MARK_BYTES.length, headerEnd).split('\0');
  const [sha = '', , author = '', email = '', date = '', message = ''] = fields;
  const files = hasAnchor && headerEnd < block.length ? parseAddedLines(fileDiffsThatMayHoldKey(block, headerEnd + 1, anchors)) : undefined;
  callbacks.onCommit({ sha, author, email, date }, files, block.length, { message: hasAnchor ? message.replace(/\n$/, '') : undefined, octopus });
}

/** Three parents or more, read off the header's bytes (the parents field holds two spaces), never decoded. */
function isOctopus(block: Buffer): boolean {
  const parents = block.indexOf(0, MARK_BYTES.length) + 1;
  const end = block.indexOf(0, parents);
  const first = block.indexOf(32, parents);
  if (first === -1 || first >= end) return false;
  const second = block.indexOf(32, first + 1);
  return second !== -1 && second < end;
}

/** A file's diff starts at a line start with "diff " (outside a hunk every line starts with a prefix). */
const FILE_DIFF_START = Buffer.from('\ndiff ', 'latin1');

/**
 * The file diffs of a commit's patch (from `from`) that may hold a key, as one text: those with
 * an anchor (or a "Binary files" line), or a base64 run holding an encoded anchor. A commit that
 * passed the pre-filter for one file is parsed and scanned for that file only, not for the
 * lockfile and the images beside it (21 such commits, 2.6 MB, on create-t3-app's 1,377).
 */
function fileDiffsThatMayHoldKey(block: Buffer, from: number, anchors: readonly Buffer[]): string {
  const kept: Buffer[] = [];
  for (let start = from; start < block.length; ) {
    const next = block.indexOf(FILE_DIFF_START, start + 1);
    const end = next === -1 ? block.length : next + 1;
    const diff = block.subarray(start, end);
    if (anchors.some((anchor) => diff.includes(anchor)) || bytesMayHoldEncodedKey(diff)) kept.push(diff);
    start = end;
  }
  return kept.length === 1 ? kept[0]!.toString('utf8') : Buffer.concat(kept).toString('utf8');
}

function describeLogFailure(stderr: string, code: number): string {
  return firstErrorLine(stderr, { fatalOnly: true }) ?? `git log exited with code ${code}`;
}

/** One commit of a history walk; `files` only when its patch may hold a key. */
export interface HistoryCommit {
  commit: CommitInfo;
  /** Octopus merges: their combined diff, read apart (octopusFiles). */
  files: PatchFile[] | undefined;
  /** The raw message when the commit's output may hold a key. */
  message: string | undefined;
  /** Bytes of git's output for this commit. */
  bytes: number;
}

export interface HistoryOptions {
  onTotal?: (total: number) => void;
  onUnscanned: (what: string, why: string) => void;
  signal?: AbortSignal;
  /** Several git processes at once (same commits, same order); one by default. */
  split?: SplitOptions;
  /**
   * Given, a commit with nothing that may hold a key (most: no anchor in its patch or message, not
   * an octopus merge) is counted here, as it is read, and never queued: yielding each of 5,000
   * such commits cost 4% of a scan's time. Without it they are yielded like any other.
   */
  onNothingToScan?: (bytes: number, commits: number) => void;
}

/** Commits queued past this pause git's stdout until the reader catches up: memory stays flat. */
const HIGH_WATER = 64;
/** Octopus merges whose combined diff is read ahead of the consumer, each by its own git process. */
const OCTOPI_AHEAD = 4;

/**
 * streamHistory as an async iterable of commits. git starts at once (not at the first `next()`),
 * so the walk runs while the caller resolves the repository root and the config; commits that
 * arrive meanwhile wait in a queue that pauses git when it fills. Breaking out of the loop kills git.
 */
export function historyCommits(cwd: string, selection: HistorySelection, options: HistoryOptions): AsyncIterable<HistoryCommit> {
  const queue: HistoryCommit[] = [];
  const abort = new AbortController();
  options.signal?.addEventListener('abort', () => abort.abort(), { once: true });
  let stream: Readable | undefined;
  const octopi = new Map<HistoryCommit, Promise<PatchFile[]>>();
  // Octopus merges whose read waits for a slot: a split walk can hand on thousands of commits at once.
  const laterOctopi = new Set<HistoryCommit>();
  const readOctopus = (entry: HistoryCommit) => {
    const reading = octopusFiles(cwd, entry.commit.sha, abort.signal);
    reading.catch(() => undefined);
    octopi.set(entry, reading);
  };
  const topUpOctopi = () => {
    for (const entry of laterOctopi) {
      if (octopi.size >= OCTOPI_AHEAD) return;
      laterOctopi.delete(entry);
      readOctopus(entry);
    }
  };
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  // A killed git's stdout must drain to close: a paused one would keep the process alive.
  abort.signal.addEventListener('abort', () => stream?.resume(), { once: true });
  const walking = streamHistory(cwd, selection, KEY_ANCHOR_BYTES, {
    signal: abort.signal,
    ...(options.onTotal ? { onTotal: options.onTotal } : {}),
    onUnscanned: options.onUnscanned,
    onStream: (stdout) => {
      stream = stdout;
    },
    ...(options.onNothingToScan ? { onPlainCommits: (commits: number, bytes: number) => options.onNothingToScan!(bytes, commits) } : {}),
    onCommit: (commit, files, bytes, extra) => {
      const entry: HistoryCommit = { commit, files, message: extra.message, bytes };
      // Started at once (a few at a time) so it runs alongside the walk; awaited in order before the commit is yielded.
      if (extra.octopus) {
        laterOctopi.add(entry);
        topUpOctopi();
      }
      queue.push(entry);
      if (queue.length >= HIGH_WATER) stream?.pause();
      notify();
    },
  }, options.split).then(
    () => {
      finished = true;
      notify();
    },
    (error: unknown) => {
      failure = error;
      finished = true;
      notify();
    },
  );
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const next = queue.shift();
          if (next !== undefined) {
            if (queue.length < HIGH_WATER / 2) stream?.resume();
            if (laterOctopi.delete(next)) readOctopus(next);
            const octopus = octopi.get(next);
            if (octopus) {
              octopi.delete(next);
              try {
                next.files = await octopus;
              } catch (error) {
                options.onUnscanned(`merge ${next.commit.sha.slice(0, 12)}`, `git could not read its combined diff: ${(error as Error).message}`);
              }
              topUpOctopi();
            }
            yield next;
            continue;
          }
          if (finished) break;
          await new Promise<void>((resolve) => (wake = resolve));
        }
        if (failure !== undefined) throw failure;
      } finally {
        if (!finished) abort.abort();
        await walking;
      }
    },
  };
}
