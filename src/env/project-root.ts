import { existsSync, readFileSync } from 'node:fs';
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
    if (cached !== undefined) {
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

const nextProjects = new Map<string, boolean>();

/** True when the project's package.json depends on `next`: only then do app/ and pages/ follow Next's rules. */
export function isNextProject(root: string): boolean {
  let known = nextProjects.get(root);
  if (known === undefined) {
    known = dependsOn(root, 'next');
    nextProjects.set(root, known);
  }
  return known;
}

function dependsOn(root: string, name: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    return ['dependencies', 'devDependencies', 'peerDependencies'].some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && name in deps;
    });
  } catch {
    return false;
  }
}

/** Forgets cached roots, for tests that build projects in place. */
export function clearProjectRootCache(): void {
  rootByDir.clear();
  nextProjects.clear();
}
