import { KeyDetector, detectKeys, type KeyHit } from '../keys/index.js';
import type { ScanUnit } from '../sources/unit.js';
import type { Detection } from './finding.js';

/** Runs the key core over one unit; hits allowed by the inline marker are dropped here. */
export function detectInUnit(unit: ScanUnit): Detection[] {
  const hits = detectUnitKeys(unit);
  return hits.filter((hit) => !hit.allowed).map((hit) => ({ file: unit.file, hit, commit: unit.commit ?? null }));
}

export async function detectInUnits(units: AsyncIterable<ScanUnit> | Iterable<ScanUnit>): Promise<Detection[]> {
  const detections: Detection[] = [];
  for await (const unit of units) detections.push(...detectInUnit(unit));
  return detections;
}

/** The key core over a unit's text, whole or in pieces. */
export function detectUnitKeys(unit: ScanUnit): KeyHit[] {
  const options = { lineOffset: unit.lineOffset, previousLine: unit.previousLine };
  if (unit.pieces === undefined) return detectKeys(unit.text, options);
  const detector = new KeyDetector(options);
  const hits: KeyHit[] = [];
  for (const piece of unit.pieces) hits.push(...detector.push(piece));
  hits.push(...detector.end());
  return hits;
}
