import { ALPHABET_SOURCE, KEY_FORMATS, type KeyFormat } from './formats.js';
import { ANCHOR_END, anchorStartBefore, encodedAnchorOffsets, hasAnchor, visitRunsWithEncodedAnchor } from './prefilter.js';
import { isPlaceholderBody } from './placeholder.js';
import { MAX_DECODE_DEPTH, MIN_BASE64_RUN, base64Runs, decodeBase64Into, decodeRun, encodedSpan, type KeyEncoding } from './base64.js';

/**
 * Boundaries from the key spec: a key is not preceded by [A-Za-z0-9_] (so `egy_csk_test_…`
 * is someone else's key) and not followed by [A-Za-z0-9] (so a 49-character body is no key).
 *
 * The character before a key is judged as the text means it: in escaped text (JSON strings,
 * .ipynb cells, source maps' sourcesContent, URL-encoded values) `\ncsk_…`, `\u003dcsk_…`
 * or `%3Dcsk_…` put a newline, `=` or `=` before the key, not the letter the escape ends with.
 */
const BEFORE = '(?:(?<![A-Za-z0-9_])|(?<=\\\\[nrtfbv])|(?<=\\\\u[0-9A-Fa-f]{4})|(?<=\\\\x[0-9A-Fa-f]{2})|(?<=%[0-9A-Fa-f]{2}))';
/** The most characters the boundary looks back: `\u003d`. Byte-level pre-filters widen windows by this. */
export const LOOKBEHIND_CHARACTERS = 6;
const AFTER = '(?![A-Za-z0-9])';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One alternation per (alphabet, length) group. Every branch is a fixed literal followed by
 * a fixed-count character class, so an attempt at one position reads at most ~60 characters
 * and never backtracks into a quantifier: the scan is linear in the input.
 */
function buildKeySource(): string {
  const groups = new Map<string, KeyFormat[]>();
  for (const f of KEY_FORMATS) {
    const groupKey = `${f.alphabet}:${f.bodyLength}`;
    groups.set(groupKey, [...(groups.get(groupKey) ?? []), f]);
  }
  const branches = [...groups.values()].map((formats) => {
    const prefixes = [...new Set(formats.map((f) => f.prefix))].sort((a, b) => b.length - a.length);
    const first = formats[0]!;
    return `(?:${prefixes.map(escapeRegex).join('|')})${ALPHABET_SOURCE[first.alphabet]}{${first.bodyLength}}`;
  });
  return `${BEFORE}(?:${branches.join('|')})${AFTER}`;
}

/** Regex source matching any Cencori key candidate (placeholders included). */
export const KEY_PATTERN_SOURCE = buildKeySource();

const KEY_PATTERN = new RegExp(KEY_PATTERN_SOURCE, 'g');

const FORMAT_BY_PREFIX_LENGTH = [...KEY_FORMATS].sort((a, b) => b.prefix.length - a.prefix.length);
const ALPHABET_TEST = {
  hex: /^[0-9a-f]+$/,
  base58: /^[1-9A-HJ-NP-Za-km-z]+$/,
} as const;

/** The format of a complete key string, or undefined when it is not exactly one key. */
export function formatOf(candidate: string): KeyFormat | undefined {
  for (const f of FORMAT_BY_PREFIX_LENGTH) {
    if (!candidate.startsWith(f.prefix)) continue;
    const body = candidate.slice(f.prefix.length);
    if (body.length === f.bodyLength && ALPHABET_TEST[f.alphabet].test(body)) return f;
  }
  return undefined;
}

export interface KeyMatch {
  /** The full key. Internal: never print it; wrap it in SecretValue before it leaves detection. */
  readonly key: string;
  readonly format: KeyFormat;
  /** UTF-16 offset of the match's first character in the scanned text. */
  readonly index: number;
  /** Characters of the scanned text the match covers: the key, or the base64 that carries it. */
  readonly length: number;
  /** Set when the key is written encoded: `index`/`length` then cover the encoded characters. */
  readonly encoding?: KeyEncoding;
}

/**
 * Every real Cencori key in `text`, in order of position, placeholders left out: keys written
 * as they are, and keys inside base64 (see base64.ts), reported where their encoding is written.
 */
export function findKeys(text: string): KeyMatch[] {
  const plain = findWrittenKeys(text);
  const encoded = findEncodedKeys(text);
  if (encoded.length === 0) return plain;
  if (plain.length === 0) return encoded;
  return [...plain, ...encoded].sort((a, b) => a.index - b.index);
}

/**
 * Keys inside the base64 runs of `text`, decoding again inside what was decoded up to
 * MAX_DECODE_DEPTH. A run may start with characters that are no part of the encoding (`/` of a
 * path, a word glued to it, the cut between two pieces of a long line): each run is decoded from
 * each of its first 4 characters, which costs 4 decodes but never misses a key for its alignment.
 */
