import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScanError } from '../errors.js';
import type { Detection } from './model.js';

/**
 * A baseline: the findings a team has accepted, so a scan reports only new ones.
 *
 * Identity is (path, sha256 of the key): no line numbers, so edits elsewhere in the file never
 * break it; no timestamps, no counts, entries sorted and deduplicated, so writing it twice
 * gives the same bytes and it never churns in diffs. It holds no key and no part of one (not
 * even the mask): a sha256 of a 128- to 192-bit random key cannot be reversed. Paths are stored
 * relative to the baseline file's folder, so it works whichever folder the scan runs from.
 */
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  file: string;
  fingerprint: string;
}

interface BaselineFile {
  version: number;
  description: string;
  findings: BaselineEntry[];
}

const DESCRIPTION = 'Findings cencori-scan ignores: sha256 fingerprints of keys (never the keys) and the paths they sit in. Update with --write-baseline.';
const FINGERPRINT = /^[0-9a-f]{64}$/;

function entryPath(detection: Detection, fileBase: string, baselineDir: string): string {
  const absolute = path.resolve(fileBase, detection.file);
  return path.relative(baselineDir, absolute).split(path.sep).join('/');
}

const keyOf = (e: BaselineEntry) => `${e.file}\0${e.fingerprint}`;

export function baselineEntries(detections: readonly Detection[], fileBase: string, baselineFile: string): BaselineEntry[] {
  const dir = path.dirname(baselineFile);
  const unique = new Map<string, BaselineEntry>();
  for (const d of detections) {
    const entry = { file: entryPath(d, fileBase, dir), fingerprint: d.hit.secret.fingerprint };
    unique.set(keyOf(entry), entry);
  }
  return [...unique.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const body: BaselineFile = { version: BASELINE_VERSION, description: DESCRIPTION, findings: [...entries] };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Writes `file` from the current findings; returns the line to show the user. */
export async function writeBaseline(detections: readonly Detection[], file: string, fileBase: string): Promise<string> {
  const entries = baselineEntries(detections, fileBase, file);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, serializeBaseline(entries));
  } catch (error) {
    throw new ScanError(`cannot write baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return `wrote ${entries.length} finding${entries.length === 1 ? '' : 's'} to baseline ${file}`;
}

export async function readBaseline(file: string): Promise<BaselineEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScanError(`cannot read baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ScanError(`baseline ${file} is not valid JSON`);
  }
  const body = parsed as Partial<BaselineFile> | null;
  if (!body || typeof body !== 'object' || body.version !== BASELINE_VERSION || !Array.isArray(body.findings)) {
    throw new ScanError(`baseline ${file} is not a cencori-scan baseline (version ${BASELINE_VERSION} with a "findings" list)`);
  }
  body.findings.forEach((entry, i) => {
    const e = entry as Partial<BaselineEntry> | null;
    if (!e || typeof e.file !== 'string' || typeof e.fingerprint !== 'string' || !FINGERPRINT.test(e.fingerprint)) {
      throw new ScanError(`baseline ${file}: findings[${i}] needs "file" and a sha256 hex "fingerprint"`);
    }
  });
  return body.findings;
}

/** The detections not recorded in the baseline `file`. */
export async function applyBaseline(detections: Detection[], file: string, fileBase: string): Promise<Detection[]> {
  const known = new Set((await readBaseline(file)).map(keyOf));
  const dir = path.dirname(file);
  return detections.filter((d) => !known.has(keyOf({ file: entryPath(d, fileBase, dir), fingerprint: d.hit.secret.fingerprint })));
}
