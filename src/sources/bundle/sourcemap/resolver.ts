import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AnyMap, LEAST_UPPER_BOUND, originalPositionFor, sourceContentFor, type TraceMap } from '@jridgewell/trace-mapping';
import { ALLOW_MARKER, countCodePoints } from '../../../keys/index.js';
import type { OriginalSource } from '../../../scan/model.js';
import { displayPath } from '../../file-text.js';
import { followAlias, type SourcePoint } from './alias.js';
import { envVarAt } from '../../../env/env-read-text.js';
import { sourceMappingUrlOfFile } from './map-url.js';
import { readRegularFile } from './read-file.js';
import { SourcesContentLocator, sourcesContentSpans } from './sources-content.js';

/** Where a generated position came from. */
export interface TracedPosition {
  original: OriginalSource;
  /** An allow marker stands at the source: on (or above) the mapped line or the line the value was read on. */
  allowed: boolean;
}

/** A generated file's map, and the place its relative sources are resolved from. */
interface LoadedMap {
  map: TraceMap;
  projectDir: string;
}

/**
 * Reads generated positions back to source through source maps. Maps are found, read and
 * parsed only when a finding needs one, then kept for the rest of the run: a bundle's findings
 * usually share one map, and a large map costs far more to parse than to keep.
 */
export class SourceMapResolver {
  readonly #cwd: string;
  readonly #warn: (message: string) => void;
  readonly #maps = new Map<string, Promise<LoadedMap | undefined>>();
  readonly #sources = new Map<string, Promise<string[] | undefined>>();
  /** Map files scanned as text, parsed when a key is found in them; null when not a whole map. */
  readonly #mapTexts = new Map<string, ParsedMapText | null>();

  constructor(cwd: string, warn: (message: string) => void) {
    this.#cwd = cwd;
    this.#warn = warn;
  }

