import { unquoteGitPath } from './quote.js';

/** A run of consecutive added lines in one file of a patch, placed in the new version of the file. */
export interface AddedBlock {
  /** The block's first line is line `lineOffset + 1` of the new file. */
  lineOffset: number;
  /** The new file's line before the block, when the patch shows it (context), for the allow marker. */
  previousLine: string | undefined;
  text: string;
}

export interface PatchFile {
  /** Repository path of the new side, as git names it (unquoted). */
  path: string;
  blocks: AddedBlock[];
  /** Git printed "Binary files ... differ" (its own say-so: content sniff or attributes; see git/blobs.ts). */
  binary: boolean;
  /** Blob ids of the old and new side (`index` line; full with --full-index); all zeros for none. */
  oldBlob?: string;
  newBlob?: string;
}

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
/** A combined diff's hunk (--cc, octopus merges): one `-a,b` per parent, `@` count = parents + 1. */
const COMBINED_HUNK_HEADER = /^(@@@+) ((?:-\d+(?:,\d+)? )+)\+(\d+)(?:,(\d+))? @@@+/;
const INDEX_LINE = /^index ([0-9a-f,]+)\.\.([0-9a-f]+)/;

/** `+++ b/path`, `+++ "b/quoted\tpath"` or `+++ /dev/null`: the new side's path. */
function newSidePath(rest: string): string | undefined {
  if (rest === '/dev/null') return undefined;
  // Git appends a tab after a name holding a space (for GNU patch), quoted or not; a tab that is
  // part of the name is always quoted ("\t"), so one trailing raw tab is never the name's.
  const bare = rest.replace(/\t$/, '');
  const name = bare.startsWith('"') ? unquoteGitPath(bare) : bare;
  return name.startsWith('b/') ? name.slice(2) : name;
}

/** `rename to x`, `copy to x` give the path when no +++ line follows (a pure rename). */
function renameTarget(line: string): string | undefined {
  const m = /^(?:rename|copy) to (.*)$/.exec(line);
  return m ? unquoteGitPath(m[1]!) : undefined;
}

/**
 * The lines a unified patch (git diff/log -p, prefixes a/ b/) adds, per file, with their line
 * numbers in the new version. Hunks are walked by their line counts rather than by guessing from
 * a line's first characters, so an added line reading "+++ x" or "diff --git" stays content.
 */
export function parseAddedLines(patch: string): PatchFile[] {
  const files: PatchFile[] = [];
  const lines = patch.split('\n');
  let file: PatchFile | undefined;
  // Per parent: old lines left in the hunk (one parent for an ordinary patch, N for --cc).
  let oldLeft: number[] = [];
  let newLeft = 0;
  let newLine = 0;
  let previous: string | undefined;
  let block: AddedBlock | undefined;
  let blockLines: string[] = [];

  const closeBlock = () => {
    if (block && file) {
      block.text = blockLines.join('\n');
      file.blocks.push(block);
    }
    block = undefined;
    blockLines = [];
  };
  const inHunk = () => newLeft > 0 || oldLeft.some((n) => n > 0);

  for (const line of lines) {
    if (inHunk()) {
      const parents = oldLeft.length;
      if (line[0] === '\\') continue; // "\ No newline at end of file"
      const prefix = line.slice(0, parents);
      const content = line.slice(parents);
      if (prefix.includes('-')) {
        // In some parent, not in the result.
        closeBlock();
        for (let i = 0; i < parents; i++) if (prefix[i] === '-') oldLeft[i]!--;
      } else {
        for (let i = 0; i < parents; i++) if (prefix[i] !== '+') oldLeft[i]!--;
        // Added only when new to every parent (all '+'): a line one parent had is not this commit's.
        if (prefix.length === parents && !prefix.includes(' ')) {
          if (!block) block = { lineOffset: newLine - 1, previousLine: previous, text: '' };
          blockLines.push(content);
        } else {
          closeBlock();
        }
        previous = content;
        newLine++;
        newLeft--;
      }
      if (!inHunk()) {
        closeBlock();
        oldLeft = [];
        newLeft = 0;
      }
      continue;
    }
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      closeBlock();
      file = { path: '', blocks: [], binary: false };
      files.push(file);
    } else if (!file) {
      continue;
    } else if (line.startsWith('+++ ')) {
      file.path = newSidePath(line.slice(4)) ?? file.path;
    } else if (line.startsWith('@@')) {
      const hunk = parseHunkHeader(line);
      if (!hunk) continue;
      ({ oldLeft, newLeft } = hunk);
      newLine = hunk.newStart;
      // "+0,0" (nothing added) and "+N,M": the first new line shown is N (or N+1 when M is 0).
      if (newLeft === 0) newLine++;
      newLine = Math.max(newLine, 1);
      previous = undefined;
    } else if (line.startsWith('index ')) {
      const m = INDEX_LINE.exec(line);
      if (m) {
        file.oldBlob = m[1]!.split(',')[0];
        file.newBlob = m[2];
      }
    } else if (line.startsWith('Binary files ')) {
      file.binary = true;
      if (!file.path) file.path = binaryNewPath(line) ?? '';
    } else {
      const target = renameTarget(line);
      if (target !== undefined && !file.path) file.path = target;
    }
  }
  closeBlock();
  return files;
}

function parseHunkHeader(line: string): { oldLeft: number[]; newLeft: number; newStart: number } | undefined {
  const m = HUNK_HEADER.exec(line);
  if (m) return { oldLeft: [m[1] === undefined ? 1 : Number(m[1])], newStart: Number(m[2]), newLeft: m[3] === undefined ? 1 : Number(m[3]) };
  const c = COMBINED_HUNK_HEADER.exec(line);
  if (!c) return undefined;
  const olds = c[2]!.trim().split(' ').map((range) => (range.includes(',') ? Number(range.split(',')[1]) : 1));
  if (olds.length !== c[1]!.length - 1) return undefined;
  return { oldLeft: olds, newStart: Number(c[3]), newLeft: c[4] === undefined ? 1 : Number(c[4]) };
}

/** "Binary files a/x and b/y differ": the b/ side, when it is unambiguous. */
function binaryNewPath(line: string): string | undefined {
  const m = /^Binary files (?:.*) and (.*) differ$/.exec(line);
  if (!m || m[1] === '/dev/null') return undefined;
  return newSidePath(m[1]!);
}
