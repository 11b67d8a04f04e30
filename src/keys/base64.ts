import { KEY_FORMATS } from './formats.js';

/**
 * Keys written base64-encoded: Kubernetes Secret `data:` values, Docker config.json `auth`,
 * `Authorization: Basic`, data: URLs, any token a tool encoded. gitleaks decodes such runs and
 * scans the result again, up to `--max-decode-depth`; we do the same with a fixed bound:
 *
 * - only runs of the standard alphabet long enough to hold the shortest key are decoded;
 * - depth 2 at most (a Kubernetes `.dockerconfigjson` is base64 of JSON holding base64);
 * - each level decodes to 3/4 of its input, so all levels together read less than 3× the text.
 *
 * A decoded key still has to pass every rule a written key passes (boundaries, placeholder
 * filter), on the decoded bytes read as latin1: a byte outside ASCII is a boundary there, as
 * any non-word character is in text, so random binary next to a key does not hide it and
 * random base64 cannot add one.
 */

export type KeyEncoding = 'base64';

export const MAX_DECODE_DEPTH = 2;

const SHORTEST_KEY = Math.min(...KEY_FORMATS.map((f) => f.prefix.length + f.bodyLength));
/** Base64 characters needed to carry the shortest key: 6 bits each. */
export const MIN_BASE64_RUN = Math.ceil((SHORTEST_KEY * 8) / 6);

const IS_BASE64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') IS_BASE64[c.charCodeAt(0)] = 1;

export function isBase64Code(code: number): boolean {
  return code < 128 && IS_BASE64[code] === 1;
}

/**
 * [start, end) of every maximal run of base64 characters at least MIN_BASE64_RUN long, in order.
 * Samples one character every MIN_BASE64_RUN (a long enough run must contain a sample) and only
 * walks the runs around samples that hit: each character is read at most twice.
 */
export function base64Runs(text: string, from = 0, to = text.length, limit = Infinity): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let floor = from;
  for (let p = from + MIN_BASE64_RUN - 1; p < to; ) {
    if (!isBase64Code(text.charCodeAt(p))) {
      p += MIN_BASE64_RUN;
      continue;
    }
    let start = p;
    while (start > floor && isBase64Code(text.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < to && isBase64Code(text.charCodeAt(end))) end++;
    if (end - start >= MIN_BASE64_RUN && runs.push([start, end]) >= limit) break;
    floor = end;
    p = end + MIN_BASE64_RUN;
  }
  return runs;
}

/** The same test on bytes, for sources that decide on raw bytes whether a file needs decoding. */
export function hasBase64Run(bytes: Uint8Array): boolean {
  let floor = 0;
  for (let p = MIN_BASE64_RUN - 1; p < bytes.length; ) {
    if (!isBase64Code(bytes[p]!)) {
      p += MIN_BASE64_RUN;
      continue;
    }
    let start = p;
    while (start > floor && isBase64Code(bytes[start - 1]!)) start--;
    let end = p + 1;
    while (end < bytes.length && isBase64Code(bytes[end]!)) end++;
    if (end - start >= MIN_BASE64_RUN) return true;
    floor = end;
    p = end + MIN_BASE64_RUN;
  }
  return false;
}

/** The decoded text of run [start, end) of `text`, one latin1 character per byte. */
export function decodeRun(text: string, start: number, end: number): string {
  // A run whose length is 1 mod 4 carries a dangling 6 bits: Buffer ignores them.
  return Buffer.from(text.slice(start, end), 'base64').toString('latin1');
}

/**
 * Where bytes [index, index + length) of a run's decoding are written in the run: each group of
 * 3 bytes is 4 characters, so the span covers every character that carries one of its bits.
 */
export function encodedSpan(runStart: number, runEnd: number, index: number, length: number): { index: number; length: number } {
  const from = runStart + Math.floor(index / 3) * 4;
  const to = Math.min(runEnd, runStart + Math.ceil((index + length) / 3) * 4);
  return { index: from, length: to - from };
}
