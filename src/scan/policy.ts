import type { ScanConfig } from '../config/schema.js';
import type { Verification } from './finding.js';
import type { KeyKind } from '../keys/index.js';

export interface Decision {
  report: boolean;
  blocking: boolean;
  severity: 'error' | 'warning';
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
