import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FileCache } from './file-cache.js';
import { projectRootOf } from './project-root.js';

// Configs that can replace a read in client code with the value itself: next.config `env`, Vite `define`.
const INLINING_CONFIGS: ReadonlyArray<{ names: readonly string[]; option: RegExp }> = [
  { names: ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts'], option: /\benv\s*:/ },
  { names: ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'vite.config.cjs'], option: /\bdefine\b/ },
];
const configText = new FileCache<string>();

/**
 * Does a bundler config of the project holding `filename` name `variable` where it can inline
 * it (next.config `env`, Vite `define`)? A text check, not a parse: it only keeps a client read
 * from being called undefined in the browser when a config may inline it; no-secret-env-inlining
 * judges the config itself.
 */
export function configMayInline(filename: string, variable: string): boolean {
  const root = projectRootOf(filename);
  if (root === undefined) return false;
  const word = new RegExp(`(?<![\\w$])${variable.replace(/\$/g, '\\$')}(?![\\w$])`);
  for (const { names, option } of INLINING_CONFIGS) {
    for (const name of names) {
      const file = path.join(root, name);
      const text = configText.get(file, () => readFileSync(file, 'utf8'), '');
      if (option.test(text) && word.test(text)) return true;
    }
  }
  return false;
}
