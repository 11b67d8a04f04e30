import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs a repository's installed git hook the way git runs it (the file in the effective hooks
 * folder, `git rev-parse --git-path hooks`, which honours core.hooksPath; cwd the work-tree root,
 * per githooks(5)) against a change holding `text` at `file`, without touching the user's index,
 * objects or refs: the index is a temporary file (GIT_INDEX_FILE, as `git commit -a` does) and new
 * objects go to a temporary object folder with the repository's own as an alternate.
 *
 * pre-commit: the temporary index is HEAD's tree plus `file`.
 * pre-push: a commit on top of HEAD adding `file`, offered as an update of a branch from HEAD.
 */
export interface HookTrial {
  /** undefined: the hook file does not exist or is not executable (git would skip it). */
  status: number | undefined;
  output: string;
  hookFile: string;
}

export function tryHook(root: string, hook: 'pre-commit' | 'pre-push', file: string, text: string, env: NodeJS.ProcessEnv): HookTrial {
  const git = (args: string[], runEnv: NodeJS.ProcessEnv, input?: string) => {
    const r = spawnSync('git', args, { cwd: root, env: runEnv, input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
    return r.stdout.trim();
  };
  const hooksDir = path.resolve(root, git(['rev-parse', '--git-path', 'hooks'], env));
  const hookFile = path.join(hooksDir, hook);
  if (!isExecutable(hookFile)) return { status: undefined, output: '', hookFile };
  const scratch = mkdtempSync(path.join(tmpdir(), 'cencori-init-'));
  try {
    const objects = path.join(scratch, 'objects');
    mkdirSync(objects);
    const trialEnv: NodeJS.ProcessEnv = {
      ...env,
      GIT_INDEX_FILE: path.join(scratch, 'index'),
      GIT_OBJECT_DIRECTORY: objects,
      GIT_ALTERNATE_OBJECT_DIRECTORIES: path.resolve(root, git(['rev-parse', '--git-path', 'objects'], env)),
      // The generated key is no one's: never ask Cencori about it.
      CENCORI_SCAN_OFFLINE: '1',
    };
    const head = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: root, env, encoding: 'utf8' }).stdout.trim();
    git(head ? ['read-tree', head] : ['read-tree', '--empty'], trialEnv);
    const blob = git(['hash-object', '-w', '--stdin'], trialEnv, text);
    git(['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], trialEnv);
    let input: string | undefined;
    let args: string[] = [];
    if (hook === 'pre-push') {
      const tree = git(['write-tree'], trialEnv);
      const identity = { GIT_AUTHOR_NAME: 'cencori-scan init', GIT_AUTHOR_EMAIL: 'init@cencori-scan.invalid', GIT_COMMITTER_NAME: 'cencori-scan init', GIT_COMMITTER_EMAIL: 'init@cencori-scan.invalid' };
      const commit = git(['commit-tree', '--no-gpg-sign', tree, ...(head ? ['-p', head] : []), '-m', 'cencori-scan init: hook check'], { ...trialEnv, ...identity });
      const ref = 'refs/heads/cencori-scan-init-check';
      input = `${ref} ${commit} ${ref} ${head || '0'.repeat(commit.length)}\n`;
      args = ['cencori-scan-init-check', 'cencori-scan-init-check.invalid'];
    }
    const run = spawnSync(hookFile, args, { cwd: root, env: trialEnv, input: input ?? '', encoding: 'utf8', timeout: 120_000 });
    return { status: run.status ?? 1, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? run.error.message : ''}`, hookFile };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function isExecutable(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
