/**
 * Offsets to 1-based line and column. Columns count characters (Unicode code points), not
 * bytes or UTF-16 units, so an emoji before a key moves it by one column.
 * Lines end at \n; a \r before it belongs to the line ending, so CRLF files get the same columns.
 */
export class LineLocator {
  readonly #text: string;
  readonly #lineStarts: number[] = [0];
  #scannedTo = 0;
  // Columns are asked for in increasing order; remembering the last answer keeps a
  // 10 MB one-line file linear instead of quadratic.
  #lastIndex = -1;
  #lastColumn = 0;
  #lastLine = -1;

  constructor(text: string) {
    this.#text = text;
  }

  /** 0-based line number of `index`. */
  lineOf(index: number): number {
    while (this.#scannedTo <= index && this.#scannedTo < this.#text.length) {
      const nl = this.#text.indexOf('\n', this.#scannedTo);
      if (nl === -1) {
        this.#scannedTo = this.#text.length;
        break;
      }
      this.#lineStarts.push(nl + 1);
      this.#scannedTo = nl + 1;
    }
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.#lineStarts[line] ?? 0;
  }

  /** The text of 0-based `line` without its line ending. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    let end = this.#text.indexOf('\n', start);
    if (end === -1) end = this.#text.length;
    if (end > start && this.#text.charCodeAt(end - 1) === 13) end--;
    return this.#text.slice(start, end);
  }

  /** 1-based line and column of `index`. */
  position(index: number): { line: number; column: number } {
    const line = this.lineOf(index);
    const start = this.lineStart(line);
    let from = start;
    let column = 0;
    if (line === this.#lastLine && this.#lastIndex <= index && this.#lastIndex >= start) {
      from = this.#lastIndex;
      column = this.#lastColumn;
    }
    column += countCodePoints(this.#text, from, index);
    this.#lastLine = line;
    this.#lastIndex = index;
    this.#lastColumn = column;
    return { line: line + 1, column: column + 1 };
  }
}

export function countCodePoints(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    // A low surrogate continues the code point its high surrogate started.
    if (code < 0xdc00 || code > 0xdfff || i === from) count++;
    else if (!isHighSurrogate(text.charCodeAt(i - 1))) count++;
  }
  return count;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
