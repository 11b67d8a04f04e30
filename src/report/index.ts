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
  /** Things in scope that were not scanned: the scan is incomplete and must not read as clean. */
  unscanned?: number;
}): string {
  const blocking = parts.findings.filter((f) => f.blocking).length;
  const warn = parts.findings.length - blocking;
  const unscanned = parts.unscanned ?? 0;
  const found =
    parts.findings.length === 0
      ? unscanned > 0
        ? `INCOMPLETE: no keys found in what was read, but ${unscanned} ${unscanned === 1 ? 'item' : 'items'} could not be scanned (listed above)`
        : 'no keys found'
      : `${parts.findings.length} finding${parts.findings.length === 1 ? '' : 's'} (${blocking} blocking, ${warn} not blocking)`;
  const skipped = parts.skipped > 0 ? `, ${parts.skipped} skipped` : '';
  const warnings = parts.warnings > 0 ? `, ${parts.warnings} warning${parts.warnings === 1 ? '' : 's'}` : '';
  if (parts.findings.length > 0 && unscanned > 0) {
    return summaryLine({ ...parts, unscanned: 0 }) + `; INCOMPLETE: ${unscanned} ${unscanned === 1 ? 'item' : 'items'} could not be scanned (listed above)`;
  }
  const unit = parts.scanned === 1 ? parts.unit.replace(/s$/, '') : parts.unit;
  return `cencori-scan: scanned ${parts.scanned} ${unit} (${formatBytes(parts.bytes)}${skipped}${warnings}) in ${Math.round(parts.ms)} ms: ${found}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One line per thing that could not be scanned, and what the exit code makes of it. */
export function describeUnscanned(unscanned: ReadonlyArray<{ what: string; why: string }>, allowed: boolean): string[] {
  if (unscanned.length === 0) return [];
  const lines = unscanned.map((u) => `cencori-scan: not scanned: ${u.what}: ${u.why}`);
  lines.push(
    allowed
      ? 'cencori-scan: --allow-incomplete: the exit code ignores what was not scanned'
      : 'cencori-scan: error: the scan is incomplete (exit 2); fix the cause, or pass --allow-incomplete to accept it',
  );
  return lines;
}
