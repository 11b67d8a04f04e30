import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { makeKey, masked } from '../helpers/keys.js';
import { findingsOf, scan } from './built-cli.js';

// README promise: line numbers are the ones an editor shows, also in files with old Mac line
// ends (a lone CR), small or read in pieces; CRLF stays one line end.
describe('lone-CR line ends', () => {
  it('count as lines in a small file, next to CRLF and LF', () => {
    const [a, b, c] = [makeKey(), makeKey(), makeKey()];
    const dir = tempDir({ 'mac.txt': `one\rtwo\r  k = "${a}"\r`, 'mixed.txt': `one\r\ntwo\rthree\n  k = "${b}"\r\n\r\rk="${c}"` });
    const ran = scan(['files', '--format', 'json', '.'], dir);
    expect(findingsOf(ran)).toEqual([
      expect.objectContaining({ file: 'mac.txt', line: 3, column: 8, redacted: masked(a) }),
      expect.objectContaining({ file: 'mixed.txt', line: 4, column: 8, redacted: masked(b) }),
      expect.objectContaining({ file: 'mixed.txt', line: 7, column: 4, redacted: masked(c) }),
    ]);
  });

  it('count as lines in a file read in pieces (over 8 MB), and the allow marker follows them', () => {
    const [found, allowed] = [makeKey(), makeKey()];
    const line = `${'old mac line'.padEnd(99, ' ')}\r`;
    const lines = Array.from({ length: 100_000 }, () => line);
    lines[60_000] = '// cencori-scan:allow\r';
    lines[60_001] = `k = "${allowed}"\r`;
    lines[90_000] = `k = "${found}"\r`;
    const dir = tempDir({ 'big-mac.txt': lines.join('') });
    const ran = scan(['files', '--format', 'json', '.'], dir);
    expect(findingsOf(ran)).toEqual([expect.objectContaining({ line: 90_001, column: 6, redacted: masked(found) })]);
  });
});
