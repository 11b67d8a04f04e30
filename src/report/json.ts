import type { Finding } from '../scan/model.js';
import { jsonText } from './escape.js';

/**
 * The JSON report. Field names are public interface (other tools parse them): file, line,
 * column, commit, prefix, kind, fingerprint, redacted, verification, blocking. Others may be added.
 */
export function formatJson(findings: readonly Finding[]): string {
  const rows = findings.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    commit: f.commit,
    prefix: f.prefix,
    kind: f.kind,
    environment: f.environment,
    legacy: f.legacy,
    description: f.description,
    fingerprint: f.fingerprint,
    redacted: f.redacted,
    verification: f.verification,
    ...(f.verificationReason ? { verificationReason: f.verificationReason } : {}),
    blocking: f.blocking,
    ...(f.original ? { original: f.original } : {}),
    ...(f.encoding ? { encoding: f.encoding } : {}),
  }));
  return jsonText({ findings: rows });
}
