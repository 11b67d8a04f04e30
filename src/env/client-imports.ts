import { moduleFacts } from './module-facts.js';
import { resolveImport } from './resolve-import.js';

/** A module without a directive that reads a secret and that a client module pulls into its bundle. */
export interface SecretReader {
  /** The module that reads the secret. */
  readonly file: string;
  readonly name: string;
  readonly line: number;
  /** Modules from the imported one down to `file` (both included). */
  readonly chain: readonly string[];
}

// A walk stops after this many modules: a bound on the cost of one import in a huge monorepo.
const MAX_MODULES = 2000;

/**
 * Follows the import `specifier` of a client module through every module it reaches that has no
 * directive, and returns the nearest one that reads a secret-key variable. A module marked
 * 'use client' is linted as client code itself, a 'use server' module is called over the network
 * and one importing 'server-only' fails the build when bundled: the walk does not enter them.
 * Each module's facts are cached by its file signature, so an edit is seen by the next lint.
 */
export function secretReaderBehind(fromFile: string, specifier: string, isSecret: (name: string) => boolean): SecretReader | undefined {
  const start = resolveImport(fromFile, specifier);
  if (!start) return undefined;
  const parents = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length && i < MAX_MODULES; i++) {
    const file = queue[i]!;
    if (/[\\/]node_modules[\\/]/.test(file)) continue;
    const facts = moduleFacts(file);
    if (facts.serverOnly || facts.directives.includes('use client') || facts.directives.includes('use server')) continue;
    for (const [name, line] of facts.envReads) {
      if (isSecret(name)) return { file, name, line, chain: chainTo(file, parents) };
    }
    for (const next of facts.imports) {
      const resolvedNext = resolveImport(file, next);
      if (resolvedNext && !parents.has(resolvedNext)) {
        parents.set(resolvedNext, file);
        queue.push(resolvedNext);
      }
    }
  }
  return undefined;
}

function chainTo(file: string, parents: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  for (let at: string | null | undefined = file; at; at = parents.get(at)) chain.unshift(at);
  return chain;
}
