import path from 'node:path';
import fg from 'fast-glob';
import type { KeyHit } from '../keys/index.js';
import { detectUnitKeys } from '../scan/detect-units.js';
import type { Detection } from '../scan/finding.js';
import type { ScanStats } from '../scan/stats.js';
import { SourceMapResolver, type TracedPosition } from '../sourcemap/resolver.js';
import type { BundleRoot } from './bundle/roots.js';
import { fileUnits } from './files.js';
import type { ScanUnit } from './unit.js';

export { findBundleRoots, type BundleRoot } from './bundle/roots.js';

export interface BundleScanOptions {
  roots: readonly BundleRoot[];
  cwd: string;
  /** Config ignore globs, relative to ignoreBase. */
  ignore: string[];
  ignoreBase: string;
  /** Publishable keys are meant for browsers: found, counted, but only reported when asked. */
  reportPublishable: boolean;
}

export interface BundleScanResult {
  detections: Detection[];
  /** Fingerprints of publishable keys found but not reported. */
  hiddenPublishable: Set<string>;
}

/**
 * Above this length a line is minified code: an allow marker on it says nothing about one key
 * among thousands, so only a marker at the original source line (through the map) counts.
 */
const MINIFIED_LINE = 1000;

/**
 * Every file of the roots, sorted. fast-glob directly, not git: build output is normally
 * git-ignored, and what is ignored is exactly what ships.
 */
async function listBundleFiles(roots: readonly BundleRoot[]): Promise<Map<string, BundleRoot>> {
  const rootOf = new Map<string, BundleRoot>();
  for (const root of roots) {
    const files = await fg(root.patterns, {
      cwd: root.dir,
      ignore: root.ignore,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      absolute: true,
      suppressErrors: true,
    });
    for (const file of files.map(path.normalize).sort()) if (!rootOf.has(file)) rootOf.set(file, root);
  }
  return rootOf;
}

/**
 * The 0-based UTF-16 column of each index (ascending) and the length of its line, as source maps
 * count: one forward pass, so thousands of keys on one minified line stay linear.
 */
function linesAround(text: string, indices: readonly number[]): Array<{ column: number; length: number }> {
  let lineStart = 0;
  let nl = text.indexOf('\n');
  return indices.map((index) => {
    while (nl !== -1 && nl < index) {
      lineStart = nl + 1;
      nl = text.indexOf('\n', lineStart);
    }
    return { column: index - lineStart, length: (nl === -1 ? text.length : nl) - lineStart };
  });
}

function allowedAt(hit: KeyHit, lineLength: number, traced: TracedPosition | undefined): boolean {
  if (hit.allowed && lineLength <= MINIFIED_LINE) return true;
  return traced?.allowed ?? false;
}

/** Scans the client output of `roots`; keys in generated files are traced to source through their maps. */
export async function scanBundle(options: BundleScanOptions, stats: ScanStats): Promise<BundleScanResult> {
  const rootOf = await listBundleFiles(options.roots);
  const resolver = new SourceMapResolver(options.cwd, (warning) => stats.warnings.push(warning));
  const units = fileUnits({ paths: [...rootOf.keys()], cwd: options.cwd, ignore: options.ignore, ignoreBase: options.ignoreBase }, stats);
  const detections: Detection[] = [];
  const hiddenPublishable = new Set<string>();
  for await (const unit of units) for (const d of await detectInBundleUnit(unit, rootOf, resolver, options, hiddenPublishable)) detections.push(d);
  return { detections, hiddenPublishable };
}

async function detectInBundleUnit(
  unit: ScanUnit,
  rootOf: Map<string, BundleRoot>,
  resolver: SourceMapResolver,
  options: BundleScanOptions,
  hiddenPublishable: Set<string>,
): Promise<Detection[]> {
  const out: Detection[] = [];
  const generated = path.resolve(options.cwd, unit.file);
  const projectDir = rootOf.get(generated)?.projectDir ?? path.dirname(generated);
  const hits = detectUnitKeys(unit);
  const lines = unit.pieces ? [] : linesAround(unit.text, hits.map((h) => h.index));
  for (const [i, hit] of hits.entries()) {
    if (hit.kind === 'publishable' && !options.reportPublishable) {
      hiddenPublishable.add(hit.secret.fingerprint);
      continue;
    }
    // Text in pieces is one line longer than memory holds whole: minified, and not traced.
    const { column, length } = lines[i] ?? { column: 0, length: Infinity };
    // A key inside a .map file sits in its sourcesContent: reported in the map, traced to that source.
    const traced = unit.pieces
      ? undefined
      : generated.endsWith('.map')
      ? resolver.traceInMap(generated, unit.text, hit.index, projectDir)
      : await resolver.trace(generated, hit.line, column, projectDir, hit.prefix);
    if (allowedAt(hit, length, traced)) continue;
    out.push({ file: unit.file, hit, commit: null, ...(traced ? { original: traced.original } : {}) });
  }
  return out;
}
