import { MAX_DECODE_DEPTH, base64ByteRuns, base64Runs } from './base64.js';
import { KEY_FORMATS } from './formats.js';

/**
 * Cheap tests run before the full match, all derived from the formats table: a new prefix in
 * KEY_FORMATS reaches every pre-filter (strings, file bytes, git log bytes) without an edit here.
 */

/** Distinct anchors: each prefix up to its first "_" (csk_test_ → csk_), in table order. */
export const KEY_ANCHORS: readonly string[] = [...new Set(KEY_FORMATS.map((f) => f.prefix.slice(0, f.prefix.indexOf('_') + 1)))];

/** The anchors as bytes, for `Buffer#indexOf` over raw output (git log -p). */
export const KEY_ANCHOR_BYTES: readonly Buffer[] = KEY_ANCHORS.map((a) => Buffer.from(a, 'latin1'));

/** The byte "_" every anchor ends with. */
export const ANCHOR_END = 0x5f;

// Every anchor ends in "_" (csk_, cpk_, cen_, cake_): one memchr pass for "_" and a look back
// beats one Buffer#indexOf pass per anchor (profiled: 5× faster on source trees).
const ANCHOR_STEMS = KEY_ANCHORS.map((a) => {
  if (!a.endsWith('_')) throw new Error(`key anchor ${a} must end with "_"`);
  return Buffer.from(a.slice(0, -1), 'latin1');
});

/** Where the anchor ending at the "_" at `underscore` starts, or -1 when no anchor ends there. */
export function anchorStartBefore(buffer: Uint8Array, underscore: number): number {
  // Plain byte reads: a native Buffer#compare call per "_" costs more than the comparison.
  for (const stem of ANCHOR_STEMS) {
    const start = underscore - stem.length;
    if (start < 0) continue;
    let j = 0;
    while (j < stem.length && buffer[start + j] === stem[j]) j++;
    if (j === stem.length) return start;
  }
  return -1;
}

/** True when the text holds an anchor: may hold a key written as it is. */
export function hasAnchor(text: string): boolean {
  for (const anchor of KEY_ANCHORS) if (text.includes(anchor)) return true;
  return false;
}

/** True when the text may hold a key, written or base64-encoded: a cheap test before the full match. */
export function mayContainKey(text: string): boolean {
  return hasAnchor(text) || base64Runs(text, 0, text.length, 1).length > 0;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The base64 characters that `bytes` always turn into when written `offset` bytes (0-2) into an
 * encoded stream, whatever bytes surround them: the characters whose 6 bits all come from `bytes`.
 */
export function fixedBase64(bytes: Uint8Array, offset: number): string {
  const from = 8 * offset;
  const to = 8 * (offset + bytes.length);
  let out = '';
  for (let c = Math.ceil(from / 6); 6 * c + 6 <= to; c++) {
    let value = 0;
    for (let bit = 6 * c; bit < 6 * c + 6; bit++) value = (value << 1) | ((bytes[(bit >> 3) - offset]! >> (7 - (bit & 7))) & 1);
    out += BASE64_ALPHABET[value];
  }
  return out;
}

/**
 * What base64 carrying a key always contains: each anchor's fixed characters at each of the three
 * alignments (MAX_DECODE_DEPTH 1), and those characters encoded once more at each alignment (depth
 * 2: base64 of text that holds base64). A run without any of them decodes to no key at any depth
 * the matcher reads, whatever character it is decoded from; derived from the formats table.
 */
export const ENCODED_ANCHORS: readonly string[] = (() => {
  const levels: string[][] = [[...KEY_ANCHORS]];
  for (let depth = 1; depth <= MAX_DECODE_DEPTH; depth++) {
    levels.push(levels[depth - 1]!.flatMap((text) => [0, 1, 2].map((offset) => fixedBase64(Buffer.from(text, 'latin1'), offset))));
  }
  return [...new Set(levels.slice(1).flat())];
})();

const ENCODED_ANCHOR = new RegExp(ENCODED_ANCHORS.map((a) => a.replace(/[+/]/g, '\\$&')).join('|'));

/**
 * The byte test history reads commits by: a base64 run long enough to carry a key and holding an
 * encoded anchor. Integrity hashes in lockfiles, hex digests and long identifiers are base64 runs
 * too; without an encoded anchor they cannot carry a key, so their commits are never decoded.
 */
export function hasEncodedAnchorRun(bytes: Buffer): boolean {
  for (const [start, end] of base64ByteRuns(bytes)) if (ENCODED_ANCHOR.test(bytes.toString('latin1', start, end))) return true;
  return false;
}
