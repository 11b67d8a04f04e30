import { UsageError } from '../errors.js';
import type { Detection } from '../scan/finding.js';

// Placeholder until the git issue lands (baseline files): refuses loudly rather than pretend.
export async function applyBaseline(_detections: Detection[], file: string): Promise<Detection[]> {
  throw new UsageError(`--baseline ${file}: baselines are not implemented yet`);
}

export async function writeBaseline(_detections: Detection[], file: string): Promise<void> {
  throw new UsageError(`--write-baseline ${file}: baselines are not implemented yet`);
}
