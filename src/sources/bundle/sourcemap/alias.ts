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

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The nearest declaration of `name` at or above `fromLine`, as the point where its initializer starts. */
function declarationOf(lines: readonly string[], name: string, fromLine: number): SourcePoint | undefined {
  const declaration = new RegExp(`\\b(?:const|let|var)\\s+${escapeRegex(name)}\\s*(?::[^=]+)?=(?!=)\\s*`);
  for (let line = fromLine; line >= 0; line--) {
    const m = declaration.exec(lines[line] ?? '');
    if (m) return { line, column: m.index + m[0].length };
  }
  return undefined;
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
