import { detectKeys } from '../keys/index.js';
import type { ScanUnit } from '../sources/unit.js';
import type { Detection } from './finding.js';

/** Runs the key core over one unit; hits allowed by the inline marker are dropped here. */
export function detectInUnit(unit: ScanUnit): Detection[] {
  const hits = detectKeys(unit.text, { lineOffset: unit.lineOffset, previousLine: unit.previousLine });
  return hits.filter((hit) => !hit.allowed).map((hit) => ({ file: unit.file, hit, commit: unit.commit ?? null }));
}

export async function detectInUnits(units: AsyncIterable<ScanUnit> | Iterable<ScanUnit>): Promise<Detection[]> {
  const detections: Detection[] = [];
  for await (const unit of units) detections.push(...detectInUnit(unit));
  return detections;
}
