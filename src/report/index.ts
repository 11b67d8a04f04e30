import type { Finding } from '../scan/model.js';
import { oneLine } from './escape.js';
import { FORMATTERS, type ReportFormat } from './formats.js';

export { FORMATS, formatChoices, type ReportFormat } from './formats.js';
export { describeVerification, formatVerifiedKeys, verifiedKeysSummary, type VerifiedKey } from './verification.js';
export { describeBundleRoots, hiddenPublishableNote, type RootDescription } from './bundle.js';
export { nextSteps, type NextStepsContext } from './next-steps.js';
export { oneLine } from './escape.js';

/** Findings in, string out. Findings are masked by construction: no formatter can see a key. */
export function formatReport(findings: readonly Finding[], format: ReportFormat, options: { color: boolean }): string {
  return FORMATTERS[format](findings, options);
}

export interface SummaryParts {
  scanned: number;
  unit: string;
  bytes: number;
  skipped: number;
  findings: readonly Finding[];
  ms: number;
  warnings: number;
  /** Things in scope that were not scanned: the scan is incomplete and must not read as clean. */
  unscanned?: number;
  /** Keys found but waved through by a cencori-scan:allow marker. */
  allowed?: number;
  /** Keys found but recorded in the --baseline file. */
  baselined?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The one line every scan ends with: what was read, how long it took, and what happened to each
 * key found: reported (blocking or not, and what verification said, as `verify` counts it),
 * allowed by marker, or in the baseline. A key that was found is never summed up as "no keys found".
 */
export function summaryLine(parts: SummaryParts): string {
  const blocking = parts.findings.filter((f) => f.blocking).length;
  const warn = parts.findings.length - blocking;
  const unscanned = parts.unscanned ?? 0;
  const set = [
    parts.allowed ? `${parts.allowed} allowed by marker` : '',
    parts.baselined ? `${parts.baselined} in baseline` : '',
  ].filter(Boolean);
  const incomplete = `${plural(unscanned, 'item')} could not be scanned (listed above)`;
  let found: string;
  if (parts.findings.length > 0) {
    found = `${plural(parts.findings.length, 'finding')} (${blocking} blocking, ${warn} not blocking${verificationCounts(parts.findings)})`;
    if (set.length > 0) found += `; also ${set.join(', ')}`;
    if (unscanned > 0) found += `; INCOMPLETE: ${incomplete}`;
  } else if (set.length > 0) {
    found = `no keys reported (${set.join(', ')})`;
    if (unscanned > 0) found += `; INCOMPLETE: ${incomplete}`;
  } else {
    found = unscanned > 0 ? `INCOMPLETE: no keys found in what was read, but ${incomplete}` : 'no keys found';
  }
  const skipped = parts.skipped > 0 ? `, ${parts.skipped} skipped` : '';
  const warnings = parts.warnings > 0 ? `, ${plural(parts.warnings, 'warning')}` : '';
  const unit = parts.scanned === 1 ? parts.unit.replace(/s$/, '') : parts.unit;
  return `cencori-scan: scanned ${parts.scanned} ${unit} (${formatBytes(parts.bytes)}${skipped}${warnings}) in ${formatDuration(parts.ms)}: ${found}`;
}

/**
 * `; distinct keys: 1 live, 0 invalid, 1 unknown`, as verify counts them (one key found in three
 * places is one key); nothing when no key was verified (--offline).
 */
function verificationCounts(findings: readonly Finding[]): string {
  if (findings.every((f) => f.verification === 'skipped')) return '';
  const status = new Map(findings.map((f) => [f.fingerprint, f.verification]));
  const count = (wanted: Finding['verification']) => [...status.values()].filter((s) => s === wanted).length;
  return `; distinct keys: ${count('live')} live, ${count('invalid')} invalid, ${count('unknown')} unknown`;
}

/** Milliseconds while they read well; from 10 s on, seconds with one decimal ("12.3 s"). */
export function formatDuration(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One line per thing that could not be scanned, and what the exit code makes of it. */
export function describeUnscanned(unscanned: ReadonlyArray<{ what: string; why: string }>, allowed: boolean): string[] {
  if (unscanned.length === 0) return [];
  const lines = unscanned.map((u) => `cencori-scan: not scanned: ${oneLine(u.what)}: ${oneLine(u.why)}`);
  lines.push(
    allowed
      ? 'cencori-scan: --allow-incomplete: the exit code ignores what was not scanned'
      : 'cencori-scan: error: the scan is incomplete (exit 2); fix the cause, or pass --allow-incomplete to accept it',
  );
  return lines;
}
