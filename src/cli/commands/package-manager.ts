import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface PackageManager {
  name: 'npm' | 'pnpm' | 'yarn' | 'bun';
  /** Arguments that add husky 9 as a dev dependency. */
  addDev: string[];
  /** What told us: the packageManager field or a lock file. */
  why: string;
  /** One clause: how to get this manager. */
  installHint: string;
}

const MANAGERS: Record<PackageManager['name'], Omit<PackageManager, 'why'>> = {
  npm: { name: 'npm', addDev: ['install', '--save-dev', '--no-audit', '--no-fund', 'husky@^9'], installHint: 'install Node.js with npm (https://nodejs.org)' },
  pnpm: { name: 'pnpm', addDev: ['add', '--save-dev', 'husky@^9'], installHint: 'install it ("corepack enable pnpm" or "npm install -g pnpm")' },
  yarn: { name: 'yarn', addDev: ['add', '--dev', 'husky@^9'], installHint: 'install it ("corepack enable yarn" or "npm install -g yarn")' },
  bun: { name: 'bun', addDev: ['add', '--dev', 'husky@^9'], installHint: 'install it (https://bun.sh, or "npm install -g bun")' },
};

/** Lock files, in the order a project that has several most likely means. */
const LOCK_FILES: Array<[string, PackageManager['name']]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/**
 * The project's package manager: the `packageManager` field of package.json (what corepack
 * obeys, "pnpm@9.12.0"), else the lock file, else npm.
 */
export function packageManagerOf(root: string): PackageManager {
  let field: unknown;
  try {
    field = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { packageManager?: unknown }).packageManager;
  } catch {
    field = undefined;
  }
  const named = typeof field === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(field)?.[1] : undefined;
  if (named) return withWorkspace(root, { ...MANAGERS[named as PackageManager['name']], why: `"packageManager": "${String(field)}" in package.json` });
  for (const [file, name] of LOCK_FILES) {
    if (existsSync(path.join(root, file))) return withWorkspace(root, { ...MANAGERS[name], why: file });
  }
  return { ...MANAGERS.npm, why: 'no lock file' };
}

/** pnpm refuses to add to a workspace root without -w. */
function withWorkspace(root: string, pm: PackageManager): PackageManager {
  if (pm.name === 'pnpm' && existsSync(path.join(root, 'pnpm-workspace.yaml'))) return { ...pm, addDev: [...pm.addDev, '--workspace-root'] };
  return pm;
}
