import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyKey, findKeys, maskKey } from '../keys/index.js';
import { parseDotenv, type DotenvEntry } from './dotenv-parse.js';
import { expandAll, type ExpandableValue } from './expand.js';
import { FileCache, fileSignature } from './file-cache.js';
import { projectRootOf } from './project-root.js';
import { envSourcesOf } from './env-sources.js';

/**
 * Every NODE_ENV a lint should consider: a key in .env.production ships as surely as one in
 * .env.development, and the linter cannot know which build runs. Other modes are added when
 * their files exist (`vite build --mode staging` loads .env.staging).
 */
export const DOTENV_MODES = ['development', 'production', 'test'] as const;
export type DotenvMode = (typeof DOTENV_MODES)[number];

/**
 * The files Next.js loads for a mode, highest priority first (the first to define a name wins).
 * Next.js skips .env.local for `test` so tests are reproducible; Vite loads it in every mode,
 * so it counts here for all of them.
 */
export function dotenvFilesFor(mode: string): string[] {
  return [`.env.${mode}.local`, '.env.local', `.env.${mode}`, '.env'];
}

// `.env.<mode>` and `.env.<mode>.local`; no bundler loads templates and backups, which hold
// placeholders or stale copies (the CLI scans those files for keys).
const DOTENV_FILE = /^\.env(?:\.([A-Za-z0-9_-]+))?(\.local)?$/;
const NOT_A_MODE = new Set(['example', 'sample', 'template', 'defaults', 'dist', 'bak', 'backup', 'orig', 'old', 'save', 'swp', 'vault', 'keys', 'me']);

/** The .env files in a directory a bundler may load, and the modes they stand for. */
function dotenvLayout(names: readonly string[]): { files: string[]; modes: string[] } {
  const files: string[] = [];
  const modes = new Set<string>(DOTENV_MODES);
  for (const name of names) {
    const m = DOTENV_FILE.exec(name);
    if (!m) continue;
    const mode = m[1];
    if (mode === 'local' && !m[2]) {
      files.push(name);
      continue;
    }
    if (mode !== undefined && NOT_A_MODE.has(mode)) continue;
    if (mode !== undefined) modes.add(mode);
    files.push(name);
  }
  return { files: files.sort(), modes: [...modes] };
}

/** What a project's .env files say about one variable. */
export interface EnvEvidence {
  readonly name: string;
  /** `secret` when the (expanded) value holds a Cencori secret key, `publishable` for a publishable key only. */
  readonly kind: 'secret' | 'publishable';
  /** Path of the defining .env file, relative to the project root (e.g. `.env.local`). */
  readonly file: string;
  readonly line: number;
  /** The key, masked as the dashboard shows it: never the key itself. */
  readonly masked: string;
  /** Set when the value is a `$VAR` reference: the name it expanded through. */
  readonly via?: string;
}

export interface ProjectEnv {
  /** Nearest directory with a package.json, or undefined when the file is in no project. Evidence paths are relative to it. */
  readonly root: string | undefined;
  /** Variables whose .env value is a Cencori key, in any mode. */
  readonly vars: ReadonlyMap<string, EnvEvidence>;
  /** The `secret` ones among `vars`. */
  readonly secrets: ReadonlyMap<string, EnvEvidence>;
  /** Variables a .env file sets to a non-empty value holding no Cencori key (`CENCORI_SKIP_VERIFY=1`), with where. */
  readonly plain: ReadonlyMap<string, { readonly file: string; readonly line: number }>;
}

// Parsed .env files, reused across the files of a lint run and across runs in an editor
// process; a file whose signature changed is read again, so an edit is seen at once.
const fileCache = new FileCache<DotenvEntry[]>();
// Project root -> the result, valid while the signature of every .env file holds.
const projectCache = new Map<string, { signature: string; result: ProjectEnv }>();
// Directory -> its .env entries, re-listed when the directory changes (a file added or removed).
const listingCache = new FileCache<string[]>();

const NO_PROJECT: ProjectEnv = { root: undefined, vars: new Map(), secrets: new Map(), plain: new Map() };

function listDir(root: string): string[] {
  return listingCache.get(root, () => readdirSync(root).filter((name) => name.startsWith('.env')), []);
}

/** One .env file a package loads: its absolute path, its name for messages, and the modes it serves. */
interface LoadedFile {
  readonly file: string;
  readonly display: string;
  /** undefined: every mode (a `dotenv -e` file); else the file name, matched per mode. */
  readonly name?: string;
}

