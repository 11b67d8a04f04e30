import { ScanError } from '../errors.js';
import { GitFailure, describeGitError, spawnGit } from './exec.js';

// Spawned directly (exec.ts), not through simple-git: a files scan needs only these two calls
// and should not pay simple-git's module load on every run.

/**
 * Files git would consider under `dir`: tracked plus untracked-but-not-ignored, so .gitignore,
 * nested .gitignore files, .git/info/exclude and core.excludesFile all apply exactly as git
 * applies them. Paths are relative to `dir`, deduplicated (a conflicted path has several stages).
 * `unlistable` holds the folders git could not open (it only warns and leaves their untracked
 * files out, exit 0): the caller must say they were not scanned.
 */
export async function listWorktreeFiles(dir: string): Promise<{ files: string[]; unlistable: Array<{ folder: string; why: string }> }> {
  const proc = spawnGit(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  const chunks: Buffer[] = [];
  proc.child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const { code, stderr } = await proc.done;
  if (code !== 0) throw new ScanError(`git ls-files failed in ${dir}: ${describeGitError(new GitFailure(code, stderr))}`);
  const unlistable: Array<{ folder: string; why: string }> = [];
  // git's own wording (dir.c): "warning: could not open directory '%s': %s".
  for (const match of stderr.matchAll(/^warning: could not open directory '(.*)': (.*)$/gm)) unlistable.push({ folder: match[1]!, why: match[2]! });
  const out = Buffer.concat(chunks).toString('utf8');
  return { files: [...new Set(out.split('\0').filter((p) => p.length > 0))], unlistable };
}

/**
 * Whether git ignores `absolute` (itself or through a parent folder): .gitignore files,
 * .git/info/exclude and core.excludesFile, as git applies them.
 */
export async function isIgnoredByGit(dir: string, absolute: string): Promise<boolean> {
  // Exit 0: ignored; 1: not ignored; anything else (an error) counts as not ignored, so the
  // folder is then listed by git like any other.
  try {
    return (await spawnGit(dir, ['check-ignore', '-q', '--', absolute]).done).code === 0;
  } catch {
    return false;
  }
}
