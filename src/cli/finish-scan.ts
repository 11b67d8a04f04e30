import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScanError } from '../errors.js';
import { applyBaseline, writeBaseline } from '../scan/baseline.js';
import type { SecretValue } from '../keys/index.js';
import { describeUnscanned, describeVerification, formatReport, summaryLine } from '../report/index.js';
import { compareFindings, toFinding } from '../scan/findings.js';
import type { Detection, Finding, ScanStats } from '../scan/model.js';
import { decide } from '../scan/policy.js';
import { verifySecrets } from '../verify/index.js';
import type { ScanSettings } from './scan-options.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CommandResult } from './io.js';

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
    return toFinding(d, verdict, decide(d.hit.kind, verdict.status, config));
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
  stderrLines.push(...describeUnscanned(stats.unscanned, settings.allowIncomplete));
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
      unscanned: stats.unscanned.length,
    }),
  );
  return { exitCode: exitCodeOf(findings, stats, settings), stdout, stderr: `${stderrLines.join('\n')}\n` };
}

async function writeReport(file: string, report: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, report);
  } catch (error) {
    throw new ScanError(`cannot write report to ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Fail closed: a blocking key wins (1); otherwise anything in scope left unscanned is 2, since
 * "nothing found in what was read" must never read as "clean", unless the user accepted that.
 */
function exitCodeOf(findings: readonly Finding[], stats: ScanStats, settings: ScanSettings): number {
  if (findings.some((f) => f.blocking)) return EXIT_FINDINGS;
  if (stats.unscanned.length > 0 && !settings.allowIncomplete) return EXIT_ERROR;
  return EXIT_OK;
}
