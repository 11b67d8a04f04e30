/**
 * The one table of Cencori key formats. Every other part of the project (ESLint rules,
 * CLI, bundle scan, verification) derives from it, so they can never disagree.
 *
 * Facts from Cencori's own source: prefix + 48 lowercase hex characters for the current
 * keys; the earliest legacy keys are `cen_` + 32 base58 characters; agent keys are
 * `cake_` + 32 hex characters. No checksum exists, so the format is all there is to check.
 *
 * Cencori's own validator (lib/api-keys.ts, validateApiKey) also accepts `cake_` + 48 hex, so
 * that shape is a key too: a scanner that skipped a shape the gateway accepts would miss a leak.
 */

export type KeyKind = 'secret' | 'publishable';
export type KeyEnvironment = 'live' | 'test';

export interface KeyFormat {
  /** Stable identifier, used as the SARIF rule id suffix. */
  readonly id: string;
  readonly prefix: string;
  readonly bodyLength: number;
  readonly alphabet: 'hex' | 'base58';
  readonly kind: KeyKind;
  readonly environment: KeyEnvironment;
  /** `cen_` keys predate the csk_/cpk_ split. */
  readonly legacy: boolean;
  readonly agent: boolean;
  readonly description: string;
}

/** Character classes as regex source, shared by the matcher and by validation. */
export const ALPHABET_SOURCE = {
  hex: '[0-9a-f]',
  // Bitcoin base58: no 0, O, I or l.
  base58: '[1-9A-HJ-NP-Za-km-z]',
} as const;

const format = (f: Omit<KeyFormat, 'agent'> & { agent?: boolean }): KeyFormat => ({ agent: false, ...f });

export const KEY_FORMATS: readonly KeyFormat[] = [
  format({ id: 'secret-test', prefix: 'csk_test_', bodyLength: 48, alphabet: 'hex', kind: 'secret', environment: 'test', legacy: false, description: 'secret key (test)' }),
  format({ id: 'secret-live', prefix: 'csk_', bodyLength: 48, alphabet: 'hex', kind: 'secret', environment: 'live', legacy: false, description: 'secret key (live)' }),
  format({ id: 'publishable-test', prefix: 'cpk_test_', bodyLength: 48, alphabet: 'hex', kind: 'publishable', environment: 'test', legacy: false, description: 'publishable key (test)' }),
  format({ id: 'publishable-live', prefix: 'cpk_', bodyLength: 48, alphabet: 'hex', kind: 'publishable', environment: 'live', legacy: false, description: 'publishable key (live)' }),
  format({ id: 'legacy-test', prefix: 'cen_test_', bodyLength: 48, alphabet: 'hex', kind: 'secret', environment: 'test', legacy: true, description: 'legacy secret key (test)' }),
  format({ id: 'legacy-live', prefix: 'cen_', bodyLength: 48, alphabet: 'hex', kind: 'secret', environment: 'live', legacy: true, description: 'legacy secret key (live)' }),
  format({ id: 'legacy-base58', prefix: 'cen_', bodyLength: 32, alphabet: 'base58', kind: 'secret', environment: 'live', legacy: true, description: 'legacy secret key (base58, live)' }),
  format({ id: 'agent', prefix: 'cake_', bodyLength: 32, alphabet: 'hex', kind: 'secret', environment: 'live', legacy: false, agent: true, description: 'agent key (live)' }),
  format({ id: 'agent-48', prefix: 'cake_', bodyLength: 48, alphabet: 'hex', kind: 'secret', environment: 'live', legacy: false, agent: true, description: 'agent key (live)' }),
];
