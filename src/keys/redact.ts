import { maskKeyParts } from './mask.js';
import { findKeys } from './matcher.js';

/**
 * `text` with every key replaced by its mask. The last guard on text we did not build from a
 * Finding (error messages that quote input, paths), so no message can carry a key out.
 */
export function redactKeys(text: string): string {
  const matches = findKeys(text);
  if (matches.length === 0) return text;
  let out = '';
  let from = 0;
  for (const m of matches) {
    out += text.slice(from, m.index) + maskKeyParts(m.format.prefix, m.key.slice(m.format.prefix.length));
    from = m.index + m.key.length;
  }
  return out + text.slice(from);
}
