import { describe, expect, it } from 'vitest';
import { parseAddedLines } from '../../src/git/patch.js';
import { unquoteGitPath } from '../../src/git/quote.js';

describe('unquoteGitPath (git quote.c)', () => {
  it('leaves unquoted paths alone', () => {
    expect(unquoteGitPath('dir with space/a.ts')).toBe('dir with space/a.ts');
  });
  it('decodes C escapes and octal UTF-8 bytes', () => {
    expect(unquoteGitPath('"new\\nline\\t\\"q\\"\\\\.ts"')).toBe('new\nline\t"q"\\.ts');
    expect(unquoteGitPath('"\\303\\274n\\303\\257.ts"')).toBe('ünï.ts');
  });
});

describe('parseAddedLines', () => {
  it('walks hunks by their counts: added lines that look like headers stay content', () => {
    const patch = [
      'diff --git a/a.md b/a.md',
      'index 1..2 100644',
      '--- a/a.md',
      '+++ b/a.md',
      '@@ -1,2 +1,4 @@',
      ' keep',
      '+++ not a header',
      '+diff --git x y',
      '-gone',
      ' tail',
      '\\ No newline at end of file',
    ].join('\n');
    const [file] = parseAddedLines(patch);
    expect(file!.path).toBe('a.md');
    expect(file!.blocks).toEqual([{ lineOffset: 1, previousLine: 'keep', text: '++ not a header\ndiff --git x y' }]);
  });

  it('reads quoted and space-holding new-side paths, and skips deleted files', () => {
    const patch = [
      'diff --git a/x y.ts b/x y.ts',
      '--- a/x y.ts\t',
      '+++ b/x y.ts\t',
      '@@ -0,0 +1 @@',
      '+one',
      'diff --git "a/new\\nline.ts" "b/new\\nline.ts"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/new\\nline.ts"',
      '@@ -0,0 +1,2 @@',
      '+a',
      '+b',
      'diff --git a/old.ts b/old.ts',
      'deleted file mode 100644',
      '--- a/old.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
    ].join('\n');
    const files = parseAddedLines(patch);
    expect(files.map((f) => [f.path, f.blocks.map((b) => [b.lineOffset, b.text])])).toEqual([
      ['x y.ts', [[0, 'one']]],
      ['new\nline.ts', [[0, 'a\nb']]],
      ['', []],
    ]);
  });

  it('marks binary files', () => {
    const [file] = parseAddedLines('diff --git a/i.png b/i.png\nnew file mode 100644\nBinary files /dev/null and b/i.png differ\n');
    expect(file).toMatchObject({ path: 'i.png', binary: true, blocks: [] });
  });
});
