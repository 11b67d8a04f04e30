import { nowMs } from '../clock.js';
import type { KeyClass, KeyEncoding, KeyHit } from '../keys/index.js';

/**
 * The pipeline's types, in the order a scan meets them: a source yields ScanUnits, detection
 * turns them into Detections, the CLI's tail turns those into Findings. ScanStats travel along.
 */

/** The commit that added the line holding a key (history scans); git/history yields it. */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** Author date, strict ISO 8601. */
  date: string;
}

/** A piece of text to scan, and where its first line sits in its file. */
export interface ScanUnit {
  /** Display path (see Finding.file). */
  file: string;
  text: string;
  /** The text's first line is line `lineOffset + 1` of the file. */
  lineOffset: number;
  /** The line before the text, when the text does not start the file (for the allow marker). */
  previousLine?: string;
  /**
   * Characters (code points) of the text's first line that came before the text: a line too long
   * to hold is scanned in pieces, and a key in a later piece keeps the column an editor shows.
   */
  columnOffset?: number;
  commit?: CommitInfo;
}

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
  /**
   * Content in scope that could not be read or scanned (an unreadable file, a git error, a
   * missing object). Any entry makes the scan incomplete: the summary says so and the exit code
   * is 2 unless the user accepted an incomplete scan (--allow-incomplete). Never a silent skip.
   */
  unscanned: Unscanned[];
  startedAt: number;
}

/** One thing in scope that was not scanned: what (a path, a commit) and why, in plain words. */
export interface Unscanned {
  what: string;
  why: string;
}

/** Records content that could not be scanned; see ScanStats.unscanned. */
export function markUnscanned(stats: ScanStats, what: string, why: string): void {
  stats.unscanned.push({ what, why });
}

/** What Cencori's API said of a key; `skipped` when no request was made. */
export type Verification = 'live' | 'invalid' | 'unknown' | 'skipped';

/** Where a key in built output came from, read through its source map (bundle scans). */
export interface OriginalSource {
  file: string;
  line: number;
  column: number;
  /** The env var the original line reads, e.g. NEXT_PUBLIC_CENCORI_KEY. */
  envVar?: string;
}

/**
 * A detection before it is reported: it still holds the SecretValue (the only way to the
 * raw key) so verification can use it. Reporters never see this type.
 */
export interface Detection {
  /** Display path: relative to cwd when under it (forward slashes), else absolute; repo path for git scans. */
  file: string;
  hit: KeyHit;
  commit: CommitInfo | null;
  original?: OriginalSource;
  /** Length of the generated line holding the key (bundle scans): a marker on a minified line says nothing. */
  lineLength?: number;
  /** The allow marker stands at the original source line, read through the source map (bundle scans). */
  allowedAtSource?: boolean;
}

/** A reported finding. Holds the masked key and its fingerprint, never the key. */
export interface Finding extends Omit<KeyClass, 'formatId'> {
  file: string;
  line: number;
  column: number;
  commit: CommitInfo | null;
  /** Key format id (e.g. "secret-live"); the SARIF rule id. */
  rule: string;
  fingerprint: string;
  redacted: string;
  verification: Verification;
  /** Why verification is `unknown` (timeout, HTTP 503, ...). */
  verificationReason?: string;
  blocking: boolean;
  /** `warn` findings are shown but do not block. */
  severity: 'error' | 'warning';
  original?: OriginalSource;
  /** How the key is written when not as itself (`base64`): line and column are the encoded text's. */
  encoding?: KeyEncoding;
}

export function newStats(unit: string): ScanStats {
  return { unit, scanned: 0, bytes: 0, skipped: 0, warnings: [], details: [], unscanned: [], startedAt: nowMs() };
}
