import type { KeyClass, SecretValue } from '../keys/index.js';
import type { Verification } from '../scan/model.js';
import { adviceForVerification } from './advice.js';
import { jsonText } from './escape.js';

/** Where verification requests went: structurally the verify module's options. */
interface VerifyTarget {
  offline: boolean;
  apiUrl: string;
}

/** --verbose: where keys went and what came back, so a user can audit what was sent. */
export function describeVerification(distinct: number, verdicts: ReadonlyArray<{ status: Verification }>, options: VerifyTarget, ms: number): string {
  if (options.offline) return `cencori-scan: verification off (--offline or CENCORI_SCAN_OFFLINE): nothing sent`;
  if (distinct === 0) return 'cencori-scan: no key to verify: nothing sent';
  const count = (status: string) => verdicts.filter((v) => v.status === status).length;
  return `cencori-scan: asked ${new URL(options.apiUrl).host} about ${distinct} distinct key${distinct === 1 ? '' : 's'} in ${Math.round(ms)} ms: ${count('live')} live, ${count('invalid')} invalid, ${count('unknown')} unknown`;
}

/** One key read by `cencori-scan verify`, with what Cencori said of it. */
export interface VerifiedKey {
  line: number;
  secret: SecretValue;
  klass: KeyClass;
  verification: Verification;
  reason?: string;
}

/** `cencori-scan verify`'s stdout: each key masked with what to do about it (text), or the same as JSON. */
export function formatVerifiedKeys(rows: readonly VerifiedKey[], format: 'text' | 'json', color: boolean): string {
  if (format === 'json') {
    const out = rows.map((r) => ({
      line: r.line,
      prefix: r.klass.prefix,
      kind: r.klass.kind,
      description: r.klass.description,
      redacted: r.secret.masked,
      fingerprint: r.secret.fingerprint,
      verification: r.verification,
      ...(r.reason ? { verificationReason: r.reason } : {}),
    }));
    return jsonText({ keys: out });
  }
  return rows
    .map((r) => {
      const advice = adviceForVerification(r.verification, r.klass.kind, r.reason);
      const alarm = r.verification === 'live' && r.klass.kind === 'secret';
      return `${r.secret.masked}  ${r.klass.description}  ${color && alarm ? `\u001b[41m${advice}\u001b[0m` : advice}\n`;
    })
    .join('');
}

/** `cencori-scan verify`'s stderr lines: the count per verdict, and why unknown keys fail the run. */
export function verifiedKeysSummary(rows: readonly VerifiedKey[], apiUrl: string, ms: number): string[] {
  const count = (status: Verification) => rows.filter((r) => r.verification === status).length;
  const unknownCount = count('unknown');
  const plural = rows.length === 1 ? 'key' : 'keys';
  const lines = [`cencori-scan: verified ${rows.length} ${plural} against ${new URL(apiUrl).host} in ${ms} ms: ${count('live')} live, ${count('invalid')} invalid, ${unknownCount} unknown`];
  if (count('live') === 0 && unknownCount > 0) lines.push(`cencori-scan: error: ${unknownCount} ${unknownCount === 1 ? 'key' : 'keys'} could not be verified, so none can be called safe`);
  return lines;
}
