/** Counters every scan keeps, for the one-line summary that makes an empty scan visible. */
export interface ScanStats {
  /** What was scanned: "files", "staged files", "commits", "bundle files". */
  unit: string;
  scanned: number;
  bytes: number;
  skipped: number;
  warnings: string[];
  /** Why files were skipped or ignored: printed with --verbose only. */
  details: string[];
  startedAt: number;
}

export function newStats(unit: string): ScanStats {
  return { unit, scanned: 0, bytes: 0, skipped: 0, warnings: [], details: [], startedAt: performance.now() };
}
