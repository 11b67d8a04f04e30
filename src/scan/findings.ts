import type { Detection, Finding } from './model.js';
import type { Decision } from './policy.js';

/** What verification said of one key (the verify module's result, restated here so scan needs no verify import). */
export interface Verdict {
  status: Finding['verification'];
  reason?: string;
}

/**
 * The one place a Finding is built: the detection's key class, position and commit, the
 * verdict, and the policy's decision. From here on only the mask and the fingerprint remain.
 */
export function toFinding(d: Detection, verdict: Verdict, decision: Pick<Decision, 'blocking' | 'severity'>): Finding {
  const { secret, formatId, line, column, index: _index, length: _length, allowed: _allowed, ...keyClass } = d.hit;
  return {
    // Keys in names (file, author, source path) are masked where output leaves: src/cli/output.ts.
    file: d.file,
    line,
    column,
    commit: d.commit,
    rule: formatId,
    ...keyClass,
    fingerprint: secret.fingerprint,
    redacted: secret.masked,
    verification: verdict.status,
    ...(verdict.reason ? { verificationReason: verdict.reason } : {}),
    blocking: decision.blocking,
    severity: decision.severity,
    ...(d.original ? { original: d.original } : {}),
  };
}

/** Sort by file, then line, column, then commit date: the same input always prints the same report. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.commit?.date ?? '').localeCompare(b.commit?.date ?? '');
}
