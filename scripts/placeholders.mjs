// Shared by the tests (test/helpers) and the demo (scripts/demo.mjs): plain JS so the demo
// runs on Node 20 without a TypeScript loader.
import { randomBytes, randomInt } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Random body of a key format's alphabet and length. */
export function randomBody(format) {
  if (format.alphabet === 'hex') return randomBytes(format.bodyLength / 2).toString('hex');
  let body = '';
  for (let i = 0; i < format.bodyLength; i++) body += BASE58[randomInt(BASE58.length)];
  return body;
}

/**
 * Where a key goes in a fixture: `<<KEY:format-id>>` (a fresh key each time) or
 * `<<KEY:format-id:label>>` (the same key wherever the label repeats).
 */
export const PLACEHOLDER_SOURCE = '<<KEY:([a-z0-9-]+)(?::([A-Za-z0-9_-]+))?>>';

/**
 * Fills every placeholder in `text` with a generated key of its format. `keys` collects them:
 * by label, or `format-id#n` (n counting from 1) for unlabelled ones.
 */
export function fillPlaceholders(text, formats, keys, counter = new Map()) {
  return text.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (_m, formatId, label) => {
    const format = formats.find((f) => f.id === formatId);
    if (!format) throw new Error(`unknown key format in placeholder: ${formatId}`);
    if (label !== undefined && keys.has(label)) return keys.get(label);
    const key = format.prefix + randomBody(format);
    if (label !== undefined) keys.set(label, key);
    else {
      const n = (counter.get(formatId) ?? 0) + 1;
      counter.set(formatId, n);
      keys.set(`${formatId}#${n}`, key);
    }
    return key;
  });
}
