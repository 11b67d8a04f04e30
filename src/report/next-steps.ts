import type { Finding } from '../scan/model.js';
import { oneLine } from './escape.js';

/** What a scan command says about removing a key (a commit to fix, code, history, a build). */
export interface NextStepsContext {
  /** The command, for the baseline example: `cencori-scan staged --write-baseline …`. */
  command: string;
  /** Step 1 in the words of this source, e.g. "take it out of the file, then git add the file again". */
  remove: string;
}

const SHOWN = 5;
/** Dashboard prefixes named in the revoke step; live keys first. The findings list every key. */
const MASKS_SHOWN = 10;

/**
 * When a scan blocks: where each key is, whether it is live, and what to do, in order. Never
 * "commit with --no-verify": skipping the hook leaves the key in the commit.
 */
export function nextSteps(findings: readonly Finding[], context: NextStepsContext): string[] {
  const blocking = findings.filter((f) => f.blocking);
  if (blocking.length === 0) return [];
  const where = blocking.slice(0, SHOWN).map((f) => `${oneLine(f.file)}:${f.line} (${f.redacted}${f.verification === 'live' ? ', LIVE' : ''})`);
  if (blocking.length > SHOWN) where.push(`and ${blocking.length - SHOWN} more`);
  const byUrgency = [...blocking.filter((f) => f.verification === 'live'), ...blocking.filter((f) => f.verification !== 'live')];
  const allMasks = [...new Set(byUrgency.map((f) => f.redacted.replace(/\.\.\.$/, '')))];
  const masks = allMasks.slice(0, MASKS_SHOWN);
  if (allMasks.length > MASKS_SHOWN) masks.push(`and ${allMasks.length - MASKS_SHOWN} more (each listed with its finding)`);
  const live = blocking.filter((f) => f.verification === 'live').length;
  const unverified = blocking.some((f) => f.verification === 'unknown' || f.verification === 'skipped');
  const dashboard = `the Cencori dashboard (project Settings > API, where a key shows as its prefix and first four characters: ${masks.join(', ')})`;
  const allInvalid = blocking.every((f) => f.verification === 'invalid');
  const revoke = allInvalid
    ? `Cencori says ${blocking.length === 1 ? 'the key is' : 'the keys are'} invalid or already revoked: nothing to revoke, but check ${dashboard} that no live key of the same project is left in the code`
    : live > 0
      ? `${live === 1 ? 'a key is' : `${live} keys are`} LIVE: revoke now in ${dashboard}, then use a new key from an environment variable`
      : `if it was ever pushed${unverified ? ', or may be live (not verified)' : ''}: revoke it in ${dashboard}, then use a new key from an environment variable`;
  return [
    `cencori-scan: blocked by ${blocking.length === 1 ? 'a key' : `${blocking.length} keys`}: ${where.join(', ')}`,
    'cencori-scan: what to do, in order:',
    `  1. ${context.remove}`,
    `  2. ${revoke}`,
    `  3. a false positive (a test fixture, a documented example): put cencori-scan:allow on its line or the line before, or record it in a baseline: cencori-scan ${context.command} --write-baseline .cencori-baseline.json, then scan with --baseline .cencori-baseline.json`,
  ];
}
