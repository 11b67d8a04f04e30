/**
 * Columns count characters (Unicode code points), not bytes or UTF-16 units, so an emoji before a
 * key moves it by one column. Detection counts them with its own forward cursor (detect.ts);
 * this is for callers that map one position of their own (source maps).
 */
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
