import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE_NAME, VERSION } from './version.js';

/**
 * The parser `configs.recommended` brings, so that the README's one-line config lints a
 * TypeScript app as it is: flat config parses every file with espree unless a config says
 * otherwise, and espree cannot read TypeScript, so without this a `.ts` file is a parsing error.
 *
 * It picks by file name: TypeScript files go to @typescript-eslint/parser (the parser
 * typescript-eslint's own configs set); Vue, Svelte and Astro files to their projects' parsers,
 * found from the project; everything else to espree, ESLint's default, with JSX on as
 * eslint-plugin-react's flat configs set it. A config after `configs.recommended` that sets a
 * parser replaces this one, as any later flat config does.
 */

interface ParseResult {
  ast: unknown;
  scopeManager?: unknown;
  visitorKeys?: unknown;
  services?: unknown;
}
interface Delegate {
  parseForESLint?(code: string, options: Record<string, unknown>): ParseResult;
  parse?(code: string, options: Record<string, unknown>): unknown;
}

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/i;
const JSX = /\.jsx$/i;
/** Markup formats whose parser ships with the framework's ESLint setup, never with us. */
const MARKUP_PARSERS: Record<string, string> = {
  '.vue': 'vue-eslint-parser',
  '.svelte': 'svelte-eslint-parser',
  '.astro': 'astro-eslint-parser',
};

const ownRequire = createRequire(import.meta.url);
const loaded = new Map<string, Delegate>();

/** A parser module, loaded once: the project's own copy first (it is what its configs use), then ours. */
function load(name: string): Delegate {
  let parser = loaded.get(name);
  if (parser) return parser;
  let resolved: string | undefined;
  for (const from of [path.join(process.cwd(), 'package.json'), import.meta.url]) {
    resolved = resolveFrom(from, name);
    if (resolved !== undefined) break;
  }
  if (resolved === undefined) {
    throw new Error(`eslint-plugin-cencori: ${name} is needed to parse this file and is not installed (npm install --save-dev ${name}), or give these files a parser in your ESLint config.`);
  }
  let module: Delegate & { default?: Delegate };
  try {
    module = ownRequire(resolved) as Delegate & { default?: Delegate };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
    throw new Error(`eslint-plugin-cencori: ${name} is an ES module this Node cannot load synchronously (${code}); use Node >= 20.19, or give these files a parser in your ESLint config.`);
  }
  parser = module.parseForESLint || module.parse ? module : (module.default ?? module);
  loaded.set(name, parser);
  return parser;
}

/**
 * Where `name` resolves from `from`. Parsers that ship as ES modules only (astro-eslint-parser 2
 * and later export "." for `import` alone) are not found by require's resolution: their entry is
 * then read from their package.json's exports, and Node (>= 20.19) requires an ES module graph
 * without top-level await as it requires CommonJS.
 */
function resolveFrom(from: string, name: string): string | undefined {
  const require = createRequire(from);
  try {
    return require.resolve(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
  }
  try {
    const manifest = require.resolve(`${name}/package.json`);
    const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown };
    const entry = importEntry(typeof exports === 'object' && exports !== null && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports);
    return entry === undefined ? undefined : path.join(path.dirname(manifest), entry);
  } catch {
    return undefined; // its package.json is not exported either: not loadable by path
  }
}

/** The file an exports entry gives for `import`, following nested conditions (node, import, default). */
function importEntry(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  for (const condition of ['node', 'import', 'default']) {
    const found = importEntry((entry as Record<string, unknown>)[condition]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function parseWith(parser: Delegate, code: string, options: Record<string, unknown>): ParseResult {
  if (parser.parseForESLint) return parser.parseForESLint(code, options);
  return { ast: parser.parse!(code, options) };
}

interface Espree {
  latestEcmaVersion: number;
  parse(code: string, options: Record<string, unknown>): unknown;
}

function parseJavaScript(code: string, options: Record<string, unknown>, filePath: string): ParseResult {
  const espree = load('espree') as unknown as Espree;
  const ecmaFeatures = (options.ecmaFeatures ?? {}) as Record<string, unknown>;
  // ESLint hands over its own newest ecmaVersion, which an older espree would refuse.
  const ecmaVersion = typeof options.ecmaVersion === 'number' && options.ecmaVersion > espree.latestEcmaVersion + 2009 ? 'latest' : options.ecmaVersion;
  const jsx = JSX.test(filePath) || ecmaFeatures.jsx !== false;
  // No scope manager in the result: ESLint then builds the scopes itself, exactly as for its default parser.
  return { ast: espree.parse(code, { ...options, ecmaVersion, ecmaFeatures: { ...ecmaFeatures, jsx } }) };
}

export const parser = {
  meta: { name: `${PACKAGE_NAME}/parser`, version: VERSION },
  parseForESLint(code: string, options: Record<string, unknown> = {}): ParseResult {
    const filePath = typeof options.filePath === 'string' ? options.filePath : '';
    if (TYPESCRIPT.test(filePath)) return parseWith(load('@typescript-eslint/parser'), code, options);
    const markup = MARKUP_PARSERS[path.extname(filePath).toLowerCase()];
    if (markup) return parseWith(load(markup), code, options);
    return parseJavaScript(code, options, filePath);
  },
};
