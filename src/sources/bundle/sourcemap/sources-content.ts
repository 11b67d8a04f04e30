/**
 * Finds which `sourcesContent` entry of a source map's raw JSON text an offset falls in, without
 * a full JSON parse of positions: a small scanner over the top-level object that records where
 * each entry's string starts and ends. Sectioned (indexed) maps have no top-level sourcesContent.
 */
export interface Span {
  start: number;
  end: number;
}

function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /[\s,:]/.test(text[i]!)) i++;
  return i;
}

function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c !== '{' && c !== '[') {
    while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text[i];
    if (d === '"') i = skipString(text, i) - 1;
    else if (d === '{' || d === '[') depth++;
    else if ((d === '}' || d === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Where each sourcesContent string sits in the map's text (undefined for a null entry). */
export function sourcesContentSpans(text: string): Array<Span | undefined> {
  let i = skipSpace(text, text.indexOf('{') + 1);
  while (i < text.length && text[i] === '"') {
    const keyEnd = skipString(text, i);
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (key === 'sourcesContent' && text[i] === '[') {
      const spans: Array<Span | undefined> = [];
      for (i = skipSpace(text, i + 1); i < text.length && text[i] !== ']'; i = skipSpace(text, i)) {
        const end = skipValue(text, i);
        spans.push(text[i] === '"' ? { start: i, end } : undefined);
        i = end;
      }
      return spans;
    }
    i = skipSpace(text, skipValue(text, i));
  }
  return [];
}

export interface ContentPosition {
  /** Index into `sources` / `sourcesContent`. */
  sourceIndex: number;
  /** 0-based line and UTF-16 column inside that source. */
  line: number;
  column: number;
}

/**
 * Where offsets of a map's JSON text sit inside its sources. Keeps a cursor, so a run of
 * increasing offsets (the keys found in one map, in text order) costs one pass over the text, not
 * one decode of the content before each key: 20,000 keys in one source stay linear.
 */
export class SourcesContentLocator {
  readonly #text: string;
  readonly #spans: ReadonlyArray<Span | undefined>;
  readonly #strings: Array<{ span: Span; sourceIndex: number }>;
  #at = { sourceIndex: -1, raw: 0, line: 0, column: 0 };

  constructor(text: string, spans: ReadonlyArray<Span | undefined>) {
    this.#text = text;
    this.#spans = spans;
    this.#strings = spans.flatMap((span, sourceIndex) => (span === undefined ? [] : [{ span, sourceIndex }]));
  }

  /** Where offset `index` sits, or undefined when outside sourcesContent or inside an escape. */
  locate(index: number): ContentPosition | undefined {
    const sourceIndex = this.#spanAt(index);
    if (sourceIndex === -1) return undefined;
    const at = this.#at;
    if (at.sourceIndex !== sourceIndex || at.raw > index) Object.assign(at, { sourceIndex, raw: this.#spans[sourceIndex]!.start + 1, line: 0, column: 0 });
    const text = this.#text;
    // JSON string escapes (RFC 8259 §7): one decoded UTF-16 unit each; only \n and \u000a break a
    // line, as the lines the source is later split into break on \n.
    while (at.raw < index) {
      if (text.charCodeAt(at.raw) !== 92) {
        at.raw++;
        at.column++;
        continue;
      }
      const kind = text[at.raw + 1];
      const breaks = kind === 'n' || (kind === 'u' && text.slice(at.raw + 2, at.raw + 6).toLowerCase() === '000a');
      at.raw += kind === 'u' ? 6 : 2;
      if (breaks) {
        at.line++;
        at.column = 0;
      } else at.column++;
    }
    // The key is preceded by a complete character (the matcher's boundary rules that out of an escape).
    if (at.raw !== index) return undefined;
    return { sourceIndex, line: at.line, column: at.column };
  }

  #spanAt(index: number): number {
    // Spans are in text order and disjoint: binary search over the non-null ones.
    const strings = this.#strings;
    let low = 0;
    let high = strings.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const { span, sourceIndex } = strings[mid]!;
      if (index <= span.start) high = mid - 1;
      else if (index >= span.end) low = mid + 1;
      else return sourceIndex;
    }
    return -1;
  }
}
