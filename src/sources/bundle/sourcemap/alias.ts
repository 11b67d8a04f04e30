/**
 * Minifiers inline single-use constants, so a source map often points at the use of a value
 * (`Bearer ${apiKey}`) rather than where it was read (`const apiKey = import.meta.env.X`).
 * Following the identifier back to its `const`/`let`/`var` declaration in the same source finds
 * the line that brings the key in. A few hops cover `const a = env.X; const b = a;`.
 */
const MAX_HOPS = 3;
const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const KEYWORDS = new Set(['true', 'false', 'null', 'undefined', 'this', 'new', 'typeof', 'void', 'await', 'import', 'process']);

export interface SourcePoint {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  column: number;
}

/** The identifiers a mapped expression is made of: one name, or the names a template literal interpolates. */
function identifiersAt(text: string, column: number): string[] {
  IDENTIFIER.lastIndex = column;
  const name = IDENTIFIER.exec(text)?.[0];
  if (name !== undefined) return KEYWORDS.has(name) ? [] : [name];
  if (text[column] !== '`') return [];
  const end = text.indexOf('`', column + 1);
  const body = text.slice(column + 1, end === -1 ? undefined : end);
  return [...body.matchAll(/\$\{\s*([A-Za-z_$][\w$]*)\s*\}/g)].map((m) => m[1]!).filter((n) => !KEYWORDS.has(n));
}

const DECLARATION_HEAD = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g;
const INITIALIZER = /\s*(?::[^=]+)?=(?!=)\s*/y;

/**
 * Every `const|let|var name =` of a source, by name, lines ascending, built once per source:
 * a bundle's map can hold thousands of keys in one source, and searching the lines above each
 * of them made tracing quadratic.
 */
const declarationIndexes = new WeakMap<readonly string[], Map<string, SourcePoint[]>>();

function declarationIndex(lines: readonly string[]): Map<string, SourcePoint[]> {
  let index = declarationIndexes.get(lines);
  if (index !== undefined) return index;
  index = new Map();
  lines.forEach((text, line) => {
    const seen = new Set<string>();
    for (const head of text.matchAll(DECLARATION_HEAD)) {
      const name = head[1]!;
      if (seen.has(name)) continue;
      INITIALIZER.lastIndex = head.index + head[0].length;
      const initializer = INITIALIZER.exec(text);
      if (initializer === null) continue;
      // The first declaration of a name on a line, as a search of that line for it would find.
      seen.add(name);
      const points = index!.get(name) ?? [];
      points.push({ line, column: INITIALIZER.lastIndex });
      index!.set(name, points);
    }
  });
  declarationIndexes.set(lines, index);
  return index;
}

/** The nearest declaration of `name` at or above `fromLine`, as the point where its initializer starts. */
function declarationOf(lines: readonly string[], name: string, fromLine: number): SourcePoint | undefined {
  const points = declarationIndex(lines).get(name);
  if (points === undefined) return undefined;
  let low = 0;
  let high = points.length - 1;
  let found: SourcePoint | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (points[mid]!.line <= fromLine) {
      found = points[mid];
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Where the value at `point` was first assigned, or `point` itself when it is not a plain alias. */
export function followAlias(lines: readonly string[], point: SourcePoint, accept: (point: SourcePoint) => boolean): SourcePoint {
  let current = point;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const names = identifiersAt(lines[current.line] ?? '', current.column);
    const targets = names.map((n) => declarationOf(lines, n, current.line)).filter((p): p is SourcePoint => p !== undefined);
    if (targets.length === 0) break;
    // In `Bearer ${a}${b}` prefer the interpolated name that reaches what the caller looks for.
    const chosen = targets.find(accept) ?? targets[0]!;
    if (chosen.line === current.line && chosen.column === current.column) break;
    current = chosen;
    if (accept(current)) break;
  }
  return current;
}
