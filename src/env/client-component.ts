import { blankComments } from './module-facts.js';
import { moduleDirectives, resolveImport } from './resolve-import.js';
import { readFileSync } from 'node:fs';

// Barrels rarely nest deeper than this; the bound also stops re-export cycles.
const MAX_REEXPORT_DEPTH = 6;

const REEXPORT_NAMED = /\bexport\s*(?!type\b)\{([^}]*)\}\s*from\s*(['"])([^'"\n]+)\2/g;
const REEXPORT_ALL = /\bexport\s*\*\s*from\s*(['"])([^'"\n]+)\1/g;

/**
 * The 'use client' module that defines the export `name` of `file`, following barrel files
 * (`export { ChatBox } from './chat-box'`, `export * from './ui'`) that have no directive
 * themselves. `name` is 'default' for a default import, undefined when any export will do
 * (a namespace import whose member is unknown). Behind `export *`, a module counts only if it
 * declares `name` itself: the star re-exports every module, not just the one defining it.
 */
export function clientModuleExporting(file: string, name: string | undefined, depth = 0, mustDeclare = false): string | undefined {
  let text: string;
  try {
    text = blankComments(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (moduleDirectives(file).includes('use client') && (!mustDeclare || name === undefined || declares(text, name))) return file;
  if (depth >= MAX_REEXPORT_DEPTH) return undefined;
  for (const m of text.matchAll(REEXPORT_NAMED)) {
    for (const part of m[1]!.split(',')) {
      const [local, exported = local] = part.replace(/^\s*type\s+/, '').trim().split(/\s+as\s+/).map((s) => s.trim());
      if (!local || (name !== undefined && exported !== name)) continue;
      const target = resolveImport(file, m[3]!);
      const found = target && clientModuleExporting(target, local, depth + 1);
      if (found) return found;
    }
  }
  if (name === 'default') return undefined;
  for (const m of text.matchAll(REEXPORT_ALL)) {
    const target = resolveImport(file, m[2]!);
    const found = target && clientModuleExporting(target, name, depth + 1, true);
    if (found) return found;
  }
  return undefined;
}

function declares(text: string, name: string): boolean {
  if (name === 'default') return /\bexport\s+default\b/.test(text);
  const escaped = name.replace(/[$]/g, '\\$&');
  const declaration = new RegExp(`\\bexport\\s+(?:declare\\s+)?(?:async\\s+)?(?:function\\*?|class|const|let|var|enum)\\s+${escaped}(?![\\w$])`);
  const list = new RegExp(`\\bexport\\s*\\{[^}]*(?<![\\w$])${escaped}(?![\\w$])[^}]*\\}(?!\\s*from)`);
  return declaration.test(text) || list.test(text);
}
