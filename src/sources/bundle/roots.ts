import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ScanError, fsReason } from '../../errors.js';

/** What the browser can download from a build: script, style, markup, data, payloads, maps. */
export const BUNDLE_EXTENSIONS = ['js', 'mjs', 'cjs', 'css', 'html', 'json', 'rsc', 'txt', 'map'] as const;
const ALL_FILES = `**/*.{${BUNDLE_EXTENSIONS.join(',')}}`;

/** A folder of client output and which of its files the browser can fetch. */
export interface BundleRoot {
  /** Absolute folder. */
  dir: string;
  /** fast-glob patterns relative to `dir`. */
  patterns: string[];
  /** fast-glob ignore patterns relative to `dir`. */
  ignore: string[];
  /** How the stderr line names it, e.g. "Next.js client output". */
  label: string;
  /** Where bundler-relative sources (`webpack://app/./src/x.ts`, `turbopack:///[project]/…`) live. */
  projectDir: string;
  /** Said on stderr next to the root, e.g. which server folder was left out. */
  notes: string[];
}

/**
 * Next.js keeps client and server output in one folder. The browser downloads static/, and
 * the prerendered pages, RSC payloads, route handler bodies and their headers (.meta) under
 * server/app, plus the pages router's HTML and getStaticProps data (served as /_next/data).
 * The rest of server/ is server code and manifests, which never leave the server.
 */
const NEXT_PATTERNS = [`static/${ALL_FILES}`, 'server/app/**/*.{html,rsc,body,meta}', 'server/pages/**/*.{html,json}'];
const NEXT_IGNORE = ['server/pages/**/*-manifest.json', 'server/pages/**/*.nft.json'];

/** Where frameworks put client output, relative to the project folder, in the order they are printed. */
const KNOWN_ROOTS: ReadonlyArray<{ rel: string; label: string }> = [
  { rel: '.next', label: 'Next.js build' },
  { rel: 'out', label: 'static export' },
  { rel: 'dist', label: 'Vite/Astro/Expo build' },
  { rel: 'build', label: 'Create React App build' },
  { rel: '.svelte-kit/output/client', label: 'SvelteKit client build' },
  { rel: '.output/public', label: 'Nuxt public output' },
  { rel: '.vercel/output/static', label: 'Vercel static output' },
];

export const KNOWN_ROOT_NAMES = KNOWN_ROOTS.map((r) => r.rel);

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}

/** A Next.js dist folder, whatever `distDir` calls it: BUILD_ID (or the name .next) beside server/. */
async function isNextDist(dir: string): Promise<boolean> {
  if (!(await isDir(path.join(dir, 'server'))) && !(await isDir(path.join(dir, 'static')))) return false;
  return path.basename(dir) === '.next' || (await isFile(path.join(dir, 'BUILD_ID')));
}

/** How to scan one folder of build output. */
async function describeFolder(dir: string, projectDir: string, label: string): Promise<BundleRoot> {
  if (await isNextDist(dir)) {
    const notes = ['static/, prerendered pages and RSC payloads; the rest of server/ is server code'];
    if (!(await isFile(path.join(dir, 'BUILD_ID')))) notes.push('no BUILD_ID: a dev build? run `next build` to scan what ships');
    return { dir, patterns: NEXT_PATTERNS, ignore: NEXT_IGNORE, label: 'Next.js build', projectDir, notes };
  }
  // SSR builds (Astro, SvelteKit adapter-node, Remix, Vite SSR) split output into client/ and
  // server/: only client/ is served, and server code may legitimately hold its own secrets.
  if ((await isDir(path.join(dir, 'client'))) && (await isDir(path.join(dir, 'server')))) {
    return { dir: path.join(dir, 'client'), patterns: [ALL_FILES], ignore: [], label, projectDir, notes: ['server/ left out: server code'] };
  }
  return { dir, patterns: [ALL_FILES], ignore: [], label, projectDir, notes: [] };
}

async function knownRootsIn(projectDir: string): Promise<BundleRoot[]> {
  const roots: BundleRoot[] = [];
  for (const known of KNOWN_ROOTS) {
    const dir = path.join(projectDir, known.rel);
    if (await isDir(dir)) roots.push(await describeFolder(dir, projectDir, known.label));
  }
  return roots;
}

const noOutputHint = (where: string) =>
  `no build output found in ${where} (looked for ${KNOWN_ROOT_NAMES.join(', ')}): run your build first (e.g. npm run build), or name the folder: cencori-scan bundle DIR`;

/**
 * The folders to scan. Without DIRs: the known client output folders under cwd. A DIR that is
 * a project folder (package.json and node_modules) is searched the same way; any other DIR is
 * build output and scanned whole, except that a Next.js dist folder keeps its server code out.
 */
export async function findBundleRoots(cwd: string, dirs: readonly string[]): Promise<BundleRoot[]> {
  if (dirs.length === 0) {
    const roots = await knownRootsIn(cwd);
    if (roots.length === 0) throw new ScanError(noOutputHint('the current folder'));
    return roots;
  }
  const roots: BundleRoot[] = [];
  for (const given of dirs) {
    const dir = path.resolve(cwd, given);
    const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
      throw new ScanError(`cannot read ${given}: ${fsReason(error)}`);
    });
    if (!info.isDirectory()) throw new ScanError(`${given} is not a folder: bundle scans a build output folder (cencori-scan files scans single files)`);
    const isProject = (await isFile(path.join(dir, 'package.json'))) && (await isDir(path.join(dir, 'node_modules')));
    if (isProject) {
      const found = await knownRootsIn(dir);
      if (found.length === 0) throw new ScanError(noOutputHint(given));
      roots.push(...found);
    } else {
      roots.push(await describeFolder(dir, path.dirname(dir), 'build output'));
    }
  }
  return roots;
}
