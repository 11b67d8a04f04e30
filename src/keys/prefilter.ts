import { base64Runs } from './base64.js';
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
