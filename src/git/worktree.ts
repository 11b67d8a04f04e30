import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScanError } from '../errors.js';
import { GitFailure, describeGitError, gitText, spawnGit } from './exec.js';

// Spawned directly (exec.ts), not through simple-git: a files scan needs only these calls and
// should not pay simple-git's module load on every run.

/**
 * Files git would consider under `dir`: tracked plus untracked-but-not-ignored, so .gitignore,
 * nested .gitignore files, .git/info/exclude and core.excludesFile all apply exactly as git
 * applies them. Paths are relative to `dir`, deduplicated (a conflicted path has several stages).
 * `unlistable` holds the folders git could not open (it only warns and leaves their untracked
 * files out, exit 0): the caller must say they were not scanned.
 */
export async function listWorktreeFiles(dir: string): Promise<{ files: string[]; unlistable: Array<{ folder: string; why: string }>; refusedExcludes: string[] }> {
  const excludes = await excludeFiles(dir);
  const proc = spawnGit(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-per-directory=.gitignore', ...excludes.args]);
  const chunks: Buffer[] = [];
  proc.child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  const { code, stderr } = await proc.done;
  if (code !== 0) throw new ScanError(`git ls-files failed in ${dir}: ${describeGitError(new GitFailure(code, stderr))}`);
  const unlistable: Array<{ folder: string; why: string }> = [];
  // git's own wording (dir.c): "warning: could not open directory '%s': %s".
  for (const match of stderr.matchAll(/^warning: could not open directory '(.*)': (.*)$/gm)) unlistable.push({ folder: match[1]!, why: match[2]! });
  const out = Buffer.concat(chunks).toString('utf8');
  return { files: [...new Set(out.split('\0').filter((p) => p.length > 0))], unlistable, refusedExcludes: excludes.refused };
}

/**
 * What `--exclude-standard` reads besides the .gitignore files, passed one by one so that only
 * regular files reach git: the repository's config (core.excludesFile) or its .git folder can name
 * a FIFO or /dev/zero, on which `git ls-files` waits or reads forever. Skipping such a file can
 * only widen the scan. Order as git's setup_standard_excludes: core.excludesFile (or its XDG
 * default) first, then info/exclude, whose patterns win (the last file given takes precedence).
 */
async function excludeFiles(dir: string): Promise<{ args: string[]; refused: string[]; globalRefused: boolean }> {
  const [configured, infoExclude] = await Promise.all([
    gitText(dir, ['config', '--path', '--get', 'core.excludesFile']).then((out) => out.trim(), () => ''),
    gitText(dir, ['rev-parse', '--path-format=absolute', '--git-path', 'info/exclude']).then((out) => out.trim()),
  ]);
  const xdg = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  const candidates = [configured === '' ? path.join(xdg, 'git', 'ignore') : path.resolve(dir, configured), infoExclude];
  const args: string[] = [];
  const refused: string[] = [];
  for (const file of candidates) {
    let kind: 'file' | 'other' | 'missing';
    try {
      kind = statSync(file).isFile() ? 'file' : 'other';
    } catch {
      kind = 'missing'; // git skips a missing excludes file too
    }
    if (kind === 'file') args.push(`--exclude-from=${file}`);
    if (kind === 'other') refused.push(file);
  }
  return { args, refused, globalRefused: refused.includes(candidates[0]!) };
}

/**
 * Whether git ignores `absolute` (itself or through a parent folder): .gitignore files,
 * .git/info/exclude and core.excludesFile, as git applies them. check-ignore takes no
 * --exclude-from, so a core.excludesFile that is not a regular file is overridden instead; an
 * info/exclude that is not one cannot be, and then the answer is "ignored": the caller walks the
 * whole folder, which can only widen the scan.
 */
export async function isIgnoredByGit(dir: string, absolute: string): Promise<{ ignored: boolean; refusedExcludes: string[] }> {
  const excludes = await excludeFiles(dir);
  const refusedExcludes = excludes.refused;
  if (refusedExcludes.length > (excludes.globalRefused ? 1 : 0)) return { ignored: true, refusedExcludes };
  const override = excludes.globalRefused ? ['-c', 'core.excludesFile=/dev/null'] : [];
  const proc = spawnGit(dir, [...override, 'check-ignore', '-q', '--', absolute]);
  const { code } = await proc.done;
  return { ignored: code === 0, refusedExcludes };
}