/** What the .env files the package holding `filename` loads say about its variables (see env-sources). */
export function projectEnvFor(filename: string): ProjectEnv {
  const root = projectRootOf(filename);
  if (root === undefined) return NO_PROJECT;
  const sources = envSourcesOf(root);
  const display = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const loaded: LoadedFile[][] = [sources.files.map((file) => ({ file, display: display(file) }))];
  const modes = new Set<string>(DOTENV_MODES);
  for (const dir of sources.dirs) {
    const layout = dotenvLayout(listDir(dir));
    for (const mode of layout.modes) modes.add(mode);
    loaded.push(layout.files.map((name) => ({ file: path.join(dir, name), display: display(path.join(dir, name)), name })));
  }
  const all = loaded.flat();
  const signature = all.map((f) => `${f.file}:${fileSignature(f.file) ?? '-'}`).join('|');
  const cached = projectCache.get(root);
  if (cached?.signature === signature) return cached.result;

  const entries = new Map<string, DotenvEntry[]>();
  for (const f of all) entries.set(f.file, fileCache.get(f.file, () => parseDotenv(readFileSync(f.file, 'utf8')), []));
  const plain = new Map<string, { file: string; line: number }>();
  const vars = evidenceFrom(loaded, entries, [...modes], plain);
  for (const name of vars.keys()) plain.delete(name);
  const secrets = new Map([...vars].filter(([, evidence]) => evidence.kind === 'secret'));
  const result: ProjectEnv = { root, vars, secrets, plain };
  projectCache.set(root, { signature, result });
  return result;
}

/**
 * Names whose value in the project's .env files is a Cencori secret key, directly or through
 * `$VAR` expansion (e.g. `NEXT_PUBLIC_X=$CENCORI_API_KEY`), with where that is written.
 */
export function secretEnvVarsFor(filename: string): ReadonlyMap<string, EnvEvidence> {
  return projectEnvFor(filename).secrets;
}

/** ".env.local:3 sets it to csk_ab12..." or "... to $CENCORI_API_KEY (csk_ab12...)": for messages, masked. */
export function describeEvidence(evidence: EnvEvidence): string {
  const value = evidence.via ? `$${evidence.via} (${evidence.masked})` : evidence.masked;
  return `${evidence.file}:${evidence.line} sets it to ${value}`;
}

/** The files a mode loads, highest priority first: explicit files, then each directory's files in dotenv order. */
function filesForMode(loaded: readonly LoadedFile[][], mode: string): LoadedFile[] {
  const order = dotenvFilesFor(mode);
  return loaded.flatMap((group) =>
    group
      .filter((f) => f.name === undefined || order.includes(f.name))
      .sort((a, b) => (a.name === undefined ? -1 : order.indexOf(a.name)) - (b.name === undefined ? -1 : order.indexOf(b.name!))),
  );
}

function evidenceFrom(
  loaded: readonly LoadedFile[][],
  entries: ReadonlyMap<string, DotenvEntry[]>,
  modes: readonly string[],
  plain: Map<string, { file: string; line: number }>,
): Map<string, EnvEvidence> {
  const evidence = new Map<string, EnvEvidence>();
  for (const mode of modes) {
    const winners = new Map<string, { entry: DotenvEntry; file: string }>();
    for (const f of filesForMode(loaded, mode)) {
      for (const entry of entries.get(f.file) ?? []) if (!winners.has(entry.name)) winners.set(entry.name, { entry, file: f.display });
    }
    const raw = new Map<string, ExpandableValue>([...winners].map(([name, w]) => [name, w.entry]));
    const expandedAll = expandAll(raw);
    for (const [name, expanded] of expandedAll) {
      const found = keyIn(expanded.value);
      if (!found) {
        const { entry, file } = winners.get(name)!;
        if (expanded.value.trim() !== '' && !plain.has(name)) plain.set(name, { file, line: entry.line });
        continue;
      }
      const previous = evidence.get(name);
      // A secret in any mode outweighs a publishable key in another.
      if (previous && (previous.kind === 'secret' || found.kind === 'publishable')) continue;
      const { entry, file } = winners.get(name)!;
      const direct = keyIn(entry.value) !== undefined;
      evidence.set(name, {
        name,
        kind: found.kind,
        file,
        line: entry.line,
        masked: found.masked,
        ...(direct ? {} : { via: expanded.references.find((ref) => keyIn(expandedAll.get(ref)?.value ?? '')) ?? expanded.references[0] }),
      });
    }
  }
  return evidence;
}

function keyIn(value: string): { kind: 'secret' | 'publishable'; masked: string } | undefined {
  const keys = findKeys(value);
  const secret = keys.find((k) => k.format.kind === 'secret');
  const chosen = secret ?? keys[0];
  if (!chosen || !classifyKey(chosen.key)) return undefined;
  return { kind: chosen.format.kind, masked: maskKey(chosen.key) };
}
