import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_FORMATS, KeyDetector, detectKeys, type KeyHit } from '../../src/keys/index.js';
import { makeKey } from '../helpers/keys.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** What a caller sees of a hit: everything but the SecretValue object itself. */
const view = (h: KeyHit) => ({ key: h.secret.reveal(), line: h.line, column: h.column, index: h.index, length: h.length, allowed: h.allowed, encoding: h.encoding });

function inPieces(text: string, cuts: number[]): KeyHit[] {
  const detector = new KeyDetector({ lineOffset: 3 });
  const hits: KeyHit[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    hits.push(...detector.push(text.slice(from, cut)));
    from = cut;
  }
  hits.push(...detector.push(text.slice(from)), ...detector.end());
  return hits;
}

const keyArb = fc.constantFrom(...KEY_FORMATS.map((f) => f.id)).map((id) => makeKey(id));
const piece = fc.oneof(
  keyArb,
  keyArb.map((k) => b64(`user:${k}`)),
  keyArb.map((k) => b64(b64(k))),
  fc.constantFrom(' ', '\n', '\r\n', '😀', 'é', '"', 'x', '_', '=', 'cencori-scan:allow', 'A'.repeat(70)),
  fc.string({ maxLength: 30 }),
);

describe('the chunked path finds what one pass finds', () => {
  it('for any text cut anywhere: same keys, lines, columns, markers, no duplicates', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), (pieces, rawCuts) => {
        const text = pieces.join(' ');
        const cuts = rawCuts.map((c) => c % (text.length + 1));
        expect(inPieces(text, cuts).map(view)).toEqual(detectKeys(text, { lineOffset: 3 }).map(view));
      }),
      { numRuns: 300 },
    );
  });

  it('a key at the end of a 3 MB line pushed in 64 KB pieces, with the marker after it', () => {
    const key = makeKey();
    const line = `${'x'.repeat(3_000_000)} ${key} ${'y'.repeat(100_000)} cencori-scan:allow\nnext ${key}\n`;
    const chunks: string[] = [];
    for (let i = 0; i < line.length; i += 65_536) chunks.push(line.slice(i, i + 65_536));
    const detector = new KeyDetector();
    const hits = [...chunks.flatMap((c) => detector.push(c)), ...detector.end()];
    expect(hits.map((h) => [h.line, h.column, h.allowed])).toEqual([
      [1, 3_000_002, true],
      [2, 6, true],
    ]);
  });

  it('a key deep inside a base64 run longer than any piece', () => {
    const key = makeKey();
    const blob = b64(`${'z'.repeat(500_000)}:${key}:${'z'.repeat(1000)}`);
    const text = `data: ${blob}\n`;
    expect(inPieces(text, [1000, 70_000, 333_333, 666_665]).map(view)).toEqual(detectKeys(text, { lineOffset: 3 }).map(view));
    expect(detectKeys(text).map((h) => h.secret.reveal())).toEqual([key]);
  });
});
