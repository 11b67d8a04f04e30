import type { KeyKind } from '../keys/index.js';
import type { Finding, Verification } from '../scan/model.js';

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
      return `could not verify${reason ? ` (${reason})` : ''}: treat it as live`;
    case 'skipped':
      return '';
  }
}

/** What the user should do about a finding, in plain words, by its verification status. */
export function adviceFor(finding: Finding): string {
  return adviceForVerification(finding.verification, finding.kind, finding.verificationReason);
}

export function describeCommit(finding: Finding): string {
  const c = finding.commit;
  if (!c) return '';
  return `commit ${c.sha.slice(0, 12)} by ${c.author} <${c.email}> on ${c.date.slice(0, 10)}`;
}
