import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/run.js';
import type { CommandResult } from '../../src/cli/io.js';

/** Fixed dates, one minute apart per commit, so history order and output never depend on the clock. */
const EPOCH = Date.parse('2024-03-01T10:00:00Z');

/** Git with no user or system config of the machine leaking in. */
export function isolatedGitEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'),
    GIT_TERMINAL_PROMPT: '0',
  };
}

export interface TempRepo {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs git in the repo; throws with git's stderr when it fails. */
  git(...args: string[]): string;
  /** Runs git, returning status and output without throwing. */
  tryGit(...args: string[]): { status: number; stdout: string; stderr: string };
  write(file: string, content: string | Buffer): void;
  remove(file: string): void;
  /** Commits what is staged (all changes with `all`) with the next fixed date; returns the sha. */
  commit(message: string, options?: { all?: boolean; author?: string }): string;
  /** Writes `files`, stages everything and commits; returns the sha. */
  commitFiles(message: string, files: Record<string, string | Buffer>, options?: { author?: string }): string;
  /**
   * main and `feature` both change line 2 of conf.ts (feature also commits `featureFiles`), then
   * `git merge feature` stops on the conflict. Leaves the merge in progress.
   */
  startConflictingMerge(featureFiles?: Record<string, string>): void;
  /** The CLI in-process, cwd = the repo (or a folder in it). */
  scan(args: string[], options?: { cwd?: string; progress?: (text: string) => void; tty?: boolean; env?: Record<string, string> }): Promise<CommandResult>;
  cleanup(): void;
}

export function createRepo(options: { init?: boolean } = {}): TempRepo {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'cencori-git-')));
  const dir = path.join(base, 'repo');
  const home = path.join(base, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  const env = isolatedGitEnv(home);
  let commits = 0;
  const tryGit = (...args: string[]) => {
    const date = new Date(EPOCH + commits * 60_000).toISOString();
    const result = spawnSync('git', args, {
      cwd: dir,
      env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      encoding: 'utf8',
    });
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  };
  const git = (...args: string[]) => {
    const result = tryGit(...args);
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  if (options.init !== false) {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test Author');
    git('config', 'user.email', 'author@example.test');
    git('config', 'commit.gpgsign', 'false');
  }
  const repo: TempRepo = {
    dir,
    env,
    git,
    tryGit,
    write(file, content) {
      const target = path.join(dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    },
    remove(file) {
      rmSync(path.join(dir, file), { force: true });
    },
    commit(message, commitOptions = {}) {
      commits++;
      const args = ['commit', '-q', '--no-verify', '-m', message];
      if (commitOptions.all) args.splice(1, 0, '-a');
      if (commitOptions.author) args.push(`--author=${commitOptions.author}`);
      git(...args);
      return git('rev-parse', 'HEAD').trim();
    },
    commitFiles(message, files, commitOptions = {}) {
      for (const [file, content] of Object.entries(files)) repo.write(file, content);
      git('add', '-A');
      return repo.commit(message, commitOptions);
    },
    startConflictingMerge(featureFiles = {}) {
      repo.commitFiles('base', { 'conf.ts': 'start\nvalue = 0\nend\n' });
      git('checkout', '-q', '-b', 'feature');
      repo.commitFiles('feature', { 'conf.ts': 'start\nvalue = 1\nend\n', ...featureFiles });
      git('checkout', '-q', 'main');
      repo.commitFiles('main', { 'conf.ts': 'start\nvalue = 2\nend\n' });
      if (tryGit('merge', '-q', 'feature').status === 0) throw new Error('expected a merge conflict');
    },
    async scan(args, scanOptions = {}) {
      // The CLI spawns git with process.env: point it at the isolated config for this call.
      const saved = { ...process.env };
      Object.assign(process.env, { HOME: env.HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: env.GIT_CONFIG_GLOBAL });
      try {
        return await run(args, {
          cwd: scanOptions.cwd ? path.join(dir, scanOptions.cwd) : dir,
          env: { ...env, CENCORI_SCAN_OFFLINE: '1', ...scanOptions.env },
          stdoutIsTTY: scanOptions.tty ?? false,
          stderrIsTTY: scanOptions.tty ?? false,
          progress: scanOptions.progress,
        });
      } finally {
        for (const key of ['HOME', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL']) {
          if (saved[key] === undefined) delete process.env[key];
          else process.env[key] = saved[key];
        }
      }
    },
    cleanup() {
      rmSync(base, { recursive: true, force: true });
    },
  };
  return repo;
}

/** A finding as the JSON report prints it (the fields these tests read). */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  redacted: string;
  fingerprint: string;
  blocking: boolean;
  /** Non-null in history scans; tests of other scans do not read it. */
  commit: { sha: string; author: string; email: string; date: string };
  [field: string]: unknown;
}

/** The JSON report's findings. */
export function findingsOf(result: CommandResult): JsonFinding[] {
  return (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
}
