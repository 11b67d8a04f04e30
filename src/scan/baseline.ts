import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ScanError, fsReason } from '../errors.js';
import { redactKeys } from '../keys/index.js';
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

/** How the scan's paths behave: built output (bundle) renames its files on every build. */
export interface BaselineOptions {
  generated?: boolean;
}

/**
 * The path as every output shows it: a key in a file name is masked, so the baseline (a file the
 * team commits) never holds one, and reading it back compares masked with masked.
 */
function relativeTo(file: string, fileBase: string, baselineDir: string): string {
  return redactKeys(path.relative(baselineDir, path.resolve(fileBase, file)).split(path.sep).join('/'));
}

// A build hash in a name: vite/rollup `index-CgQSCXYn` (8 base64url characters after the last
// "-"), webpack `main.3f2a1b4c`, Next.js `page-0a1b2c3d4e5f6a7b`, turbopack `2m4tj2-8plrzm`, a
// build id folder. A piece counts as a hash when it is long and not a plain lowercase word.
const ROLLUP_HASH = /-[A-Za-z0-9_-]{8}$/;
const looksHashed = (piece: string) => piece.length >= 6 && /^[A-Za-z0-9_]+$/.test(piece) && !/^[a-z]+$/.test(piece) && !/^_?[A-Z]?[a-z]+(?:[A-Z][a-z]+)*$/.test(piece);

/** `dist/assets/index-CgQSCXYn.js` → `dist/assets/index-[hash].js`: the same name whichever build wrote it. */
export function withoutBuildHashes(file: string): string {
  return file
    .split('/')
    .map((segment) => {
      const dot = segment.search(/(?:\.(?:js|mjs|cjs|css|html|json|rsc|txt|map|body|meta))+$/);
      let stem = dot > 0 ? segment.slice(0, dot) : segment;
      const ext = dot > 0 ? segment.slice(dot) : '';
      if (ROLLUP_HASH.test(stem) && !/^-[a-z]+$/.test(stem.slice(-9))) stem = stem.replace(ROLLUP_HASH, '-[hash]');
      stem = stem
        .split(/([-.])/)
        .map((piece) => (looksHashed(piece) ? '[hash]' : piece))
        .join('');
      return stem + ext;
    })
    .join('/');
}

/**
 * The paths a detection is known by in a baseline, the one written first. In built output that is
 * the original source file (through the source map) when known, else the generated path with its
 * build hashes normalised, so a rebuild (new hashed names) leaves the baseline valid; the plain
 * generated path is still matched, for baselines written before.
 */
function entryFiles(d: Detection, fileBase: string, baselineDir: string, options: BaselineOptions): string[] {
  const generatedPath = relativeTo(d.file, fileBase, baselineDir);
  if (!options.generated) return [generatedPath];
  const files = d.original ? [relativeTo(d.original.file, fileBase, baselineDir)] : [];
  files.push(withoutBuildHashes(generatedPath), generatedPath);
  return files;
}

const keyOf = (e: BaselineEntry) => `${e.file}\0${e.fingerprint}`;

export function baselineEntries(detections: readonly Detection[], fileBase: string, baselineFile: string, options: BaselineOptions = {}): BaselineEntry[] {
  const dir = path.dirname(baselineFile);
  const unique = new Map<string, BaselineEntry>();
  for (const d of detections) {
    const entry = { file: entryFiles(d, fileBase, dir, options)[0]!, fingerprint: d.hit.secret.fingerprint };
    unique.set(keyOf(entry), entry);
  }
  return [...unique.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const body: BaselineFile = { version: BASELINE_VERSION, description: DESCRIPTION, findings: [...entries] };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Writes `file` (its folder exists: the CLI made it before the scan) from the current findings; returns the line to show the user. */
export async function writeBaseline(detections: readonly Detection[], file: string, fileBase: string, options: BaselineOptions = {}): Promise<string> {
  const entries = baselineEntries(detections, fileBase, file, options);
  try {
    await writeFile(file, serializeBaseline(entries));
  } catch (error) {
    throw new ScanError(`cannot write baseline ${file}: ${fsReason(error)}`);
  }
  return `wrote ${entries.length} finding${entries.length === 1 ? '' : 's'} to baseline ${file}`;
}

export async function readBaseline(file: string): Promise<BaselineEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScanError(`cannot read baseline ${file}: ${fsReason(error)}`);
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
export async function applyBaseline(detections: Detection[], file: string, fileBase: string, options: BaselineOptions = {}): Promise<Detection[]> {
  const known = new Set((await readBaseline(file)).map(keyOf));
  const dir = path.dirname(file);
  const fingerprintOf = (d: Detection) => d.hit.secret.fingerprint;
  return detections.filter((d) => !entryFiles(d, fileBase, dir, options).some((f) => known.has(keyOf({ file: f, fingerprint: fingerprintOf(d) }))));
}
