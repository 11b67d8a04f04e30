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
 * A run that long covers every window of MIN_BASE64_RUN characters it overlaps, so only the last
 * character of the next window is tested, then the window is read backwards up to what is
 * already known to be base64: a non-base64 character found there moves the window past it.
 * Each character is read at most once; in source text (identifiers of a few letters between
 * punctuation) only about one in seven is read at all.
 */
export function base64Runs(text: string, from = 0, to = text.length, limit = Infinity): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  // Invariant: [floor, known) is base64; the window tested is [floor, floor + MIN_BASE64_RUN).
  let floor = from;
  let known = from;
  for (let p = from + MIN_BASE64_RUN - 1; p < to; p = floor + MIN_BASE64_RUN - 1) {
    let q = p;
    while (q >= known && isBase64Code(text.charCodeAt(q))) q--;
    if (q >= known) {
      floor = q + 1;
      known = p + 1;
      continue;
    }
    let end = p + 1;
    while (end < to && isBase64Code(text.charCodeAt(end))) end++;
    if (runs.push([floor, end]) >= limit) break;
    floor = end + 1;
    known = floor;
  }
  return runs;
}

/**
 * base64Runs over bytes, for sources that decide on raw bytes whether a file needs decoding: finds
 * each run at least MIN_BASE64_RUN long, in order, and hands `visit` its start and the end of the
 * window that showed it; `visit` reads on to the run's end and returns it, or -1 to stop.
 */
export function visitBase64ByteRuns(bytes: Uint8Array, visit: (start: number, known: number) => number): void {
  const to = bytes.length;
  let floor = 0;
  let known = 0;
  for (let p = MIN_BASE64_RUN - 1; p < to; p = floor + MIN_BASE64_RUN - 1) {
    let q = p;
    while (q >= known && isBase64Code(bytes[q]!)) q--;
    if (q >= known) {
      floor = q + 1;
      known = p + 1;
      continue;
    }
    const end = visit(floor, p + 1);
    if (end === -1) return;
    floor = end + 1;
    known = floor;
  }
}

/** [start, end) of every base64 run of the bytes at least MIN_BASE64_RUN long (at most `limit`). */
export function base64ByteRuns(bytes: Uint8Array, limit = Infinity): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  visitBase64ByteRuns(bytes, (start, known) => {
    let end = known;
    while (end < bytes.length && isBase64Code(bytes[end]!)) end++;
    return runs.push([start, end]) >= limit ? -1 : end;
  });
  return runs;
}

/** Whether the bytes hold a base64 run long enough to carry a key. */
export function hasBase64Run(bytes: Uint8Array): boolean {
  return base64ByteRuns(bytes, 1).length > 0;
}

const SEXTET = new Uint8Array(128);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, i) => (SEXTET[c.charCodeAt(0)] = i));

/** For each byte: the 6 bits it stands for as a base64 character, or NOT_BASE64 (one lookup for both). */
export const NOT_BASE64 = 64;
export const BYTE_SEXTET = new Uint8Array(256).fill(NOT_BASE64);
SEXTET.forEach((bits, code) => {
  if (IS_BASE64[code] === 1) BYTE_SEXTET[code] = bits;
});

/**
 * Decodes bytes [start, end) of a run (base64 characters only) into `out` from index 0 and returns
 * how many bytes it wrote: what Buffer.from(run, 'base64') gives (3 bytes per 4 characters, the
 * bits of a dangling last character dropped), without making a string of the run or a new buffer,
 * so a file with megabytes of base64 leaves no garbage behind. `out` needs (end - start) * 3 / 4 bytes.
 */
export function decodeBase64Into(bytes: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const v = (SEXTET[bytes[i]!]! << 18) | (SEXTET[bytes[i + 1]!]! << 12) | (SEXTET[bytes[i + 2]!]! << 6) | SEXTET[bytes[i + 3]!]!;
    out[n++] = v >> 16;
    out[n++] = (v >> 8) & 0xff;
    out[n++] = v & 0xff;
  }
  const rest = end - i;
  if (rest >= 2) {
    const v = (SEXTET[bytes[i]!]! << 18) | (SEXTET[bytes[i + 1]!]! << 12) | (rest === 3 ? SEXTET[bytes[i + 2]!]! << 6 : 0);
    out[n++] = v >> 16;
    if (rest === 3) out[n++] = (v >> 8) & 0xff;
  }
  return n;
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
