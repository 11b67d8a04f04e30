import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScanError } from '../errors.js';
import { applyBaseline, writeBaseline } from '../baseline/index.js';
import { redactKeys, type SecretValue } from '../keys/index.js';
import { formatReport, summaryLine } from '../report/index.js';
import { verifySecrets, type VerificationResult, type VerifyOptions } from '../verify/index.js';
import type { ScanSettings } from '../cli/scan-options.js';
import { EXIT_FINDINGS, EXIT_OK, type CommandResult } from '../cli/io.js';
import type { Detection, Finding } from './finding.js';
import { decide } from './policy.js';
import type { ScanStats } from './stats.js';

/** Sort by file, then line, column, then commit date: the same input always prints the same report. */
function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.commit?.date ?? '').localeCompare(b.commit?.date ?? '');
}

/**
 * The shared tail of every scan: baseline → policy → verification (one request per distinct
 * key) → masked findings → report → summary → exit code. Keys exist only as SecretValue up to
 * verification; from `Finding` on, only the mask and the fingerprint remain.
 */
export async function finishScan(all: Detection[], stats: ScanStats, settings: ScanSettings): Promise<CommandResult> {
  const config = settings.loaded.config;
  let detections = all.filter((d) => decide(d.hit.kind, 'skipped', config).report);
  const baselineNotes: string[] = [];
  if (settings.writeBaseline) baselineNotes.push(await writeBaseline(detections, settings.writeBaseline, settings.fileBase));
  if (settings.baseline) {
    const before = detections.length;
    detections = await applyBaseline(detections, settings.baseline, settings.fileBase);
    if (before > detections.length) baselineNotes.push(`${before - detections.length} finding(s) ignored: recorded in baseline ${settings.baseline}`);
  }

  const secrets = new Map<string, SecretValue>();
  for (const d of detections) secrets.set(d.hit.secret.fingerprint, d.hit.secret);
  const verifyStarted = performance.now();
  const verdicts = await verifySecrets(secrets, settings.verify);
  const verifyMs = performance.now() - verifyStarted;

  const findings: Finding[] = detections.map((d) => {
    const verdict = verdicts.get(d.hit.secret.fingerprint) ?? { status: 'skipped' as const };
    const { blocking, severity } = decide(d.hit.kind, verdict.status, config);
    return {
      // A key in a file name must not reach a report either.
      file: redactKeys(d.file),
      line: d.hit.line,
      column: d.hit.column,
      commit: d.commit,
      rule: d.hit.formatId,
      prefix: d.hit.prefix,
      kind: d.hit.kind,
      environment: d.hit.environment,
      legacy: d.hit.legacy,
      agent: d.hit.agent,
      description: d.hit.description,
      fingerprint: d.hit.secret.fingerprint,
      redacted: d.hit.secret.masked,
      verification: verdict.status,
      ...(verdict.reason ? { verificationReason: verdict.reason } : {}),
      blocking,
      severity,
      ...(d.original ? { original: d.original } : {}),
    };
  });
  findings.sort(compareFindings);

  const report = formatReport(findings, settings.format, { color: settings.color });
  let stdout = report;
  if (settings.output) {
    await writeReport(settings.output, report);
    stdout = '';
  }
  if (settings.sarifOutput) await writeReport(settings.sarifOutput, formatReport(findings, 'sarif', { color: false }));
  const stderrLines = settings.verbose ? stats.details.map((d) => `cencori-scan: ${d}`) : [];
  stderrLines.push(...stats.warnings.map((w) => `cencori-scan: warning: ${w}`));
  stderrLines.push(...baselineNotes.map((note) => `cencori-scan: ${note}`));
  if (settings.verbose) stderrLines.push(describeVerification(secrets.size, [...verdicts.values()], settings.verify, verifyMs));
  stderrLines.push(
    summaryLine({
      scanned: stats.scanned,
      unit: stats.unit,
      bytes: stats.bytes,
      skipped: stats.skipped,
      findings,
      ms: performance.now() - stats.startedAt,
      warnings: stats.warnings.length,
    }),
  );
  return { exitCode: findings.some((f) => f.blocking) ? EXIT_FINDINGS : EXIT_OK, stdout, stderr: `${stderrLines.join('\n')}\n` };
}

async function writeReport(file: string, report: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, report);
  } catch (error) {
    throw new ScanError(`cannot write report to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** --verbose: where keys went and what came back, so a user can audit what was sent. */
function describeVerification(distinct: number, verdicts: VerificationResult[], options: VerifyOptions, ms: number): string {
  if (options.offline) return `cencori-scan: verification off (--offline or CENCORI_SCAN_OFFLINE): nothing sent`;
  if (distinct === 0) return 'cencori-scan: no key to verify: nothing sent';
  const count = (status: string) => verdicts.filter((v) => v.status === status).length;
  return `cencori-scan: asked ${new URL(options.apiUrl).host} about ${distinct} distinct key${distinct === 1 ? '' : 's'} in ${Math.round(ms)} ms: ${count('live')} live, ${count('invalid')} invalid, ${count('unknown')} unknown`;
}
