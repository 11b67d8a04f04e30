import { existsSync, readFileSync } from 'node:fs';
import { FileCache } from './file-cache.js';
import path from 'node:path';

// Directory -> nearest directory holding a package.json (null: none up to the filesystem root).
// A lint run asks once per linted file; sibling files share the answer.
const rootByDir = new Map<string, string | null>();

/** The project a file belongs to: the nearest directory, from the file up, with a package.json. */
export function projectRootOf(filename: string): string | undefined {
  const start = path.dirname(path.resolve(filename));
  const visited: string[] = [];
  let dir = start;
  let root: string | null = null;
  for (;;) {
    const cached = rootByDir.get(dir);
    // A cached root whose package.json was deleted is no root any more.
    if (cached !== undefined && (cached === null || existsSync(path.join(cached, 'package.json')))) {
      root = cached;
      break;
    }
    visited.push(dir);
    if (existsSync(path.join(dir, 'package.json'))) {
      root = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of visited) rootByDir.set(d, root);
  return root ?? undefined;
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

/** Forgets cached roots, for tests that build projects in place. */
export function clearProjectRootCache(): void {
  rootByDir.clear();
  packageJsons.clear();
}
