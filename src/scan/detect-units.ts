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
  // Loops, not push(...): one unit can hold hundreds of thousands of keys (a spread overflows the stack).
  for await (const unit of units) for (const d of detectInUnit(unit)) detections.push(d);
  return detections;
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
