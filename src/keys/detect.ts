import { classOf, type KeyClass } from './classify.js';
import { LineLocator } from './locate.js';
import { maskKeyParts } from './mask.js';
import { findKeys } from './matcher.js';
import { SecretValue } from './secret.js';

/** The inline marker that allows a finding on the same or the next line. */
export const ALLOW_MARKER = 'cencori-scan:allow';

/**
 * The one suppression rule, for the CLI and the ESLint rules alike: the marker on the finding's
 * own line, or alone on the line before (a comment above a long line).
 */
export function allowMarkerCovers(line: string, previousLine: string): boolean {
  return line.includes(ALLOW_MARKER) || previousLine.includes(ALLOW_MARKER);
}

export interface KeyHit extends KeyClass {
  readonly secret: SecretValue;
  /** 1-based, counted from the start of the scanned text plus `lineOffset`. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
  /** UTF-16 offset in the scanned text, for callers that map positions themselves. */
  readonly index: number;
  readonly length: number;
  /** The allow marker stands on this line or the line before. */
  readonly allowed: boolean;
}

export interface DetectOptions {
  /** Added to every line number: the scanned text starts at line `lineOffset + 1` of its file. */
  lineOffset?: number;
  /** Prepended context (e.g. the line before a diff hunk) to look for the allow marker in. */
  previousLine?: string;
}

/** Every real key in `text`, located and classified, the raw value wrapped in SecretValue. */
export function detectKeys(text: string, options: DetectOptions = {}): KeyHit[] {
  const matches = findKeys(text);
  if (matches.length === 0) return [];
  const locator = new LineLocator(text);
  const lineOffset = options.lineOffset ?? 0;
  return matches.map((m) => {
    const { line, column } = locator.position(m.index);
    const lineIndex = line - 1;
    const previous = lineIndex > 0 ? locator.lineText(lineIndex - 1) : (options.previousLine ?? '');
    const allowed = allowMarkerCovers(locator.lineText(lineIndex), previous);
    const body = m.key.slice(m.format.prefix.length);
    return {
      ...classOf(m.format),
      secret: new SecretValue(m.key, maskKeyParts(m.format.prefix, body)),
      line: line + lineOffset,
      column,
      index: m.index,
      length: m.key.length,
      allowed,
    };
  });
}
