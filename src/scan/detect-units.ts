import { detectKeys } from '../keys/index.js';
import type { Detection, ScanUnit } from './model.js';
import { allowedByMarker, earliestPerKey, hidesPublishable, type PolicyInput } from './policy.js';

/** Runs the key core over one unit: every hit, allowed ones included (the policy drops those). */
export function detectInUnit(unit: ScanUnit): Detection[] {
  const hits = detectKeys(unit.text, { lineOffset: unit.lineOffset, previousLine: unit.previousLine });
  return hits.map((hit) => ({ file: unit.file, hit, commit: unit.commit ?? null }));
}

/** A step after detection that adds what a source knows of a unit (bundle: the original source through its map). */
export type Enrich = (unit: ScanUnit, detections: Detection[]) => Promise<Detection[]>;

export interface DetectResult {
  detections: Detection[];
  /** Fingerprints of publishable keys found but not reported (client output). */
  hiddenPublishable: Set<string>;
}

/**
 * The scan's middle: units → detect → (policy: publishable in client output) → enrich →
 * (policy: allow markers, once per key). One unit at a time, so memory holds only detections.
 */
export async function detectInUnits(units: AsyncIterable<ScanUnit> | Iterable<ScanUnit>, policy: PolicyInput, enrich?: Enrich): Promise<DetectResult> {
  const hide = hidesPublishable(policy);
  const hiddenPublishable = new Set<string>();
  const detections: Detection[] = [];
  for await (const unit of units) {
    let found = detectInUnit(unit);
    if (found.length === 0) continue;
    if (hide) {
      found = found.filter((d) => {
        if (d.hit.kind !== 'publishable') return true;
        hiddenPublishable.add(d.hit.secret.fingerprint);
        return false;
      });
    }
    if (enrich && found.length > 0) found = await enrich(unit, found);
    for (const d of found) if (!allowedByMarker(d)) detections.push(d);
  }
  return { detections: policy.oncePerKey ? earliestPerKey(detections) : detections, hiddenPublishable };
}
