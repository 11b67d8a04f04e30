import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FileCache } from './file-cache.js';
import { projectRootOf } from './project-root.js';

const NEXT_CONFIGS = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts'];
const configText = new FileCache<string>();

/**
 * Does the Next.js config of the project holding `filename` name `variable` (as an `env` entry
 * would)? A text check, not a parse: it only stops a client read from being called undefined
 * in the browser when the config may inline it; no-secret-env-inlining judges the config itself.
 */
export function nextConfigInlines(filename: string, variable: string): boolean {
  const root = projectRootOf(filename);
  if (root === undefined) return false;
  const word = new RegExp(`(?<![\\w$])${variable.replace(/\$/g, '\\$')}(?![\\w$])`);
  for (const name of NEXT_CONFIGS) {
    const file = path.join(root, name);
    const text = configText.get(file, () => readFileSync(file, 'utf8'), '');
    if (/\benv\s*:/.test(text) && word.test(text)) return true;
  }
  return false;
}
