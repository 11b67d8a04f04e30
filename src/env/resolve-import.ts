import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createPathsMatcher, getTsconfig, type TsConfigResult } from 'get-tsconfig';
import { MtimeCache } from './mtime-cache.js';

// Probe order of TypeScript's and bundlers' resolution for extensionless specifiers.
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mts', '.cts', '.mjs', '.cjs'];
// TypeScript ESM style: `./chat-box.js` in source names `./chat-box.tsx` on disk.
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

// Caches live for the process: one lint run, or an editor session. Resolution results are
// keyed by importing directory and specifier; tsconfig files by get-tsconfig's own cache.
const resolved = new Map<string, string | null>();
const tsconfigCache = new Map<string, unknown>();
const tsconfigByDir = new Map<string, TsConfigResult | null>();
const pathsMatchers = new Map<string, ((specifier: string) => string[]) | null>();

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function probe(base: string): string | undefined {
  if (isFile(base)) return base;
  for (const ext of EXTENSIONS) if (isFile(base + ext)) return base + ext;
  const ext = path.extname(base);
  for (const alternative of TS_FOR_JS[ext] ?? []) {
    const candidate = base.slice(0, -ext.length) + alternative;
    if (isFile(candidate)) return candidate;
  }
  for (const ext of EXTENSIONS) {
    const index = path.join(base, `index${ext}`);
    if (isFile(index)) return index;
  }
  return undefined;
}

function tsconfigFor(dir: string): TsConfigResult | null {
  let config = tsconfigByDir.get(dir);
  if (config === undefined) {
    try {
      config = getTsconfig(dir, 'tsconfig.json', tsconfigCache as never) ?? getTsconfig(dir, 'jsconfig.json', tsconfigCache as never);
    } catch {
      // A broken tsconfig.json: aliases stay unresolved, the lint goes on.
      config = null;
    }
    tsconfigByDir.set(dir, config);
  }
  return config;
}

function pathsMatcherFor(config: TsConfigResult): ((specifier: string) => string[]) | null {
  let matcher = pathsMatchers.get(config.path);
  if (matcher === undefined) {
    matcher = createPathsMatcher(config);
    pathsMatchers.set(config.path, matcher);
  }
  return matcher;
}

/**
 * The file an import specifier names: relative paths with extension and index probing, and
 * tsconfig/jsconfig `paths` and `baseUrl` (with `extends`) for aliases like `@/components/x`.
 * Packages from node_modules are not followed: undefined.
 */
export function resolveImport(fromFile: string, specifier: string): string | undefined {
  const dir = path.dirname(path.resolve(fromFile));
  const key = `${dir}\0${specifier}`;
  const cached = resolved.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let result: string | undefined;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    result = probe(path.resolve(dir, specifier));
  } else {
    const config = tsconfigFor(dir);
    const matcher = config ? pathsMatcherFor(config) : null;
    for (const candidate of matcher?.(specifier) ?? []) {
      result = probe(candidate);
      if (result) break;
    }
  }
  resolved.set(key, result ?? null);
  return result;
}

const directivesCache = new MtimeCache<string[]>();

/** The directive prologue of a module on disk ('use client', 'use strict', ...), cached by mtime. */
export function moduleDirectives(file: string): string[] {
  return directivesCache.get(
    file,
    () => {
      try {
        return readDirectives(readFileSync(file, 'utf8'));
      } catch {
        return []; // Unreadable: no directives known.
      }
    },
    [],
  );
}

// A directive prologue: string-literal statements before anything else, with comments between.
const PROLOGUE_ITEM = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|#![^\n]*)/;
const DIRECTIVE = /^(['"])([^'"\\\n]*)\1[ \t]*(?:;|(?=\s*(?:\n|$|\/\/|\/\*)))/;

/** Reads only the top of a file: a directive must come before any code. */
export function readDirectives(text: string): string[] {
  const directives: string[] = [];
  let rest = text;
  for (;;) {
    const skip = PROLOGUE_ITEM.exec(rest);
    if (skip) {
      rest = rest.slice(skip[0].length);
      continue;
    }
    const m = DIRECTIVE.exec(rest);
    if (!m) return directives;
    directives.push(m[2]!);
    rest = rest.slice(m[0].length);
  }
}

/** Forgets every resolution, for tests that rewrite projects in place. */
export function clearResolutionCache(): void {
  resolved.clear();
  tsconfigCache.clear();
  tsconfigByDir.clear();
  pathsMatchers.clear();
  directivesCache.clear();
}
