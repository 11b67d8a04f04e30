import { randomBytes, randomInt } from 'node:crypto';
import { KEY_FORMATS, type KeyFormat } from '../../src/keys/index.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A random body of the format's alphabet and length: keys exist only at test run time. */
export function randomBody(format: Pick<KeyFormat, 'alphabet' | 'bodyLength'>): string {
  if (format.alphabet === 'hex') return randomBytes(format.bodyLength / 2).toString('hex');
  let body = '';
  for (let i = 0; i < format.bodyLength; i++) body += BASE58[randomInt(BASE58.length)];
  return body;
}

export function formatById(id: string): KeyFormat {
  const format = KEY_FORMATS.find((f) => f.id === id);
  if (!format) throw new Error(`no key format ${id}`);
  return format;
}

/** A fresh random key of the given format id (default: a live secret key). */
export function makeKey(id = 'secret-live'): string {
  const format = formatById(id);
  return format.prefix + randomBody(format);
}

export const secretKey = (): string => makeKey('secret-live');
export const publishableKey = (): string => makeKey('publishable-live');

/** The dashboard mask of a generated key, as tests expect to see it. */
export function masked(key: string): string {
  const format = KEY_FORMATS.filter((f) => key.startsWith(f.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)
    .find((f) => key.length === f.prefix.length + f.bodyLength);
  if (!format) throw new Error('not a generated key');
  return key.slice(0, format.prefix.length + 4) + '...';
}
