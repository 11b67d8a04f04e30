import { KEY_FORMATS, type KeyFormat } from '../../src/keys/index.js';
import { randomBody } from '../../scripts/placeholders.mjs';

export { randomBody };

export function formatById(id: string): KeyFormat {
  const format = KEY_FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`no key format ${id}`);
  return format;
}

/** A fresh random key of the given format id (default: a live secret key): keys exist only at test time. */
export function makeKey(id = 'secret-live'): string {
  const format = formatById(id);
  return format.prefix + randomBody(format);
}

export const secretKey = (): string => makeKey('secret-live');
export const publishableKey = (): string => makeKey('publishable-live');

/** The dashboard mask of a generated key, as tests expect to see it. */
export function masked(key: string): string {
  const format = [...KEY_FORMATS]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((f) => key.startsWith(f.prefix) && key.length === f.prefix.length + f.bodyLength);
  if (!format) throw new Error('not a generated key');
  return `${key.slice(0, format.prefix.length + 4)}...`;
}
