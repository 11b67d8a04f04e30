import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FileCache } from './file-cache.js';
import { dependsOn, packageJsonOf } from './project-root.js';

/**
 * Where the .env files of one package come from, following each framework's own loading rules:
 * - Next.js loads them from the app directory only (the package);
 * - Vite from `envDir` (the package when unset), a plain string in vite.config resolved from the package;
 * - `dotenv -e <file>` in a package script (dotenv-cli) loads exactly that file, before the framework;
 * - anything else: every directory from the package up to the workspace root (the directory with
 *   pnpm-workspace.yaml, package.json `workspaces`, lerna.json, nx.json, turbo.json or rush.json,
 *   else the git root), nearest first, as monorepo tools that load a shared root .env do.
 */
export interface EnvSources {
  /** Directories whose .env, .env.local, .env.<mode>, .env.<mode>.local count, highest priority first. */
  readonly dirs: readonly string[];
  /** Files named explicitly (`dotenv -e`), loaded for every mode and before `dirs`. */
  readonly files: readonly string[];
}

const WORKSPACE_MARKERS = ['pnpm-workspace.yaml', 'lerna.json', 'nx.json', 'turbo.json', 'rush.json'];
const VITE_CONFIGS = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'vite.config.cjs', 'vite.config.cts'];
// `envDir: '../'` or `envDir: "../.."`: only a plain string is followed, never computed code.
const ENV_DIR = /\benvDir\s*:\s*(['"`])([^'"`\n$]*)\1/;
// `dotenv -e ../../.env.local`, `dotenv-cli -e .env.staging -e .env`, `dotenv -e=../.env --`.
const DOTENV_CLI = /(?:^|[\s;&|(])dotenv(?:-cli)?((?:\s+(?:-[ec](?:=|\s+)\S+|-\S+))+)/g;
const DOTENV_FILE_FLAG = /(?:^|\s)-e(?:=|\s+)(['"]?)([^\s'"]+)\1/g;

const configTexts = new FileCache<string>();

/** The directory with the workspace config above `root`, else the git root, else `root` itself. */
export function workspaceRootOf(root: string): string {
  let gitRoot: string | undefined;
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (WORKSPACE_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) return dir;
    if ((packageJsonOf(dir) as { workspaces?: unknown } | null)?.workspaces !== undefined) return dir;
    if (gitRoot === undefined && existsSync(path.join(dir, '.git'))) gitRoot = dir;
    if (gitRoot !== undefined) return gitRoot;
    if (path.dirname(dir) === dir) return root;
  }
}

function viteEnvDir(root: string): string | undefined {
  for (const name of VITE_CONFIGS) {
    const file = path.join(root, name);
    const text = configTexts.get(file, () => readFileSync(file, 'utf8'), '');
    const m = ENV_DIR.exec(text);
    if (m) return path.resolve(root, m[2]!);
    if (text) return root;
  }
  return undefined;
}

/** Files every `dotenv -e` in the package's scripts loads, resolved from the package. */
export function dotenvCliFiles(root: string): string[] {
  const scripts = (packageJsonOf(root) as { scripts?: Record<string, unknown> } | null)?.scripts;
  if (!scripts || typeof scripts !== 'object') return [];
  const files = new Set<string>();
  for (const script of Object.values(scripts)) {
    if (typeof script !== 'string') continue;
    for (const call of script.matchAll(DOTENV_CLI)) {
      for (const flag of call[1]!.matchAll(DOTENV_FILE_FLAG)) files.add(path.resolve(root, flag[2]!));
    }
  }
  return [...files];
}

export function envSourcesOf(root: string): EnvSources {
  const files = dotenvCliFiles(root);
  const viteDir = viteEnvDir(root);
  if (viteDir !== undefined) return { dirs: [viteDir], files };
  if (dependsOn(root, 'next')) return { dirs: [root], files };
  const top = workspaceRootOf(root);
  const dirs: string[] = [];
  for (let dir = root; ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (dir === top || path.dirname(dir) === dir) break;
  }
  return { dirs, files };
}
