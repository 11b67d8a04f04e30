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
  /** Git printed "Binary files ... differ", or an added line holds a NUL byte. */
  binary: boolean;
}

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** `+++ b/path`, `+++ "b/quoted\tpath"` or `+++ /dev/null`: the new side's path. */
function newSidePath(rest: string): string | undefined {
  if (rest === '/dev/null') return undefined;
  // Git appends a tab after an unquoted name holding a space (for GNU patch); quoted names never end in one.
  const name = rest.startsWith('"') ? unquoteGitPath(rest) : rest.replace(/\t$/, '');
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
  let oldLeft = 0;
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

  for (const line of lines) {
    if (oldLeft > 0 || newLeft > 0) {
      const tag = line[0];
      if (tag === '+') {
        const content = line.slice(1);
        if (!block) block = { lineOffset: newLine - 1, previousLine: previous, text: '' };
        blockLines.push(content);
        if (file && content.includes('\0')) file.binary = true;
        previous = content;
        newLine++;
        newLeft--;
      } else if (tag === '-') {
        closeBlock();
        oldLeft--;
      } else if (tag === '\\') {
        // "\ No newline at end of file"
      } else {
        closeBlock();
        previous = line.slice(1);
        newLine++;
        newLeft--;
        oldLeft--;
      }
      if (oldLeft <= 0 && newLeft <= 0) {
        closeBlock();
        oldLeft = newLeft = 0;
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
    } else if (line.startsWith('@@ ')) {
      const m = HUNK_HEADER.exec(line);
      if (!m) continue;
      oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      newLine = Number(m[2]);
      newLeft = m[3] === undefined ? 1 : Number(m[3]);
      // "+0,0" (nothing added) and "+N,M": the first new line shown is N (or N+1 when M is 0).
      if (newLeft === 0) newLine++;
      newLine = Math.max(newLine, 1);
      previous = undefined;
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

/** "Binary files a/x and b/y differ": the b/ side, when it is unambiguous. */
function binaryNewPath(line: string): string | undefined {
  const m = /^Binary files (?:.*) and (.*) differ$/.exec(line);
  if (!m || m[1] === '/dev/null') return undefined;
  return newSidePath(m[1]!);
}
