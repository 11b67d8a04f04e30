import { spawn, type ChildProcess } from 'node:child_process';
import { nowMs } from '../clock.js';
import { ScanError } from '../errors.js';
import { SAFE_GIT_CONFIG } from './safe-config.js';

/**
 * Git spawned directly, for the two paths where simple-git does not fit: the pre-commit scan
 * (simple-git costs ~30 ms of module loading on a hook that runs on every commit) and history
 * streaming (simple-git's executor pushes every stdout chunk into an array until the process
 * exits, even when an outputHandler is attached, so `git log -p` of a large repo would sit in
 * memory whole). Same SAFE_GIT_CONFIG as every other git call.
 */
export interface GitProcess {
  child: ChildProcess;
  /** Resolves when git exits: its exit code and the first lines of its stderr. */
  done: Promise<{ code: number; stderr: string }>;
}

const STDERR_LIMIT = 64 * 1024;

/** Env for every git child: no lazy fetches in partial clones, no prompts, no pager, no locale surprises. */
export function gitEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    GIT_NO_LAZY_FETCH: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    // Fully buffered output: on a pipe git otherwise flushes after every commit of `git log`,
    // thousands of tiny writes that cost the reader a wake-up each (~15% of a history scan).
    GIT_FLUSH: '0',
    GIT_EXTERNAL_DIFF: '',
    LC_ALL: 'C',
    // Objects as stored: replace refs (`git replace`) and a grafts file can swap or hide commits,
    // so a key in a replaced commit would never be read.
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_GRAFT_FILE: '/dev/null',
    // /etc/gitattributes could name a FIFO; core.attributesFile is set to /dev/null in SAFE_GIT_CONFIG.
    GIT_ATTR_NOSYSTEM: '1',
  };
}

/**
 * Every git call has a time bound: a git that makes no progress (no byte on stdout or stderr)
 * for this long while its reader is not holding it back is killed with a clear error. Config we
 * cannot neutralise (a worktree .gitattributes that is a FIFO, a stuck network filesystem) would
 * otherwise hang a pre-commit hook forever. CENCORI_GIT_TIMEOUT_MS overrides it (tests, slow disks).
 */
const DEFAULT_IDLE_MS = 120_000;

/** The exit code a GitProcess reports when the time bound stopped it (as timeout(1) does): retrying would wait again. */
export const GIT_TIMED_OUT = 124;

function idleLimit(): number {
  const value = Number(process.env.CENCORI_GIT_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_IDLE_MS;
}

export function spawnGit(
  cwd: string,
  args: readonly string[],
  options: { stdin?: boolean; signal?: AbortSignal; /** Whether output is awaited now (a long-lived batch process idles between requests). */ expecting?: () => boolean } = {},
): GitProcess {
  const config = SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]);
  const child = spawn('git', [...config, ...args], {
    cwd,
    env: gitEnv(),
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    windowsHide: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let stderr = '';
  let lastProgress = nowMs();
  let timedOut = false;
  const limit = idleLimit();
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    lastProgress = nowMs();
    if (stderr.length < STDERR_LIMIT) stderr += text;
  });
  child.stdout!.on('data', () => {
    lastProgress = nowMs();
  });
  const watchdog = setInterval(
    () => {
      // A paused stdout is our reader holding git back, not git stuck.
      if (child.stdout!.isPaused() || (options.expecting && !options.expecting())) lastProgress = nowMs();
      else if (nowMs() - lastProgress > limit) {
        timedOut = true;
        child.kill('SIGKILL');
      }
    },
    Math.min(1000, Math.max(10, limit / 4)),
  );
  watchdog.unref();
  const done = new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') return; // killed on purpose; 'close' follows
      clearInterval(watchdog);
      reject(error.code === 'ENOENT' ? new ScanError('git is not installed or not on PATH') : error);
    });
    child.on('close', (code, signal) => {
      clearInterval(watchdog);
      if (timedOut) {
        const what = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? 'git';
        stderr = `fatal: git ${what} made no progress for ${Math.round(limit / 1000)} s and was stopped (a FIFO or device named by the repository's config or attributes?)\n${stderr}`;
      }
      resolve({ code: timedOut ? GIT_TIMED_OUT : (code ?? (signal ? 128 : 1)), stderr });
    });
  });
  return { child, done };
}

/** Runs git to completion; stdout as a Buffer (small outputs only), or the first fatal line as an error. */
export async function gitBuffer(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<Buffer> {
  const proc = spawnGit(cwd, args, { signal });
  const chunks: Buffer[] = [];
  proc.child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const { code, stderr } = await proc.done;
  if (code !== 0) throw new GitFailure(code, stderr);
  return Buffer.concat(chunks);
}

export async function gitText(cwd: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return (await gitBuffer(cwd, args, signal)).toString('utf8');
}

export class GitFailure extends Error {
  override name = 'GitFailure';
  constructor(
    readonly code: number,
    readonly stderr: string,
  ) {
    super(firstErrorLine(stderr) ?? `git exited with code ${code}`);
  }
}

/**
 * The one git-error formatter. Git's own first `fatal:`/`error:` line, the one worth showing a
 * user; else (unless `fatalOnly`) the first non-empty line.
 */
export function firstErrorLine(text: string, options: { fatalOnly?: boolean } = {}): string | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  return lines.find((l) => l.startsWith('fatal:') || l.startsWith('error:')) ?? (options.fatalOnly ? undefined : lines.find((l) => l.length > 0));
}

/** One line for any git failure (spawned or simple-git's): "git is not installed" or git's own first error line. */
export function describeGitError(error: unknown): string {
  if (error instanceof ScanError) return error.message;
  if (error instanceof GitFailure) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|not found|spawn git/i.test(message) && !/fatal:/.test(message)) return 'git is not installed or not on PATH';
  return firstErrorLine(message) ?? 'git failed';
}

/** A clear error for a folder git cannot work in; a ScanError (git missing) passes through. */
export function notAWorkTree(cwd: string, error: unknown): ScanError {
  if (error instanceof ScanError) return error;
  return new ScanError(`${cwd} is not inside a git work tree (${describeGitError(error)})`);
}

/**
 * The one repo-root function: the work tree's top folder, without loading simple-git (the
 * pre-commit path uses it). Outside a work tree it throws a clear error, or with `optional`
 * resolves to undefined (files and bundle scans work outside git too).
 */
export async function repoRoot(cwd: string, options: { optional: true }): Promise<string | undefined>;
export async function repoRoot(cwd: string, options?: { optional?: false }): Promise<string>;
export async function repoRoot(cwd: string, options: { optional?: boolean } = {}): Promise<string | undefined> {
  try {
    return (await gitText(cwd, ['rev-parse', '--show-toplevel'])).trim() || undefined;
  } catch (error) {
    if (options.optional) return undefined;
    throw notAWorkTree(cwd, error);
  }
}
