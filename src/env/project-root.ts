import { existsSync, readFileSync } from 'node:fs';
import { FileCache } from './file-cache.js';
import path from 'node:path';

/**
 * The project a file belongs to: the nearest directory, from the file up, with a package.json.
 * Walked afresh on every call, one existsSync per level: a package.json created nearer the file
 * mid-session (an editor's long-lived process) changes the answer at once, which a directory ->
 * root cache cannot see without the same stats. Rules ask only for files that need a project
 * (an env read, a client boundary to decide), so most files never pay it.
 */
export function projectRootOf(filename: string): string | undefined {
  for (let dir = path.dirname(path.resolve(filename)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const packageJsons = new FileCache<Record<string, unknown> | null>();

/** A project's package.json, parsed, following edits; null when missing or invalid. */
export function packageJsonOf(root: string): Record<string, unknown> | null {
  const file = path.join(root, 'package.json');
  return packageJsons.get(file, () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, null);
}

/** True when the project's package.json depends on `next`: only then do app/ and pages/ follow Next's rules. */
export function isNextProject(root: string): boolean {
  return dependsOn(root, 'next');
}

export function dependsOn(root: string, name: string): boolean {
  const pkg = packageJsonOf(root);
  if (!pkg || typeof pkg !== 'object') return false;
  return ['dependencies', 'devDependencies', 'peerDependencies'].some((field) => {
    const deps = pkg[field];
    return typeof deps === 'object' && deps !== null && name in deps;
  });
}

/** Forgets cached package.json files, for tests that build projects in place. */
export function clearProjectRootCache(): void {
  packageJsons.clear();
}
