import { nowMs } from '../clock.js';
import { describeNearMisses } from '../config/load.js';
import { applyBaseline, writeBaseline } from '../scan/baseline.js';
import type { SecretValue } from '../keys/index.js';
import { describeUnscanned, describeVerification, formatReport, nextSteps, oneLine, summaryLine, type NextStepsContext } from '../report/index.js';
import { compareFindings, toFinding } from '../scan/findings.js';
import type { Detection, Finding, ScanStats } from '../scan/model.js';
import { decide } from '../scan/policy.js';
import { verifySecrets } from '../verify/index.js';
import { toOutput } from './output-boundary.js';
import { writeOutputFile } from './output-file.js';
import type { ScanSettings } from './scan-options.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CommandResult } from './io.js';

/** What the scan's middle hands the tail besides the detections. */
export interface TailInput {
  /** Detections an allow marker waved through: counted in the summary, listed with --verbose. */
  allowed?: readonly Detection[];
  /** How this command words "remove the key" in the next steps after a block. */
  steps?: NextStepsContext;
  /** The scan reads built output, whose file names change with every build (baselines normalise them). */
  generated?: boolean;
}

const DEFAULT_STEPS: NextStepsContext = { command: 'files', remove: 'remove the key from the code: read it from an environment variable or a secret store instead' };

/**
 * The shared tail of every scan: baseline → policy → verification (one request per distinct
 * key) → masked findings → report → summary → exit code. Keys exist only as SecretValue up to
 * verification; from `Finding` on, only the mask and the fingerprint remain.
 */
export async function finishScan(all: Detection[], stats: ScanStats, settings: ScanSettings, tail: TailInput = {}): Promise<CommandResult> {
  const config = settings.loaded.config;
  let detections = all.filter((d) => decide(d.hit.kind, 'skipped', config).report);
  const allowed = (tail.allowed ?? []).filter((d) => decide(d.hit.kind, 'skipped', config).report);
  const baselineNotes: string[] = [];
  let baselined = 0;
  let wroteBaseline = false;
  if (settings.writeBaseline) {
    baselineNotes.push(await writeBaseline(detections, settings.writeBaseline, settings.fileBase, { generated: tail.generated }));
    wroteBaseline = true;
  }
  if (settings.baseline) {
    const before = detections.length;
    detections = await applyBaseline(detections, settings.baseline, settings.fileBase, { generated: tail.generated });
    baselined = before - detections.length;
    if (baselined > 0) baselineNotes.push(`${baselined} finding(s) ignored: recorded in baseline ${settings.baseline}`);
  }

  const secrets = new Map<string, SecretValue>();
  for (const d of detections) secrets.set(d.hit.secret.fingerprint, d.hit.secret);
  const verifyStarted = nowMs();
  const verdicts = await verifySecrets(secrets, settings.verify);
  const verifyMs = nowMs() - verifyStarted;

  const findings: Finding[] = detections.map((d) => {
    const verdict = verdicts.get(d.hit.secret.fingerprint) ?? { status: 'skipped' as const };
    return toFinding(d, verdict, decide(d.hit.kind, verdict.status, config));
  });
  findings.sort(compareFindings);

  const report = formatReport(findings, settings.format, { color: settings.color });
  let stdout = report;
  if (settings.output) {
    // The folders were made (and the path proven writable) before the scan: prepareOutputFile.
    // A report file is output too: the same boundary as stdout (the bin's stdout passes run()'s).
    await writeOutputFile(settings.output, toOutput(report, { color: settings.color }), 'report');
    stdout = '';
  }
  if (settings.sarifOutput) await writeOutputFile(settings.sarifOutput, toOutput(formatReport(findings, 'sarif', { color: false })), 'SARIF report');
  const exitCode = exitCodeOf(findings, stats, settings, wroteBaseline);
  // Each message is one line whatever its data holds (a file name with a newline must not start
  // a line of its own, e.g. a `::error` workflow command): oneLine escapes inside the message.
  const say = (message: string) => `cencori-scan: ${oneLine(message)}`;
  const stderrLines: string[] = [];
  if (!settings.quiet) {
    stderrLines.push(...describeNearMisses(settings.loaded.nearMisses).map(say));
    if (settings.verbose) stderrLines.push(...stats.details.map(say));
    if (settings.verbose) stderrLines.push(...allowed.map((d) => say(`allowed by marker: ${d.file}:${d.hit.line}:${d.hit.column} ${d.hit.secret.masked}`)));
    stderrLines.push(...stats.warnings.map((w) => say(`warning: ${w}`)));
  }
  // Not scanned is what makes the exit code 2: said even with --quiet.
  stderrLines.push(...describeUnscanned(stats.unscanned, settings.allowIncomplete));
  if (!settings.quiet) {
    stderrLines.push(...baselineNotes.map(say));
    if (settings.verbose) stderrLines.push(describeVerification(secrets.size, [...verdicts.values()], settings.verify, verifyMs));
    if (exitCode === EXIT_FINDINGS) stderrLines.push(...nextSteps(findings, tail.steps ?? DEFAULT_STEPS));
    stderrLines.push(
      summaryLine({
        scanned: stats.scanned,
        unit: stats.unit,
        bytes: stats.bytes,
        skipped: stats.skipped,
        findings,
        ms: nowMs() - stats.startedAt,
        warnings: stats.warnings.length,
        unscanned: stats.unscanned.length,
        allowed: allowed.length,
        baselined,
      }),
    );
  }
  const stderr = stderrLines.length > 0 ? `${stderrLines.join('\n')}\n` : '';
  return { exitCode, stdout, stderr, color: settings.color && stdout !== '' };
}

/**
 * Fail closed: a blocking key wins (1); otherwise anything in scope left unscanned is 2, since
 * "nothing found in what was read" must never read as "clean", unless the user accepted that.
 * Writing a baseline records every finding, so it succeeds (0) unless the scan was incomplete:
 * `--write-baseline FILE && git add FILE` must work.
 */
function exitCodeOf(findings: readonly Finding[], stats: ScanStats, settings: ScanSettings, wroteBaseline: boolean): number {
  const incomplete = stats.unscanned.length > 0 && !settings.allowIncomplete;
  if (wroteBaseline) return incomplete ? EXIT_ERROR : EXIT_OK;
  if (findings.some((f) => f.blocking)) return EXIT_FINDINGS;
  if (incomplete) return EXIT_ERROR;
  return EXIT_OK;
}
