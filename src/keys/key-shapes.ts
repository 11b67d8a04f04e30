import { ALPHABET_SOURCE, KEY_FORMATS } from './formats.js';
import { maskKeyParts } from './mask.js';

/**
 * Anything shaped like a key, whatever stands around it: no boundary rule, no placeholder filter,
 * a body at least as long as the format's. Detection is strict so that `backup_csk_…` is not
 * reported as a Cencori key; output is not, so that no text ever carries one out either way.
 */
function buildShapeSource(): string {
  const formats = [...KEY_FORMATS].sort((a, b) => b.prefix.length - a.prefix.length || b.bodyLength - a.bodyLength);
  return formats.map((f) => `(${f.prefix})(${ALPHABET_SOURCE[f.alphabet]}{${f.bodyLength},})`).join('|');
}

const KEY_SHAPE = new RegExp(buildShapeSource(), 'g');

/** `text` with every key-shaped string replaced by its dashboard mask. */
export function maskKeyShapes(text: string): string {
  KEY_SHAPE.lastIndex = 0;
  return text.replace(KEY_SHAPE, (_match, ...groups: Array<string | undefined>) => {
    for (let i = 0; i + 1 < groups.length; i += 2) {
      const prefix = groups[i];
      if (prefix !== undefined) return maskKeyParts(prefix, groups[i + 1]!);
    }
    return _match;
  });
}
