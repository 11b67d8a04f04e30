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

/** Where offset `index` of a map's JSON text sits inside its sources, or undefined when outside sourcesContent. */
export function positionInSourcesContent(text: string, spans: ReadonlyArray<Span | undefined>, index: number): ContentPosition | undefined {
  const sourceIndex = spans.findIndex((s) => s !== undefined && s.start < index && index < s.end);
  if (sourceIndex === -1) return undefined;
  let before: string;
  try {
    // The key is preceded by a complete character (the matcher's boundary rules that out of an escape).
    before = JSON.parse(`${text.slice(spans[sourceIndex]!.start, index)}"`) as string;
  } catch {
    return undefined;
  }
  const lineStart = before.lastIndexOf('\n') + 1;
  return { sourceIndex, line: before.split('\n').length - 1, column: before.length - lineStart };
}
