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
// Results for one start module are shared by every client module importing it, for one run.
const REUSE_FOR_MS = 1000;
const memo = new WeakMap<object, Map<string, { at: number; result: SecretReader | undefined }>>();
// Modules from which no secret reader is reachable, per context: everything a fruitless walk
// visited reaches only what that walk saw, so later walks stop there.
const clean = new WeakMap<object, Map<string, number>>();

/**
 * Follows the import `specifier` of a client module through every module it reaches that has no
 * directive, and returns the nearest one that reads a secret-key variable. A module marked
 * 'use client' is linted as client code itself, a 'use server' module is called over the network
 * and one importing 'server-only' fails the build when bundled: the walk does not enter them.
 * `context` identifies what `isSecret` means (a project's env): results are cached per context.
 */
export function secretReaderBehind(fromFile: string, specifier: string, isSecret: (name: string) => boolean, context: object): SecretReader | undefined {
  const start = resolveImport(fromFile, specifier);
  if (!start) return undefined;
  let byStart = memo.get(context);
  if (!byStart) {
    byStart = new Map();
    memo.set(context, byStart);
  }
  const now = Date.now();
  const cached = byStart.get(start);
  if (cached && now - cached.at < REUSE_FOR_MS) return cached.result;
  let cleanModules = clean.get(context);
  if (!cleanModules) {
    cleanModules = new Map();
    clean.set(context, cleanModules);
  }
  const result = walk(start, isSecret, cleanModules, now);
  byStart.set(start, { at: now, result });
  return result;
}

function walk(start: string, isSecret: (name: string) => boolean, cleanModules: Map<string, number>, now: number): SecretReader | undefined {
  const parents = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  let complete = true;
  for (let i = 0; i < queue.length; i++) {
    if (i >= MAX_MODULES) {
      complete = false;
      break;
    }
    const file = queue[i]!;
    const cleanAt = cleanModules.get(file);
    if (cleanAt !== undefined && now - cleanAt < REUSE_FOR_MS) continue;
    if (/[\\/]node_modules[\\/]/.test(file)) continue;
    const facts = moduleFacts(file);
    if (facts.serverOnly || facts.directives.includes('use client') || facts.directives.includes('use server')) continue;
    for (const [name, line] of facts.envReads) {
      if (isSecret(name)) return { file, name, line, chain: chainTo(file, parents) };
    }
    for (const specifier of facts.imports) {
      const next = resolveImport(file, specifier);
      if (next && !parents.has(next)) {
        parents.set(next, file);
        queue.push(next);
      }
    }
  }
  if (complete) for (const file of queue) cleanModules.set(file, now);
  return undefined;
}

function chainTo(file: string, parents: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  for (let at: string | null | undefined = file; at; at = parents.get(at)) chain.unshift(at);
  return chain;
}
