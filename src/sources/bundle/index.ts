import path from 'node:path';
import fg from 'fast-glob';
import type { Detection, ScanStats, ScanUnit } from '../../scan/model.js';
import { fileUnits } from '../files.js';
import type { BundleRoot } from './roots.js';
import { SourceMapResolver } from './sourcemap/resolver.js';

export { findBundleRoots, type BundleRoot } from './roots.js';

export interface BundleSourceOptions {
  roots: readonly BundleRoot[];
  cwd: string;
  /** Config ignore globs, relative to ignoreBase. */
  ignore: string[];
  ignoreBase: string;
}

export interface BundleSource {
  /** Every file of the roots, as units. */
  units: AsyncIterable<ScanUnit>;
  /** After detection: traces each key in generated code to its source line (and env var) through the maps. */
  enrich(unit: ScanUnit, detections: Detection[]): Promise<Detection[]>;
}

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

/** The client output of `roots` as units, and the source-map step that runs after detection. */
export function bundleSource(options: BundleSourceOptions, stats: ScanStats): BundleSource {
  const rootOf = new Map<string, BundleRoot>();
  const resolver = new SourceMapResolver(options.cwd, (warning) => stats.warnings.push(warning));
  async function* units(): AsyncGenerator<ScanUnit> {
    for (const [file, root] of await listBundleFiles(options.roots)) rootOf.set(file, root);
    yield* fileUnits({ paths: [...rootOf.keys()], cwd: options.cwd, ignore: options.ignore, ignoreBase: options.ignoreBase }, stats);
  }
  async function enrich(unit: ScanUnit, detections: Detection[]): Promise<Detection[]> {
    const out: Detection[] = [];
    const generated = path.resolve(options.cwd, unit.file);
    const projectDir = rootOf.get(generated)?.projectDir ?? path.dirname(generated);
    // Text in pieces is a line longer than memory holds whole: minified, and not traced.
    if (unit.pieces) return detections.map((d) => ({ ...d, lineLength: Infinity }));
    const lines = linesAround(unit.text, detections.map((d) => d.hit.index));
    for (const [i, d] of detections.entries()) {
      const { column, length } = lines[i]!;
      // A key inside a .map file sits in its sourcesContent: reported in the map, traced to that source.
      const traced = generated.endsWith('.map')
        ? resolver.traceInMap(generated, unit.text, d.hit.index, projectDir)
        : await resolver.trace(generated, d.hit.line, column, projectDir, d.hit.prefix);
      out.push({ ...d, lineLength: length, ...(traced ? { original: traced.original, allowedAtSource: traced.allowed } : {}) });
    }
    return out;
  }
  return { units: units(), enrich };
}
