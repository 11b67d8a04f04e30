import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ScanError } from '../errors.js';
import { gitBuffer, notAWorkTree } from './exec.js';
import { parseAddedLines, type PatchFile } from './patch.js';
import { DIFF_SAFETY_ARGS } from './safe-config.js';

/** What the next commit adds: the index against HEAD, one entry per staged file. */
export interface StagedChanges {
  repoRoot: string;
  files: PatchFile[];
  /** The commits being merged (MERGE_HEAD), empty outside a merge. */
  mergeHeads: string[];
}

/**
 * `git diff --cached` compares the index with HEAD, and on an unborn branch (the first commit)
 * with the empty tree, so one call covers both. -U1 for the line before an added block (the allow
 * marker); -M so a moved file does not re-report its old lines, while copies (no -C, whatever
 * diff.renames says) count as new files; submodules are skipped (their "Subproject commit" lines
 * are no content of this repo). A file git calls binary (its own sniff, or a `binary`/`-diff`
 * attribute the repository sets) is then judged by its content from its blob (--full-index gives
 * the ids; git/blobs.ts), as history does: --text would stream a staged video through the hook
 * line by line.
 */
const STAGED_DIFF_ARGS = ['-c', 'core.quotePath=false', 'diff', '--cached', '-p', '-U1', '-M', '--full-index', '--ignore-submodules=all', ...DIFF_SAFETY_ARGS];

/**
 * Starts both git calls at once and resolves as soon as git names the repository root; the
 * changes follow when the diff is read. The hook runs on every commit: its caller's own setup
 * (the config lookup, bounded by the root) runs while git is still diffing.
 */
export async function startStagedRead(cwd: string): Promise<{ repoRoot: string; changes: Promise<StagedChanges> }> {
  const where = gitBuffer(cwd, ['rev-parse', '--show-toplevel', '--git-path', 'MERGE_HEAD']);
  const diff = gitBuffer(cwd, STAGED_DIFF_ARGS);
  diff.catch(() => undefined);
  let lines: string[];
  try {
    lines = (await where).toString('utf8').split('\n');
  } catch (error) {
    throw notAWorkTree(cwd, error);
  }
  const repoRoot = lines[0]!;
  const changes = (async () => {
    const mergeHeads = await readMergeHeads(path.resolve(cwd, lines[1] ?? ''));
    let patch: string;
    try {
      patch = (await diff).toString('utf8');
    } catch (error) {
      throw new ScanError(`git diff --cached failed: ${(error as Error).message}`);
    }
    let files = parseAddedLines(patch);
    if (mergeHeads.length > 0) files = await onlyNewToEveryParent(cwd, files, mergeHeads);
    return { repoRoot, files, mergeHeads };
  })();
  // Awaited by the caller later; until then a failure must not count as unhandled.
  changes.catch(() => undefined);
  return { repoRoot, changes };
}

export async function readStagedChanges(cwd: string): Promise<StagedChanges> {
  return (await startStagedRead(cwd)).changes;
}

async function readMergeHeads(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l.trim()));
  } catch {
    return [];
  }
}

/**
 * In a merge, a line the other branch brought in was committed there already (history's
 * business); what this commit adds is what is new relative to every parent: the lines git's own
 * combined diff (--cc) would mark. So a line counts only if the index adds it against HEAD and
 * against each MERGE_HEAD, at the same place in the staged file.
 */
async function onlyNewToEveryParent(cwd: string, files: PatchFile[], mergeHeads: string[]): Promise<PatchFile[]> {
  const againstOthers = await Promise.all(
    mergeHeads.map(async (sha) => addedLineSet(parseAddedLines((await gitBuffer(cwd, [...STAGED_DIFF_ARGS, sha, '--'])).toString('utf8')))),
  );
  return files.map((file) => ({
    ...file,
    blocks: file.blocks.flatMap((block) => {
      const kept: typeof file.blocks = [];
      const lines = block.text.split('\n');
      lines.forEach((text, i) => {
        const line = block.lineOffset + i + 1;
        if (againstOthers.every((set) => set.has(`${file.path}\0${line}`))) {
          kept.push({ lineOffset: line - 1, previousLine: i > 0 ? lines[i - 1] : block.previousLine, text });
        }
      });
      return kept;
    }),
  }));
}

function addedLineSet(files: PatchFile[]): Set<string> {
  const set = new Set<string>();
  for (const file of files) {
    for (const block of file.blocks) {
      const count = block.text.split('\n').length;
      for (let i = 1; i <= count; i++) set.add(`${file.path}\0${block.lineOffset + i}`);
    }
  }
  return set;
}
