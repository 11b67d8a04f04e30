/**
 * `$VAR` / `${VAR}` expansion with dotenv-expand's syntax, which Next.js uses: `${VAR:-default}`
 * (unset or empty), `${VAR-default}` (unset), `\$` for a literal dollar. Hand-written rather
 * than calling dotenv-expand because a linter must expand against the project's files only,
 * never against the linting machine's process.env, and must survive reference cycles.
 */
const REFERENCE = /(\\)?\$(?:\{([A-Za-z_][\w.]*)(?:(:?-)((?:[^}\\]|\\.)*))?\}|([A-Za-z_]\w*))/g;

export interface ExpandableValue {
  readonly value: string;
  readonly expands: boolean;
}

export interface ExpandedValue {
  readonly value: string;
  /** Names this value refers to directly, in order. */
  readonly references: readonly string[];
}

/** Expands every value of `vars` against the others; unknown names expand to ''. */
export function expandAll(vars: ReadonlyMap<string, ExpandableValue>): Map<string, ExpandedValue> {
  const done = new Map<string, ExpandedValue>();
  const inProgress = new Set<string>();

  const resolve = (name: string): string | undefined => {
    const known = done.get(name);
    if (known) return known.value;
    const raw = vars.get(name);
    if (raw === undefined) return undefined;
    // A cycle (A=$B, B=$A) expands to '' instead of recursing forever.
    if (inProgress.has(name)) return '';
    inProgress.add(name);
    const expanded = raw.expands ? expandString(raw.value, resolve) : { value: raw.value, references: [] };
    inProgress.delete(name);
    done.set(name, expanded);
    return expanded.value;
  };

  for (const name of vars.keys()) resolve(name);
  return done;
}

export function expandString(text: string, resolve: (name: string) => string | undefined): ExpandedValue {
  const references: string[] = [];
  const value = text.replace(REFERENCE, (whole: string, escaped?: string, braced?: string, operator?: string, fallback?: string, bare?: string) => {
    if (escaped) return whole.slice(1);
    const name = (braced ?? bare)!;
    references.push(name);
    const current = resolve(name);
    const useFallback = operator === ':-' ? !current : operator === '-' ? current === undefined : false;
    if (useFallback) {
      const inner = expandString(fallback ?? '', resolve);
      references.push(...inner.references);
      return inner.value;
    }
    return current ?? '';
  });
  return { value, references };
}
