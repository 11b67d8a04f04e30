import type { KeyClass } from './classify.js';
import type { KeyEncoding } from './base64.js';
import { maskKeyParts } from './mask.js';
import { findKeys, type KeyMatch } from './matcher.js';
import { SecretValue } from './secret.js';

/** The inline marker that allows a finding on the same or the next line. */
export const ALLOW_MARKER = 'cencori-scan:allow';

export interface KeyHit extends KeyClass {
  readonly secret: SecretValue;
  /** 1-based, counted from the start of the scanned text plus `lineOffset`. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
  /** UTF-16 offset in the scanned text (all chunks together), for callers that map positions themselves. */
  readonly index: number;
  /** Characters the hit covers: the key, or the base64 text that carries it. */
  readonly length: number;
  /** The allow marker stands on this line or the line before. */
  readonly allowed: boolean;
  /** How the key is written when not as itself, e.g. `base64`: the position is the encoded text's. */
  readonly encoding?: KeyEncoding;
}

export interface DetectOptions {
  /** Added to every line number: the scanned text starts at line `lineOffset + 1` of its file. */
  lineOffset?: number;
  /** Prepended context (e.g. the line before a diff hunk) to look for the allow marker in. */
  previousLine?: string;
}

/** Every real key in `text`, located and classified, the raw value wrapped in SecretValue. */
export function detectKeys(text: string, options: DetectOptions = {}): KeyHit[] {
  const detector = new KeyDetector(options);
  const hits = detector.push(text);
  // Not push(...): a spread of 200,000 hits overflows the call stack.
  for (const hit of detector.end()) hits.push(hit);
  return hits;
}

/**
 * Characters kept from one chunk for the next, after the last position decided: the longest span
 * a hit can cover (a key base64-encoded twice: 57 bytes → 80 → 112 characters) plus the
 * characters that decide its end boundary.
 */
const LOOKAHEAD = 160;
/** Characters kept before the first undecided position, for the start boundary (`\u003d`, also once decoded). */
const LOOKBEHIND = 16;

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/**
 * A line and column counter that only moves forward over the text it is shown. Line ends and
 * surrogate pairs are found by native searches whose results are kept until passed, so each
 * character is searched once whatever the number of hits: locating any number of hits costs one
 * pass. Columns count code points: a surrogate pair is one character.
 */
class Cursor {
  offset = 0;
  line = 0;
  column = 0;
  /** Absolute offset of the next line end at or after `offset`; -1: none before `#breaksTo`. */
  #nextBreak = -1;
  #breaksTo = 0;
  /** Absolute offset of the low half of the next surrogate pair; -1: none before `#pairsTo`. */
  #nextPair = -1;
  #pairsTo = 0;

  constructor(readonly columns: boolean) {}

