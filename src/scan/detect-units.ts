import { KeyDetector, detectKeys, type KeyHit } from '../keys/index.js';
import type { Detection, ScanUnit } from './model.js';
import { allowedByMarker, earliestPerKey, hidesPublishable, type PolicyInput } from './policy.js';

/** Runs the key core over one unit: every hit, allowed ones included (the policy drops those). */
export function detectInUnit(unit: ScanUnit): Detection[] {
  const hits = detectUnitKeys(unit);
  return hits.map((hit) => ({ file: unit.file, hit, commit: unit.commit ?? null }));
}

/** A step after detection that adds what a source knows of a unit (bundle: the original source through its map). */
export type Enrich = (unit: ScanUnit, detections: Detection[]) => Promise<Detection[]>;

export interface DetectResult {
  detections: Detection[];
  /** Fingerprints of publishable keys found but not reported (client output). */
  hiddenPublishable: Set<string>;
  /** Keys an inline cencori-scan:allow marker waved through: counted and (--verbose) listed, never silent. */
  allowed: Detection[];
}

/**
 * The scan's middle: units → detect → (policy: publishable in client output) → enrich →
 * (policy: allow markers, once per key). One unit at a time, so memory holds only detections.
 */
export async function detectInUnits(units: AsyncIterable<ScanUnit> | Iterable<ScanUnit>, policy: PolicyInput, enrich?: Enrich): Promise<DetectResult> {
  const hide = hidesPublishable(policy);
  const hiddenPublishable = new Set<string>();
  const detections: Detection[] = [];
  const allowed: Detection[] = [];
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
    for (const d of found) (allowedByMarker(d) ? allowed : detections).push(d);
  }
  const once = (list: Detection[]) => (policy.oncePerKey ? earliestPerKey(list) : list);
  return { detections: once(detections), hiddenPublishable, allowed: once(allowed) };
}

/** The key core over a unit's text, whole or in pieces. */
export function detectUnitKeys(unit: ScanUnit): KeyHit[] {
  const options = { lineOffset: unit.lineOffset, previousLine: unit.previousLine };
  if (unit.pieces === undefined) return detectKeys(unit.text, options);
  const detector = new KeyDetector(options);
  const hits: KeyHit[] = [];
  for (const piece of unit.pieces) for (const hit of detector.push(piece)) hits.push(hit);
  for (const hit of detector.end()) hits.push(hit);
  return hits;
}
