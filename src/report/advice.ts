import type { KeyKind } from '../keys/index.js';
import type { Finding, Verification } from '../scan/model.js';
import { oneLine } from './escape.js';

/**
 * What to do about a key, in plain words, by what Cencori said of it. A live publishable key is
 * meant for browsers, so it gets no alarm, only the condition that makes it safe.
 */
export function adviceForVerification(verification: Verification, kind: KeyKind, reason?: string): string {
  switch (verification) {
    case 'live':
      return kind === 'publishable'
        ? 'live: safe in browser code only when restricted to your domains (Cencori dashboard → Settings → API)'
        : 'LIVE: revoke it now (Cencori dashboard → Settings → API), then rotate';
    case 'invalid':
      return 'invalid or already revoked: still remove it from the code';
    case 'unknown':
      return `could not verify${reason ? ` (${oneLine(reason)})` : ''}: treat it as live`;
    case 'skipped':
      return '';
  }
}

/** ` (base64-encoded)` for a key found inside encoded text, else nothing: said wherever the mask is. */
export function encodingNote(finding: Pick<Finding, 'encoding'>): string {
  return finding.encoding ? ` (${finding.encoding}-encoded)` : '';
}

/** What the user should do about a finding, in plain words, by its verification status. */
export function adviceFor(finding: Finding): string {
  return adviceForVerification(finding.verification, finding.kind, finding.verificationReason);
}

export function describeCommit(finding: Finding): string {
  const c = finding.commit;
  if (!c) return '';
  // Author and email are whatever the committer typed: escaped, so they stay data on one line.
  return `commit ${c.sha.slice(0, 12)} by ${oneLine(c.author)} <${oneLine(c.email)}> on ${c.date.slice(0, 10)}`;
}
