/**
 * `$VAR` / `${VAR}` expansion with dotenv-expand's syntax, which Next.js uses: `${VAR:-default}`
 * (unset or empty), `${VAR-default}` (unset), `\$` for a literal dollar. Hand-written rather
 * than calling dotenv-expand because a linter must expand against the project's files only,
 * never against the linting machine's process.env, and must survive reference cycles and
 * doubling chains (`B=$A$A`, `C=$B$B`, ... reaches 2^30 characters in 30 lines and crashed
 * ESLint with "Invalid string length").
 */
const REFERENCE = /(\\)?\$(?:\{([A-Za-z_][\w.]*)(?:(:?-)((?:[^}\\]|\\.)*))?\}|([A-Za-z_]\w*))/g;

/**
 * Bounds on one expansion. No real .env nests references deeper than a few levels or builds a
 * value near 64 KiB; past either bound the value is cut there (a key written before the cut is
 * still seen). dotenv-expand itself has no bound: these are ours, chosen so a lint run stays fast.
 */
export const MAX_EXPANSION_DEPTH = 16;
export const MAX_EXPANDED_LENGTH = 64 * 1024;
/**
 * All values of one file together may expand to at most this many times the file's own size
 * (plus one value's worth): a file of thousands of doubling lines otherwise costs 64 KiB per line,
 * linear in lines but with a constant that makes a 1 MB .env take most of a minute. Past the
 * budget, values keep their text as written (references unexpanded, marked truncated).
 */
export const EXPANSION_BUDGET_FACTOR = 16;

export interface ExpandableValue {
  readonly value: string;
  readonly expands: boolean;
}

export interface ExpandedValue {
  readonly value: string;
  /** Names this value refers to directly, in order. */
  readonly references: readonly string[];
  /** True when a bound cut the expansion short. */
  readonly truncated?: boolean;
}

/** Expands every value of `vars` against the others; unknown names expand to ''. */
export function expandAll(vars: ReadonlyMap<string, ExpandableValue>): Map<string, ExpandedValue> {
  const done = new Map<string, ExpandedValue>();
  const inProgress = new Set<string>();
  let budget = MAX_EXPANDED_LENGTH;
  for (const raw of vars.values()) budget += EXPANSION_BUDGET_FACTOR * raw.value.length;

  const resolve = (name: string): string | undefined => {
    const known = done.get(name);
    if (known) return known.value;
    const raw = vars.get(name);
    if (raw === undefined) return undefined;
    // A cycle (A=$B, B=$A), or a chain deeper than the bound, expands to '' instead of recursing on.
    if (inProgress.has(name) || inProgress.size >= MAX_EXPANSION_DEPTH) return '';
    inProgress.add(name);
    const asWritten = { value: raw.value.slice(0, MAX_EXPANDED_LENGTH), references: [] };
    const expanded = !raw.expands ? asWritten : budget > 0 ? expandString(raw.value, resolve) : { ...asWritten, truncated: true };
    budget -= expanded.value.length;
    inProgress.delete(name);
    done.set(name, expanded);
    return expanded.value;
  };

  for (const name of vars.keys()) resolve(name);
  return done;
}

export function expandString(text: string, resolve: (name: string) => string | undefined, depth = 0): ExpandedValue {
  const references: string[] = [];
  let truncated = false;
  let length = 0;
  const value = text.replace(REFERENCE, (whole: string, escaped?: string, braced?: string, operator?: string, fallback?: string, bare?: string) => {
    if (length >= MAX_EXPANDED_LENGTH) {
      truncated = true;
      return '';
    }
    let piece: string;
    if (escaped) {
      piece = whole.slice(1);
    } else {
      const name = (braced ?? bare)!;
      references.push(name);
      const current = resolve(name);
      const useFallback = operator === ':-' ? !current : operator === '-' ? current === undefined : false;
      if (useFallback && depth < MAX_EXPANSION_DEPTH) {
        const inner = expandString(fallback ?? '', resolve, depth + 1);
        references.push(...inner.references);
        piece = inner.value;
      } else {
        piece = useFallback ? '' : (current ?? '');
      }
    }
    length += piece.length;
    return piece;
  });
  if (value.length > MAX_EXPANDED_LENGTH) return { value: value.slice(0, MAX_EXPANDED_LENGTH), references, truncated: true };
  return truncated ? { value, references, truncated } : { value, references };
}
