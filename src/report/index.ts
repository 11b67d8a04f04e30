import type { Finding } from '../scan/model.js';
import { FORMATTERS, type ReportFormat } from './formats.js';

export { FORMATS, formatChoices, type ReportFormat } from './formats.js';
export { describeVerification, formatVerifiedKeys, verifiedKeysSummary, type VerifiedKey } from './verification.js';
export { describeBundleRoots, hiddenPublishableNote, type RootDescription } from './bundle.js';

/** Findings in, string out. Findings are masked by construction: no formatter can see a key. */
export function formatReport(findings: readonly Finding[], format: ReportFormat, options: { color: boolean }): string {
  return FORMATTERS[format](findings, options);
}

export function summaryLine(parts: {
  scanned: number;
  unit: string;
  bytes: number;
  skipped: number;
  findings: readonly Finding[];
  ms: number;
  warnings: number;
}): string {
  const blocking = parts.findings.filter((f) => f.blocking).length;
  const warn = parts.findings.length - blocking;
  const found =
    parts.findings.length === 0
      ? 'no keys found'
      : `${parts.findings.length} finding${parts.findings.length === 1 ? '' : 's'} (${blocking} blocking, ${warn} not blocking)`;
  const skipped = parts.skipped > 0 ? `, ${parts.skipped} skipped` : '';
  const warnings = parts.warnings > 0 ? `, ${parts.warnings} warning${parts.warnings === 1 ? '' : 's'}` : '';
  const unit = parts.scanned === 1 ? parts.unit.replace(/s$/, '') : parts.unit;
  return `cencori-scan: scanned ${parts.scanned} ${unit} (${formatBytes(parts.bytes)}${skipped}${warnings}) in ${Math.round(parts.ms)} ms: ${found}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
