import type { Finding } from '../scan/finding.js';

/** What the user should do about a finding, in plain words, by its verification status. */
export function adviceFor(finding: Finding): string {
  switch (finding.verification) {
    case 'live':
      return 'LIVE: revoke it now (Cencori dashboard → Settings → API), then rotate';
    case 'invalid':
      return 'invalid or already revoked: still remove it from the code';
    case 'unknown':
      return `could not verify${finding.verificationReason ? ` (${finding.verificationReason})` : ''}: treat it as live`;
    case 'skipped':
      return '';
  }
}

export function describeCommit(finding: Finding): string {
  const c = finding.commit;
  if (!c) return '';
  return `commit ${c.sha.slice(0, 12)} by ${c.author} <${c.email}> on ${c.date.slice(0, 10)}`;
}
