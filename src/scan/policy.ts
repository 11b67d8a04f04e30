import type { ScanConfig } from '../config/schema.js';
import type { KeyKind } from '../keys/index.js';
import type { Detection, Verification } from './model.js';

/**
 * Every policy decision of a scan, in the order the pipeline takes them: publishable keys in
 * client output (screenPublishable), allow markers (allowedByMarker), one report per key in
 * history (earliestPerKey), then per finding: reported, blocking, severity (decide). The
 * baseline is applied between the last two (scan/baseline.ts). Sources never decide policy.
 */

export interface Decision {
  report: boolean;
  blocking: boolean;
  severity: 'error' | 'warning';
}

/** What the policy is told about a scan besides the config. */
export interface PolicyInput {
  config: Pick<ScanConfig, 'publishable' | 'allowInvalid'>;
  verbose: boolean;
  /**
   * The scan reads client output (bundle): publishable keys are meant for browsers, so the usual
   * `warn` default stays quiet there: --verbose shows them as warnings, "block" blocks them,
   * "off" always hides them.
   */
  clientOutput?: boolean;
  /** The scan reads history: each (file, key) is reported once, with the commit that first added it. */
  oncePerKey?: boolean;
}

/**
 * Secret keys block; publishable ones warn (or block, or vanish) as the config says.
 * Fail-closed: verification can only ever let an `invalid` key pass, and only when the
 * config asks for it; `unknown` and `skipped` never change the decision.
 */
export function decide(kind: KeyKind, verification: Verification, config: Pick<ScanConfig, 'publishable' | 'allowInvalid'>): Decision {
  if (kind === 'publishable') {
    if (config.publishable === 'off') return { report: false, blocking: false, severity: 'warning' };
    const blocking = config.publishable === 'block' && !(config.allowInvalid && verification === 'invalid');
    return { report: true, blocking, severity: blocking ? 'error' : 'warning' };
  }
  const blocking = !(config.allowInvalid && verification === 'invalid');
  return { report: true, blocking, severity: blocking ? 'error' : 'warning' };
}

/** Whether publishable keys are found, counted, but not reported (client output, unless asked). */
export function hidesPublishable(input: PolicyInput): boolean {
  if (!input.clientOutput) return false;
  const configured = input.config.publishable;
  return !(configured === 'block' || (configured === 'warn' && input.verbose));
}

/** Whether to say how many publishable keys were hidden: never when the config turns them off. */
export function tellsHiddenPublishable(input: PolicyInput, hidden: number): boolean {
  return hidden > 0 && input.config.publishable !== 'off';
}

/**
 * Above this length a line is minified code: an allow marker on it says nothing about one key
 * among thousands, so only a marker at the original source line (through the map) counts.
 */
export const MINIFIED_LINE = 1000;

/** The inline `cencori-scan:allow` marker covers this detection. */
export function allowedByMarker(d: Detection): boolean {
  if (d.hit.allowed && (d.lineLength === undefined || d.lineLength <= MINIFIED_LINE)) return true;
  return d.allowedAtSource === true;
}

/**
 * A key stays in history once added; every later commit touching its line re-adds it in the
 * diff. Report each (file, key) once, with the commit that first added it: the oldest by
 * author date (git lists newest first, so on a tie the later-listed one).
 */
export function earliestPerKey(detections: Detection[]): Detection[] {
  const kept = new Map<string, Detection>();
  for (const d of detections) {
    const id = `${d.file}\0${d.hit.secret.fingerprint}`;
    const other = kept.get(id);
    if (!other || Date.parse(d.commit?.date ?? '') <= Date.parse(other.commit?.date ?? '')) kept.set(id, d);
  }
  return [...kept.values()];
}
