import { createHash } from 'node:crypto';

/** sha256 hex of the full key: the same hash Cencori stores server-side, so it can be matched there. */
export function fingerprintKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
