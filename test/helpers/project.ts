import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TempProject {
  /** Real path of the project directory (symlinks resolved, as ESLint sees files). */
  readonly dir: string;
  /** Absolute path of a file in the project. */
  path(relative: string): string;
  /** Writes a file (creating directories) and returns its absolute path. */
  write(relative: string, text: string): string;
  cleanup(): void;
}

/** A throwaway project on disk: a package.json plus the given files. Call cleanup() after. */
export function createProject(files: Record<string, string> = {}, packageJson: object = { name: 'fixture-app', private: true }): TempProject {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cencori-project-')));
  const project: TempProject = {
    dir,
    path: (relative) => path.join(dir, relative),
    write(relative, text) {
      const file = path.join(dir, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  project.write('package.json', JSON.stringify(packageJson));
  for (const [relative, text] of Object.entries(files)) project.write(relative, text);
  return project;
}

/** package.json of a Next.js app: app/ and pages/ follow Next's rules only when `next` is a dependency. */
export const NEXT_PACKAGE = { name: 'next-app', private: true, dependencies: { next: '^15.0.0', react: '^19.0.0' } };
