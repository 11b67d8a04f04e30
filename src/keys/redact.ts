import { ALPHABET_SOURCE, KEY_FORMATS } from './formats.js';
import { maskKeyParts } from './mask.js';
import { findEncodedKeys } from './matcher.js';
import { mayContainKey } from './prefilter.js';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Anything shaped like a key, found or not: a prefix followed by at least a body's worth of its
 * alphabet, whatever stands around it. `backup_csk_…`, a key glued to letters, a body one
 * character too long, a placeholder: none is reported, and none is printed either, since the
 * boundary rule decides what is *someone's* key, not what is safe to show.
 *
 * Every branch is a literal then a greedy run of one character class, and runs never contain `_`
 * (which every prefix ends with), so no attempt reads past the run it starts: linear.
 */
function buildShapeSource(): string {
  const byPrefix = new Map<string, Map<string, number>>();
  for (const f of KEY_FORMATS) {
    const alphabets = byPrefix.get(f.prefix) ?? new Map<string, number>();
    alphabets.set(f.alphabet, Math.min(alphabets.get(f.alphabet) ?? Infinity, f.bodyLength));
    byPrefix.set(f.prefix, alphabets);
  }
  const prefixes = [...byPrefix.keys()].sort((a, b) => b.length - a.length);
  const branches = prefixes.map((prefix) => {
    const bodies = [...byPrefix.get(prefix)!].map(([alphabet, min]) => `${ALPHABET_SOURCE[alphabet as keyof typeof ALPHABET_SOURCE]}{${min},}`);
    return `${escapeRegex(prefix)}(?:${bodies.join('|')})`;
  });
  return branches.join('|');
}

/** Regex source of a key-shaped string (see redactKeys): what output must never hold. */
export const KEY_SHAPE_SOURCE = buildShapeSource();
const KEY_SHAPE = new RegExp(KEY_SHAPE_SOURCE, 'g');

function prefixOf(shape: string): string {
  const prefix = KEY_FORMATS.map((f) => f.prefix)
    .filter((p) => shape.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ?? shape.slice(0, 4);
}

/**
 * `text` with every key-shaped string replaced by its mask (prefix + 4 characters + "...") and
 * every base64 text that carries a key replaced by that key's mask. Linear in `text` and a no-op
 * on text without a key's anchor or a long base64 run, so it can run over every byte of output:
 * that is where it runs, once, whatever the output came from.
 */
export function redactKeys(text: string): string {
  if (!mayContainKey(text)) return text;
  const spans: Array<{ start: number; end: number; mask: string }> = [];
  KEY_SHAPE.lastIndex = 0;
  for (let m = KEY_SHAPE.exec(text); m !== null; m = KEY_SHAPE.exec(text)) {
    const prefix = prefixOf(m[0]);
    spans.push({ start: m.index, end: m.index + m[0].length, mask: maskKeyParts(prefix, m[0].slice(prefix.length)) });
  }
  for (const e of findEncodedKeys(text)) {
    let end = e.index + e.length;
    // Padding after the last group carries nothing once the group is gone.
    while (text.charCodeAt(end) === 61 /* = */ && end < e.index + e.length + 2) end++;
    spans.push({ start: e.index, end, mask: maskKeyParts(e.format.prefix, e.key.slice(e.format.prefix.length)) });
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let from = 0;
  for (const span of spans) {
    // Overlapping spans (a shape inside decoded-and-masked base64): mask the union, never leave a tail.
    if (span.start < from) {
      from = Math.max(from, span.end);
      continue;
    }
    out += text.slice(from, span.start) + span.mask;
    from = span.end;
  }
  return out + text.slice(from);
}
