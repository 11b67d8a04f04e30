import type { KeyClass, KeyEncoding, KeyHit } from '../keys/index.js';

/** What Cencori's API said of a key; `skipped` when no request was made. */
export type Verification = 'live' | 'invalid' | 'unknown' | 'skipped';

/** The commit that added the line holding a key (history scans). */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601. */
  date: string;
}

/** Where a key in built output came from, read through its source map (bundle scans). */
export interface OriginalSource {
  file: string;
  line: number;
  column: number;
  /** The env var the original line reads, e.g. NEXT_PUBLIC_CENCORI_KEY. */
  envVar?: string;
}

/**
 * A detection before it is reported: it still holds the SecretValue (the only way to the
 * raw key) so verification can use it. Reporters never see this type.
 */
export interface Detection {
  /** Display path: relative to cwd when under it (forward slashes), else absolute; repo path for git scans. */
  file: string;
  hit: KeyHit;
  commit: CommitInfo | null;
  original?: OriginalSource;
}

/** A reported finding. Holds the masked key and its fingerprint, never the key. */
export interface Finding extends Omit<KeyClass, 'formatId'> {
  file: string;
  line: number;
  column: number;
  commit: CommitInfo | null;
  /** Key format id (e.g. "secret-live"); the SARIF rule id. */
  rule: string;
  fingerprint: string;
  redacted: string;
  verification: Verification;
  /** Why verification is `unknown` (timeout, HTTP 503, ...). */
  verificationReason?: string;
  blocking: boolean;
  /** `warn` findings are shown but do not block. */
  severity: 'error' | 'warning';
  original?: OriginalSource;
  /** How the key is written when not as itself (`base64`): line and column are the encoded text's. */
  encoding?: KeyEncoding;
}