  /**
   * The original position of a generated one: `line` 1-based, `column` 0-based in UTF-16
   * units, as source maps count. `projectDir` is where bundler URLs such as
   * `webpack://app/./src/x.ts` and `turbopack:///[project]/src/x.ts` point.
   */
  async trace(generated: string, line: number, column: number, projectDir: string, keyPrefix = ''): Promise<TracedPosition | undefined> {
    let loaded = this.#maps.get(generated);
    if (loaded === undefined) {
      loaded = this.#load(generated, projectDir);
      this.#maps.set(generated, loaded);
    }
    const found = await loaded;
    if (found === undefined) return undefined;
    let pos = originalPositionFor(found.map, { line, column });
    // A key at the very start of a line has no segment before it; take the one after it.
    if (pos.source === null) pos = originalPositionFor(found.map, { line, column, bias: LEAST_UPPER_BOUND });
    if (pos.source === null) return undefined;
    const absolute = sourcePath(pos.source, found.projectDir);
    const lines = (await this.#sourceLines(found.map, pos.source, absolute)) ?? [];
    const mapped = { line: pos.line - 1, column: pos.column };
    // Maps point at the string literal; a key written in the source starts after its quote.
    const text = lines[mapped.line] ?? '';
    if (keyPrefix !== '' && /['"`]/.test(text[mapped.column] ?? '') && text.startsWith(keyPrefix, mapped.column + 1)) mapped.column++;
    return this.#describe(lines, mapped, absolute ?? pos.source);
  }

  /**
   * For a key inside a map file (its sourcesContent): the source it belongs to and where in it.
   * `index` is the key's UTF-16 offset in the map's text.
   */
  traceInMap(mapFile: string, text: string, index: number, projectDir: string): TracedPosition | undefined {
    let parsed = this.#mapTexts.get(mapFile);
    if (parsed === undefined) {
      parsed = parseMapText(text, mapFile);
      this.#mapTexts.set(mapFile, parsed);
    }
    if (parsed === null) return undefined;
    const at = parsed.locator.locate(index);
    const source = at && parsed.map.resolvedSources[at.sourceIndex];
    const content = at && parsed.map.sourcesContent?.[at.sourceIndex];
    if (at === undefined || source === undefined || content == null) return undefined;
    let lines = parsed.lines.get(at.sourceIndex);
    if (lines === undefined) parsed.lines.set(at.sourceIndex, (lines = splitLines(content)));
    return this.#describe(lines, at, sourcePath(source, projectDir) ?? source);
  }

  /** Where the value at `mapped` (0-based) came in — the env read, the literal — which is what has to change. */
  #describe(lines: readonly string[], mapped: SourcePoint, source: string): TracedPosition {
    const readsEnv = (p: SourcePoint) => envVarAt(lines[p.line] ?? '', p.column) !== undefined;
    const origin = followAlias(lines, mapped, readsEnv);
    const originText = lines[origin.line] ?? '';
    const envVar = envVarAt(originText, origin.column);
    const allowed = [mapped.line, mapped.line - 1, origin.line, origin.line - 1].some((l) => lines[l]?.includes(ALLOW_MARKER) ?? false);
    return {
      original: {
        file: path.isAbsolute(source) ? displayPath(source, this.#cwd, path) : source,
        line: origin.line + 1,
        column: countCodePoints(originText, 0, origin.column) + 1,
        ...(envVar === undefined ? {} : { envVar }),
      },
      allowed,
    };
  }

  async #load(generated: string, projectDir: string): Promise<LoadedMap | undefined> {
    const shown = displayPath(generated, this.#cwd, path);
    const url = await sourceMappingUrlOfFile(generated).catch(() => undefined);
    if (url?.startsWith('data:')) {
      const text = decodeDataUrl(url);
      if (text === undefined) {
        this.#warn(`${shown}: unreadable inline source map`);
        return undefined;
      }
      return this.#parse(text, generated, shown, projectDir);
    }
    // Remote maps are never fetched; bundlers that name one usually keep a copy beside the file.
    const named = url === undefined ? undefined : localMapPath(url, generated);
    for (const candidate of [named, `${generated}.map`]) {
      if (candidate === undefined) continue;
      const text = await readRegularFile(candidate);
      if (text !== undefined) return this.#parse(text, candidate, displayPath(candidate, this.#cwd, path), projectDir);
    }
    if (named !== undefined) this.#warn(`${shown}: its source map ${displayPath(named, this.#cwd, path)} is missing, so findings there are not traced to source`);
    return undefined;
  }

  #parse(text: string, mapFile: string, shown: string, projectDir: string): LoadedMap | undefined {
    try {
      const json = JSON.parse(stripXssiPrefix(text)) as ConstructorParameters<typeof AnyMap>[0];
      return { map: new AnyMap(json, pathToFileURL(mapFile).href), projectDir };
    } catch (error) {
      // JSON.parse quotes the text it choked on, and the file may not be a map at all: never echo it.
      const reason = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message.split('\n')[0];
      this.#warn(`${shown}: invalid source map (${reason})`);
      return undefined;
    }
  }

  async #sourceLines(map: TraceMap, source: string, absolute: string | undefined): Promise<string[] | undefined> {
    const key = `${absolute ?? source}`;
    let lines = this.#sources.get(key);
    if (lines === undefined) {
      const content = sourceContentFor(map, source);
      lines =
        content !== null
          ? Promise.resolve(splitLines(content))
          : absolute === undefined
            ? Promise.resolve(undefined)
            : readRegularFile(absolute).then((text) => (text === undefined ? undefined : splitLines(text)));
      this.#sources.set(key, lines);
    }
    return lines;
  }
}

/**
 * A .map file's own text as a map, or null when it is not one whole map (a piece of a file too
 * large to read at once, or not JSON): then its keys are reported where they sit, untraced.
 */
/** A map file scanned as text: its parsed map, where its sources sit in the text, their lines once split. */
interface ParsedMapText {
  map: TraceMap;
  locator: SourcesContentLocator;
  lines: Map<number, string[]>;
}

function parseMapText(text: string, mapFile: string): ParsedMapText | null {
  try {
    const map = new AnyMap(JSON.parse(stripXssiPrefix(text)) as ConstructorParameters<typeof AnyMap>[0], pathToFileURL(mapFile).href);
    return { map, locator: new SourcesContentLocator(text, sourcesContentSpans(text)), lines: new Map() };
  } catch {
    return null;
  }
}

/** The spec allows a `)]}'` first line against XSSI; JSON.parse does not. */
function stripXssiPrefix(text: string): string {
  return text.startsWith(')]}') ? text.slice(text.indexOf('\n') + 1) : text;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** `data:application/json;charset=utf-8;base64,…` or its percent-encoded form. */
function decodeDataUrl(url: string): string | undefined {
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  try {
    return meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
  } catch {
    return undefined;
  }
}

function localMapPath(url: string, generated: string): string | undefined {
  if (url.startsWith('file:')) return fileURLToPath(url);
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return undefined;
  try {
    return path.resolve(path.dirname(generated), decodeURIComponent(url.replace(/[?#].*$/, '')));
  } catch {
    return undefined;
  }
}

/**
 * A map's source as a path on disk, or undefined for virtual modules. trace-mapping has
 * already resolved relative sources against the map's file URL and sourceRoot; bundler
 * schemes are relative to the project folder.
 */
function sourcePath(source: string, projectDir: string): string | undefined {
  if (source.startsWith('file:')) return fileURLToPath(source);
  const bundlerRelative = /^webpack:\/\/[^/]*\/(.+)$/.exec(source) ?? /^turbopack:\/\/\/\[project\]\/(.+)$/.exec(source);
  if (bundlerRelative) return path.resolve(projectDir, bundlerRelative[1]!.replace(/\?.*$/, ''));
  return path.isAbsolute(source) ? source : undefined;
}