  /** Moves to absolute offset `to`; `text` starts at absolute offset `textStart` and holds [offset, to). */
  advance(text: string, textStart: number, to: number): void {
    for (;;) {
      if (this.#nextBreak < this.offset) {
        const found = text.indexOf('\n', Math.max(this.offset, this.#breaksTo) - textStart);
        this.#nextBreak = found === -1 ? -1 : textStart + found;
        this.#breaksTo = found === -1 ? textStart + text.length : this.#nextBreak + 1;
      }
      if (this.#nextBreak === -1 || this.#nextBreak >= to) break;
      this.line++;
      this.column = 0;
      this.offset = this.#nextBreak + 1;
    }
    if (this.columns) {
      const pairs = this.#pairsBefore(text, textStart, to);
      this.column += to - this.offset - pairs;
    }
    this.offset = to;
  }

  /** Surrogate pairs whose low half lies in [offset, to). */
  #pairsBefore(text: string, textStart: number, to: number): number {
    let pairs = 0;
    let at = this.offset;
    for (;;) {
      if (this.#nextPair < at) {
        // From one before: a pair whose high half ends what was searched so far.
        SURROGATE_PAIR.lastIndex = Math.max(0, Math.max(at, this.#pairsTo) - 1 - textStart);
        const found = SURROGATE_PAIR.exec(text);
        this.#nextPair = found === null ? -1 : textStart + found.index + 1;
        this.#pairsTo = found === null ? textStart + text.length : this.#nextPair + 1;
      }
      if (this.#nextPair === -1 || this.#nextPair >= to) return pairs;
      pairs++;
      at = this.#nextPair + 1;
    }
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The key core over text that arrives in pieces (a line longer than memory allows, a stream).
 * Each piece is scanned together with the tail of the one before, so a key cut by a seam is found
 * once, where it is, with its line and column counted over everything pushed. Hits come out in
 * order once their line is complete (the allow marker may follow the key on its line).
 * Work is linear in the text pushed, whatever the number of keys, markers or seams.
 */
export class KeyDetector {
  readonly #lineOffset: number;
  /** Text not yet decided, and its absolute offset. */
  #carry = '';
  #carryStart = 0;
  /** Hits starting before this absolute offset have been taken. */
  #decidedTo = 0;
  readonly #hitCursor = new Cursor(true);
  /** Markers only need lines. */
  readonly #markerCursor = new Cursor(false);
  /** Markers starting before this absolute offset have been recorded. */
  #markersTo = 0;
  /** 0-based lines (relative to the text) that hold the marker; -1 is `previousLine`. */
  readonly #markerLines = new Set<number>();
  /** Hits whose line may still gain a marker, with their 0-based lines. */
  #pending: Array<Mutable<KeyHit>> = [];
  #pendingLines: number[] = [];

  constructor(options: DetectOptions = {}) {
    this.#lineOffset = options.lineOffset ?? 0;
    if (options.previousLine?.includes(ALLOW_MARKER)) this.#markerLines.add(-1);
  }

  /** Scans the next piece; returns the hits whose lines are complete. */
  push(chunk: string): KeyHit[] {
    const window = this.#carry + chunk;
    const windowStart = this.#carryStart;
    const cut = window.length - LOOKAHEAD - LOOKBEHIND;
    if (cut <= 0) {
      this.#carry = window;
      return [];
    }
    this.#take(window, windowStart, windowStart + cut + LOOKBEHIND);
    // Never between the halves of a surrogate pair: the next window must see the whole character.
    const high = window.charCodeAt(cut - 1);
    this.#drop(window, windowStart, high >= 0xd800 && high <= 0xdbff ? cut - 1 : cut);
    return this.#release(false);
  }

  /** The hits left once no more text follows. */
  end(): KeyHit[] {
    this.#take(this.#carry, this.#carryStart, undefined);
    this.#carryStart += this.#carry.length;
    this.#carry = '';
    return this.#release(true);
  }

  /** Records markers and hits of `window` up to absolute `decideTo` (everything when undefined). */
  #take(window: string, windowStart: number, decideTo: number | undefined): void {
    const windowEnd = windowStart + window.length;
    const markersTo = decideTo ?? windowEnd;
    for (let at = window.indexOf(ALLOW_MARKER, this.#markersTo - windowStart); at !== -1 && windowStart + at < markersTo; at = window.indexOf(ALLOW_MARKER, at + 1)) {
      this.#markerCursor.advance(window, windowStart, windowStart + at);
      this.#markerLines.add(this.#markerCursor.line);
    }
    this.#markersTo = Math.max(this.#markersTo, markersTo);
    const matches = findKeys(window);
    for (const m of matches) {
      const start = windowStart + m.index;
      if (start < this.#decidedTo) continue;
      if (decideTo !== undefined && start >= decideTo) break;
      this.#hitCursor.advance(window, windowStart, start);
      this.#pending.push(this.#hitOf(m, start));
      this.#pendingLines.push(this.#hitCursor.line);
    }
    this.#decidedTo = decideTo ?? windowEnd;
  }

  #hitOf(m: KeyMatch, start: number): Mutable<KeyHit> {
    const f = m.format;
    // A literal, not spreads: this runs once per hit and hostile input has millions.
    const hit: Mutable<KeyHit> = {
      prefix: f.prefix,
      kind: f.kind,
      environment: f.environment,
      legacy: f.legacy,
      agent: f.agent,
      description: f.description,
      formatId: f.id,
      secret: new SecretValue(m.key, maskKeyParts(f.prefix, m.key.slice(f.prefix.length))),
      line: this.#hitCursor.line + 1 + this.#lineOffset,
      column: this.#hitCursor.column + 1,
      index: start,
      length: m.length,
      allowed: false,
    };
    if (m.encoding) hit.encoding = m.encoding;
    return hit;
  }

  /** Keeps window[cut..] for the next piece; the cursors move past what is dropped. */
  #drop(window: string, windowStart: number, cut: number): void {
    const cutAt = windowStart + cut;
    if (this.#hitCursor.offset < cutAt) this.#hitCursor.advance(window, windowStart, cutAt);
    if (this.#markerCursor.offset < cutAt) this.#markerCursor.advance(window, windowStart, cutAt);
    this.#carry = window.slice(cut);
    this.#carryStart = cutAt;
  }

  /** Hits whose line cannot gain a marker any more (all of them at the end). */
  #release(all: boolean): KeyHit[] {
    // The marker cursor stands at or before #markersTo: lines before its line are complete.
    const openLine = all ? Infinity : this.#markerCursorLineAt();
    const lines = this.#pendingLines;
    let n = 0;
    while (n < lines.length && lines[n]! < openLine) n++;
    if (n === 0) return [];
    const done = n === lines.length ? this.#pending : this.#pending.slice(0, n);
    for (let i = 0; i < n; i++) done[i]!.allowed = this.#markerLines.has(lines[i]!) || this.#markerLines.has(lines[i]! - 1);
    this.#pending = n === lines.length ? [] : this.#pending.slice(n);
    this.#pendingLines = n === lines.length ? [] : lines.slice(n);
    return done;
  }

  /** 0-based line of the first position whose markers are not known yet. */
  #markerCursorLineAt(): number {
    const window = this.#carry;
    const to = Math.min(this.#markersTo, this.#carryStart + window.length);
    if (this.#markerCursor.offset < to) this.#markerCursor.advance(window, this.#carryStart, to);
    return this.#markerCursor.line;
  }
}
