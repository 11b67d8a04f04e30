import { BYTE_SEXTET, MAX_DECODE_DEPTH, NOT_BASE64, base64Runs, isBase64Code, visitBase64ByteRuns } from './base64.js';
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

/**
 * What an anchor looks like once base64-encoded. Encoding works on groups of 3 bytes, so an
 * anchor starting at byte offset 0, 1 or 2 of a group comes out as three different texts; in each,
 * the characters whose 6 bits all come from the anchor are the same whatever surrounds it (csk_ at
 * offset 0 always gives "Y3NrX"). A run that contains none of them cannot decode to a key, from any
 * starting character. Level 2 is the same over the level-1 texts (a key encoded twice).
 */
function encodedForms(text: string): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(text, 'latin1'), Buffer.alloc(3)]).toString('base64');
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + text.length)) / 6) - 1;
    forms.push(encoded.slice(first, last + 1));
  }
  return forms;
}

/** ENCODED_ANCHORS[d - 1]: every text an anchor becomes under d levels of base64. */
export const ENCODED_ANCHORS: ReadonlyArray<readonly string[]> = (() => {
  const levels: string[][] = [];
  let previous: readonly string[] = KEY_ANCHORS;
  for (let depth = 1; depth <= MAX_DECODE_DEPTH; depth++) {
    previous = [...new Set(previous.flatMap(encodedForms))];
    levels.push([...previous]);
  }
  return levels;
})();

const escapeRegex = (text: string) => text.replace(/[+/]/g, '\\$&');
/** ENCODED_ANCHOR_PATTERNS[d - 1] finds the encoded anchors of levels 1..d. */
const ENCODED_ANCHOR_PATTERNS = ENCODED_ANCHORS.map((_, d) => new RegExp(ENCODED_ANCHORS.slice(0, d + 1).flat().map(escapeRegex).join('|'), 'g'));
const ENCODED_ANCHOR_BYTES = ENCODED_ANCHORS.flat().map((form) => Buffer.from(form, 'latin1'));

/**
 * The encoded anchors by their first three characters, as the 18 bits those stand for, and a
 * bitmap of those values (32 KB: it stays in cache): one rolling pass over a run finds every form
 * in it. One Buffer#includes per form over a whole patch cost 4x more on a history full of
 * lockfile hashes.
 */
const FORMS_BY_PREFIX = new Map<number, Buffer[]>();
const FORM_PREFIXES = new Uint8Array(1 << 15);
for (const form of ENCODED_ANCHOR_BYTES) {
  if (form.length < 3) throw new Error(`encoded anchor ${form.toString('latin1')} is shorter than 3 characters`);
  const prefix = (BYTE_SEXTET[form[0]!]! << 12) | (BYTE_SEXTET[form[1]!]! << 6) | BYTE_SEXTET[form[2]!]!;
  FORMS_BY_PREFIX.set(prefix, [...(FORMS_BY_PREFIX.get(prefix) ?? []), form]);
  FORM_PREFIXES[prefix >>> 3]! |= 1 << (prefix & 7);
}

/**
 * Reads base64 characters from `start` until one is not (or `limit`): where it stopped, or -1
 * when what it read holds an encoded anchor of any level.
 */
function readRun(bytes: Uint8Array, start: number, limit: number): number {
  let bits = 0;
  let i = start;
  for (; i < limit; i++) {
    const sextet = BYTE_SEXTET[bytes[i]!]!;
    if (sextet === NOT_BASE64) break;
    bits = ((bits << 6) | sextet) & 0x3ffff;
    if ((FORM_PREFIXES[bits >>> 3]! & (1 << (bits & 7))) === 0 || i - start < 2) continue;
    const at = i - 2;
    for (const form of FORMS_BY_PREFIX.get(bits)!) {
      let j = 0;
      while (j < form.length && at + j < limit && bytes[at + j] === form[j]) j++;
      if (j === form.length) return -1;
    }
  }
  return i;
}

/**
 * Calls `visit` with [start, end) of every base64 run long enough to carry a key that holds an
 * encoded anchor, in order, reading each run once, forwards, as it is found (no list of runs:
 * minified JavaScript has thousands per file); stops once `visit` returns true.
 */
export function visitRunsWithEncodedAnchor(bytes: Uint8Array, visit: (start: number, end: number) => boolean): void {
  visitBase64ByteRuns(bytes, (start) => {
    const stop = readRun(bytes, start, bytes.length);
    if (stop !== -1) return stop;
    let end = start;
    while (end < bytes.length && isBase64Code(bytes[end]!)) end++;
    return visit(start, end) ? -1 : end;
  });
}

/**
 * Whether bytes may hold a base64-encoded key: a run long enough to carry one (the only runs the
 * matcher decodes), holding an encoded anchor.
 */
export function bytesMayHoldEncodedKey(bytes: Buffer): boolean {
  let holds = false;
  visitRunsWithEncodedAnchor(bytes, () => (holds = true));
  return holds;
}

/**
 * Start offsets in `text` of every encoded anchor of levels 1..`levels`, ascending (one pass):
 * the runs worth decoding are the ones that hold one.
 */
export function encodedAnchorOffsets(text: string, levels: number): number[] {
  const pattern = ENCODED_ANCHOR_PATTERNS[Math.min(levels, ENCODED_ANCHOR_PATTERNS.length) - 1]!;
  const offsets: number[] = [];
  pattern.lastIndex = 0;
  // Encoded anchors overlap (a level-2 form may start inside a level-1 one): step one character.
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    offsets.push(m.index);
    pattern.lastIndex = m.index + 1;
  }
  return offsets;
}


/** True when the text may hold a key, written or base64-encoded: a cheap test before the full match. */
export function mayContainKey(text: string): boolean {
  if (hasAnchor(text)) return true;
  if (base64Runs(text, 0, text.length, 1).length === 0) return false;
  const pattern = ENCODED_ANCHOR_PATTERNS.at(-1)!;
  pattern.lastIndex = 0;
  return pattern.test(text);
}
