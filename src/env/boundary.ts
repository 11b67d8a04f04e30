import path from 'node:path';
import picomatch from 'picomatch';
import { isNextProject, projectRootOf } from './project-root.js';

/**
 * Where a module runs.
 * - `client`: shipped to the browser ('use client', a `clientFiles` match).
 * - `pages`: a Next.js pages-router page: client code, except getServerSideProps, getStaticProps
 *   and getStaticPaths, which Next.js strips from the browser bundle.
 * - `server`: never shipped ('use server', route handlers, server components, API routes, middleware).
 * - `unknown`: no signal either way (a shared module with no directive).
 */
export type ModuleKind = 'client' | 'pages' | 'server' | 'unknown';

export interface Boundary {
  readonly kind: ModuleKind;
  /** Why, in words for a message: "it starts with 'use client'". */
  readonly reason: string;
}

export interface BoundaryOptions {
  /** Globs (relative to `cwd`) of files that are client code whatever their directives. */
  readonly clientFiles?: readonly string[];
  readonly cwd?: string;
}

// Next.js file conventions, relative to the project root (an optional src/ in front).
const PAGES_API = /^(?:src\/)?pages\/api\//;
const PAGES = /^(?:src\/)?pages\//;
const PAGES_SERVER_ONLY = /^(?:src\/)?pages\/_document\.[cm]?[jt]sx?$/;
const APP = /^(?:src\/)?app\//;
const ROUTE_HANDLER = /(?:^|\/)route\.[cm]?[jt]sx?$/;
const SERVER_ENTRY = /^(?:src\/)?(?:middleware|proxy|instrumentation)\.[cm]?[jt]sx?$/;
const SCRIPT = /\.[cm]?[jt]sx?$/;

const matcherCache = new Map<string, (file: string) => boolean>();

function clientFilesMatcher(globs: readonly string[]): (file: string) => boolean {
  const key = globs.join('\0');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matcherCache.set(key, matcher);
  }
  return matcher;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Where the module `filename` runs, from its directives, its path and the options. */
export function boundaryOf(filename: string, directives: readonly string[], options: BoundaryOptions = {}): Boundary {
  const absolute = path.resolve(options.cwd ?? process.cwd(), filename);
  if (directives.includes('use client')) return { kind: 'client', reason: "it starts with 'use client'" };
  if (directives.includes('use server')) return { kind: 'server', reason: "it starts with 'use server'" };
  if (options.clientFiles?.length) {
    const relative = toPosix(path.relative(options.cwd ?? process.cwd(), absolute));
    if (clientFilesMatcher(options.clientFiles)(relative)) return { kind: 'client', reason: 'it matches the clientFiles option' };
  }
  const root = projectRootOf(absolute);
  if (root === undefined || !SCRIPT.test(absolute) || !isNextProject(root)) return { kind: 'unknown', reason: '' };
  const relative = toPosix(path.relative(root, absolute));
  if (PAGES_API.test(relative)) return { kind: 'server', reason: 'it is a Next.js API route' };
  if (PAGES_SERVER_ONLY.test(relative)) return { kind: 'server', reason: 'pages/_document renders only on the server' };
  if (PAGES.test(relative)) return { kind: 'pages', reason: 'it is a Next.js pages-router page, outside getServerSideProps/getStaticProps/getStaticPaths' };
  if (APP.test(relative)) {
    if (ROUTE_HANDLER.test(relative)) return { kind: 'server', reason: 'it is a Next.js route handler' };
    return { kind: 'server', reason: 'it is a Next.js server component' };
  }
  if (SERVER_ENTRY.test(relative)) return { kind: 'server', reason: 'it is Next.js middleware' };
  return { kind: 'unknown', reason: '' };
}

/** The functions of a pages-router page that run only on the server (Next.js removes them from the client bundle). */
export const PAGES_SERVER_FUNCTIONS: ReadonlySet<string> = new Set(['getServerSideProps', 'getStaticProps', 'getStaticPaths']);