export function findEncodedKeys(text: string, depth = 1): KeyMatch[] {
  const out: KeyMatch[] = [];
  // Only a run holding what an anchor becomes when encoded (once, or as often as levels remain) can
  // decode to a key: random base64 (hashes, images, lockfile integrity) is never decoded.
  const anchors = encodedAnchorOffsets(text, MAX_DECODE_DEPTH - depth + 1);
  if (anchors.length === 0) return out;
  const runs = base64Runs(text);
  let next = 0;
  for (const [runStart, end] of runs) {
    while (next < anchors.length && anchors[next]! < runStart) next++;
    if (next === anchors.length || anchors[next]! >= end) continue;
    const found: KeyMatch[] = [];
    for (let start = runStart; start < runStart + 4 && end - start >= MIN_BASE64_RUN; start++) {
      const decoded = decodeRun(text, start, end);
      const inner = findWrittenKeys(decoded);
      if (depth < MAX_DECODE_DEPTH) for (const m of findEncodedKeys(decoded, depth + 1)) inner.push(m);
      for (const m of inner) {
        const span = encodedSpan(start, end, m.index, m.length);
        found.push({ key: m.key, format: m.format, index: span.index, length: span.length, encoding: 'base64' });
      }
    }
    if (found.length > 1) found.sort((a, b) => a.index - b.index);
    for (const m of found) out.push(m);
  }
  return out;
}

/** Every real key written as it is in `text` (not encoded), in order. */
export function findWrittenKeys(text: string): KeyMatch[] {
  const matches: KeyMatch[] = [];
  if (!hasAnchor(text)) return matches;
  // One shared global regex (findKeys is synchronous, so never re-entered mid-loop).
  const re = KEY_PATTERN;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const key = m[0];
    const format = formatOf(key);
    if (format === undefined || isPlaceholderBody(key.slice(format.prefix.length))) continue;
    matches.push({ key, format, index: m.index, length: key.length });
  }
  return matches;
}

/** True when `value` is exactly one real key (no surrounding text). */
export function isKey(value: string): boolean {
  const format = formatOf(value);
  return format !== undefined && !isPlaceholderBody(value.slice(format.prefix.length));
}

/** Longest key (prefix + body) plus what the boundary checks read on each side. */
const WINDOW = LOOKBEHIND_CHARACTERS + Math.max(...KEY_FORMATS.map((f) => f.prefix.length + f.bodyLength)) + 1;
/** Past this many anchors, checking windows one by one costs more than one pass over the text. */
const MAX_WINDOWS = 64;

/**
 * Whether the bytes may hold a real key, decided on bytes so that the usual file (no anchor, or
 * only near-misses, and no base64 run that decodes to a key) is never decoded as a whole. A key
 * is ASCII and starts at an anchor, so findKeys on a latin1 window around each anchor sees
 * exactly what it would see in the decoded text (any non-ASCII byte is a boundary either way).
 * Base64 runs are ASCII too: each is decoded here as findEncodedKeys decodes it (every start of
 * its first 4, down to MAX_DECODE_DEPTH), so a file is passed on exactly when a key, written or
 * encoded, is in it (or when it has so many anchors that the full scan is cheaper).
 */
export function bytesMayHoldKey(buffer: Buffer): boolean {
  return bytesHoldWrittenKey(buffer) || bytesHoldEncodedKey(buffer, 1);
}

function bytesHoldWrittenKey(buffer: Buffer): boolean {
  let windows = 0;
  for (let i = buffer.indexOf(ANCHOR_END); i !== -1; i = buffer.indexOf(ANCHOR_END, i + 1)) {
    const anchor = anchorStartBefore(buffer, i);
    if (anchor === -1) continue;
    if (++windows > MAX_WINDOWS) return true;
    const start = Math.max(0, anchor - LOOKBEHIND_CHARACTERS);
    const end = Math.min(buffer.length, start + WINDOW);
    const window = buffer.toString('latin1', start, end);
    // The window's end is no end of the text: a later anchor's key that runs up to it would pass
    // the boundary check there though a letter follows in the text. That key is judged in its own
    // window; this one's own key, and the character after it, always fit (WINDOW).
    if (findWrittenKeys(window).some((m) => end === buffer.length || m.index + m.length < window.length)) return true;
  }
  return false;
}

/** One reused buffer per decoding depth: decoded runs are looked at, then dropped. */
const decodedAt: Buffer[] = [];

/**
 * findEncodedKeys(text).length > 0 on the text's bytes: the same runs, decoded the same way. A
 * run without an encoded anchor cannot decode to a key and is not decoded (minified JavaScript is
 * full of long runs: decoding each at four starts was a third of a files scan's time).
 */
function bytesHoldEncodedKey(bytes: Buffer, depth: number): boolean {
  let holds = false;
  visitRunsWithEncodedAnchor(bytes, (runStart, end) => {
    const need = Math.ceil(((end - runStart) * 3) / 4);
    let out = decodedAt[depth];
    if (out === undefined || out.length < need) out = decodedAt[depth] = Buffer.allocUnsafe(Math.max(need, 2 * (out?.length ?? 4096)));
    for (let start = runStart; start < runStart + 4 && end - start >= MIN_BASE64_RUN; start++) {
      const decoded = out.subarray(0, decodeBase64Into(bytes, start, end, out));
      if (bytesHoldWrittenKey(decoded) || (depth < MAX_DECODE_DEPTH && bytesHoldEncodedKey(decoded, depth + 1))) return (holds = true);
    }
    return false;
  });
  return holds;
}
