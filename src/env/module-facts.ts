import { readFileSync } from 'node:fs';
import { envReadsInText } from './env-read-text.js';
import { FileCache } from './file-cache.js';
import { readDirectives } from './resolve-import.js';

/** What the import graph walk needs from a module, read from its text without parsing it. */
export interface ModuleFacts {
  readonly directives: readonly string[];
  /** Env variable names the module reads, with the 1-based line of the first read. */
  readonly envReads: ReadonlyMap<string, number>;
  /** Specifiers of the modules it imports or re-exports (type-only imports left out). */
  readonly imports: readonly string[];
  /** `import 'server-only'`: Next.js fails the build if a client module imports it, so it is no leak. */
  readonly serverOnly: boolean;
}

const EMPTY: ModuleFacts = { directives: [], envReads: new Map(), imports: [], serverOnly: false };

// Many client modules reach the same libraries: a module is read again only when it changed.
const cache = new FileCache<ModuleFacts>();

export function moduleFacts(file: string): ModuleFacts {
  return cache.get(file, () => factsOf(readFileSync(file, 'utf8')), EMPTY);
}

const ENV_DESTRUCTURE = /\{([^{}]*)\}\s*=\s*(?:process\s*\.\s*env|import\s*\.\s*meta\s*\.\s*env)\b/g;
const IMPORT_FROM = /\b(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s*(['"])([^'"\n]+)\2/g;
const IMPORT_BARE = /\bimport\s*(['"])([^'"\n]+)\1/g;
const IMPORT_CALL = /\b(?:import|require)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** Facts from source text; comments are blanked first so commented-out code counts for nothing. */
export function factsOf(text: string): ModuleFacts {
  const code = blankComments(text);
  const lineAt = lineIndex(code);
  const envReads = new Map<string, number>();
  const addRead = (name: string, index: number): void => {
    if (!envReads.has(name)) envReads.set(name, lineAt(index));
  };
  for (const read of envReadsInText(code)) addRead(read.name, read.index);
  for (const m of code.matchAll(ENV_DESTRUCTURE)) {
    for (const part of m[1]!.split(',')) {
      const name = /^\s*(?:\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1];
      if (name && !part.trimStart().startsWith('...')) addRead(name, m.index);
    }
  }
  const imports = new Set<string>();
  for (const m of code.matchAll(IMPORT_FROM)) if (!m[1]) imports.add(m[3]!);
  for (const m of code.matchAll(IMPORT_BARE)) imports.add(m[2]!);
  for (const m of code.matchAll(IMPORT_CALL)) imports.add(m[2]!);
  return { directives: readDirectives(text), envReads, imports: [...imports], serverOnly: imports.has('server-only') };
}

function lineIndex(text: string): (index: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * Replaces comments with spaces (newlines kept, so lines stay put), skipping string and
 * template literals. Regex literals are not recognised: a `//` inside one may blank the rest
 * of its line, which can only hide a read, never invent one.
 */
export function blankComments(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
    } else if (ch === '"' || ch === "'" || ch === '`') {
      i++;
      while (i < text.length && text[i] !== ch && !(ch !== '`' && text[i] === '\n')) i += text[i] === '\\' ? 2 : 1;
      i++;
    } else {
      i++;
    }
  }
  return out.join('');
}
