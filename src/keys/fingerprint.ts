import type * as Crypto from 'node:crypto';

// node:crypto costs a few milliseconds to load, and the pre-commit hook runs on every commit: a
// clean commit never fingerprints a key, so crypto loads on the first key found, not at start.
let crypto: typeof Crypto | undefined;

/** sha256 hex of the full key: the same hash Cencori stores server-side, so it can be matched there. */
export function fingerprintKey(key: string): string {
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}
