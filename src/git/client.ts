import { simpleGit, type SimpleGit } from 'simple-git';
import { ScanError } from '../errors.js';

/**
 * `-c` settings on every git call. A scanner runs git inside repositories it does not trust;
 * trufflehog's CVE-2025-41390 showed that a repo's own .git/config (fsmonitor, hooks, external
 * diff, textconv, pager) can make the scanner run arbitrary programs. These turn those paths off.
 */
export const SAFE_GIT_CONFIG: readonly string[] = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.untrackedCache=false',
  'core.pager=cat',
  'diff.external=',
  'protocol.allow=never',
];

/**
 * simple-git >= 3.36 refuses any `-c` that names one of these settings, even to switch it off;
 * the flags let SAFE_GIT_CONFIG through. They allow only what we pass ourselves.
 */
const ALLOW_OUR_SAFE_CONFIG = {
  allowUnsafeFsMonitor: true,
  allowUnsafeHooksPath: true,
  allowUnsafePager: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeProtocolOverride: true,
} as const;

export function gitAt(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, config: [...SAFE_GIT_CONFIG], trimmed: false, unsafe: ALLOW_OUR_SAFE_CONFIG });
}

/** One line for a git failure: "git is not installed" or git's own first error line. */
export function describeGitError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|not found|spawn git/i.test(message) && !/fatal:/.test(message)) return 'git is not installed or not on PATH';
  const fatal = message.split('\n').find((line) => line.startsWith('fatal:') || line.startsWith('error:'));
  return (fatal ?? message.split('\n')[0] ?? 'git failed').trim();
}

/** The repository's top folder, or undefined when `dir` is not inside a work tree (or git is missing). */
export async function repoRootOf(dir: string): Promise<string | undefined> {
  try {
    const out = await gitAt(dir).raw(['rev-parse', '--show-toplevel']);
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Like repoRootOf, but a missing repository is an error the user sees. */
export async function requireRepoRoot(dir: string): Promise<string> {
  let out: string;
  try {
    out = await gitAt(dir).raw(['rev-parse', '--show-toplevel']);
  } catch (error) {
    const reason = describeGitError(error);
    if (reason.startsWith('git is not installed')) throw new ScanError(reason);
    throw new ScanError(`${dir} is not inside a git repository (${reason})`);
  }
  return out.trim();
}

/**
 * Files git would consider under `dir`: tracked plus untracked-but-not-ignored, so .gitignore,
 * nested .gitignore files, .git/info/exclude and core.excludesFile all apply exactly as git
 * applies them. Paths are relative to `dir`, deduplicated (a conflicted path has several stages).
 */
export async function listWorktreeFiles(dir: string): Promise<string[]> {
  let out: string;
  try {
    out = await gitAt(dir).raw(['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  } catch (error) {
    throw new ScanError(`git ls-files failed in ${dir}: ${describeGitError(error)}`);
  }
  return [...new Set(out.split('\0').filter((p) => p.length > 0))];
}

/**
 * Whether git ignores `absolute` (itself or through a parent folder): .gitignore files,
 * .git/info/exclude and core.excludesFile, as git applies them.
 */
export async function isIgnoredByGit(dir: string, absolute: string): Promise<boolean> {
  try {
    return (await gitAt(dir).checkIgnore([absolute])).length > 0;
  } catch {
    return false;
  }
}
