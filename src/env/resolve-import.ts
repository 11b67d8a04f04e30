import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createPathsMatcher, getTsconfig, type TsConfigResult } from 'get-tsconfig';
import { FileCache, fileSignature } from './file-cache.js';

// Probe order of TypeScript's and bundlers' resolution for extensionless specifiers.
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mts', '.cts', '.mjs', '.cjs'];
// TypeScript ESM style: `./chat-box.js` in source names `./chat-box.tsx` on disk.
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

// Caches live for the process: one lint run, or an editor session, so each entry carries the
// signatures (file-cache) of what decided it and is recomputed when one of them changes: a
// module created after its import was first resolved, a tsconfig `paths` alias added.
const resolved = new Map<string, { result: string | undefined; signature: string }>();
const tsconfigByDir = new Map<string, { config: TsConfigResult | null; signature: string }>();
const pathsMatchers = new Map<string, { matcher: ((specifier: string) => string[]) | null; signature: string }>();

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

/** The state of a tsconfig and the files it extends: an edit to any of them changes it. */
function configSignature(config: TsConfigResult | null, dir: string): string {
  // No config found: a tsconfig.json or jsconfig.json created in the directory must be seen.
  if (!config) return `none:${fileSignature(dir) ?? '-'}`;
  return [config.path, ...extendedFiles(config)].map((file) => `${file}:${fileSignature(file) ?? '-'}`).join('|');
}

function extendedFiles(config: TsConfigResult): string[] {
  const extendsValue = (config.config as { extends?: unknown }).extends;
  const list = Array.isArray(extendsValue) ? extendsValue : extendsValue ? [extendsValue] : [];
  return list.filter((e): e is string => typeof e === 'string' && e.startsWith('.')).map((e) => path.resolve(path.dirname(config.path), e));
}

function tsconfigFor(dir: string): TsConfigResult | null {
  const cached = tsconfigByDir.get(dir);
  if (cached && configSignature(cached.config, dir) === cached.signature) return cached.config;
  let config: TsConfigResult | null;
  try {
    // A fresh get-tsconfig cache: its own cache never looks at the disk again.
    const cache = new Map();
    config = getTsconfig(dir, 'tsconfig.json', cache) ?? getTsconfig(dir, 'jsconfig.json', cache);
  } catch {
    // A broken tsconfig.json: aliases stay unresolved, the lint goes on.
    config = null;
  }
  tsconfigByDir.set(dir, { config, signature: configSignature(config, dir) });
  return config;
}

function pathsMatcherFor(config: TsConfigResult, signature: string): ((specifier: string) => string[]) | null {
  const cached = pathsMatchers.get(config.path);
  if (cached?.signature === signature) return cached.matcher;
  const matcher = createPathsMatcher(config);
  pathsMatchers.set(config.path, { matcher, signature });
  return matcher;
}

/** Directories whose listing decides what probing `base` finds: its parent, and itself for index files. */
function probeSignature(bases: readonly string[]): string {
  return bases.map((base) => `${fileSignature(path.dirname(base)) ?? '-'}/${fileSignature(base) ?? '-'}`).join('|');
}

/**
 * The file an import specifier names: relative paths with extension and index probing, and
 * tsconfig/jsconfig `paths` and `baseUrl` (with `extends`) for aliases like `@/components/x`.
 * Packages from node_modules are not followed: undefined.
 */
export function resolveImport(fromFile: string, specifier: string): string | undefined {
  const dir = path.dirname(path.resolve(fromFile));
  let bases: string[];
  let prefix = '';
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    bases = [path.resolve(dir, specifier)];
  } else {
    const config = tsconfigFor(dir);
    prefix = configSignature(config, dir);
    const matcher = config ? pathsMatcherFor(config, prefix) : null;
    bases = matcher?.(specifier) ?? [];
  }
  const signature = `${prefix}#${probeSignature(bases)}`;
  const key = `${dir}\0${specifier}`;
  const cached = resolved.get(key);
  if (cached?.signature === signature) return cached.result;
  let result: string | undefined;
  for (const base of bases) {
    result = probe(base);
    if (result) break;
  }
  resolved.set(key, { result, signature });
  return result;
}

const directivesCache = new FileCache<string[]>();

/** The directive prologue of a module on disk ('use client', 'use strict', ...), cached by mtime. */
export function moduleDirectives(file: string): string[] {
  return directivesCache.get(file, () => readDirectives(readFileSync(file, 'utf8')), []);
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
  tsconfigByDir.clear();
  pathsMatchers.clear();
  directivesCache.clear();
}
