import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_FORMATS, detectKeys, findKeys, redactKeys, type KeyFormat } from '../../src/keys/index.js';

const HEX = [...'0123456789abcdef'];
const BASE58 = [...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'];
const alphabetOf = (f: KeyFormat) => (f.alphabet === 'hex' ? HEX : BASE58);

/**
 * The spec's idea of a generated body, written independently of src/keys/placeholder.ts:
 * Cencori's bodies are random, so more than 4 distinct characters and no period of 16 or less.
 */
function looksGenerated(body: string): boolean {
  if (new Set(body).size <= 4) return false;
  for (let p = 1; p <= 16; p++) if ([...body].every((c, i) => i < p || c === body[i - p])) return false;
  return true;
}

// fast-check leans towards small, repetitive values; keys are uniform random, so no bias.
const bodyOf = (f: KeyFormat, length = f.bodyLength) =>
  fc.noBias(fc.string({ unit: fc.constantFrom(...alphabetOf(f)), minLength: length, maxLength: length })).filter(looksGenerated);

const formatArb = fc.constantFrom(...KEY_FORMATS);
const keyArb = formatArb.chain((f) => bodyOf(f).map((body) => ({ format: f, key: f.prefix + body })));

/** Any text at all between keys: unicode (astral included), CRLF and LF line ends, many lines. */
const filler = fc
  .array(fc.oneof({ weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) }, fc.constantFrom('\n', '\r\n', '\n\n\n', ' ', '😀', 'ü')), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));
/** What may stand right before a key: anything but [A-Za-z0-9_]. */
const before = fc.constantFrom('', ' ', '"', "'", '`', '=', ':', '(', '[', '{', '\n', '\r\n', '\t', '/', '-', '.', ',', '>', 'é', '😀', '$');
/** What may stand right after a key: anything but [A-Za-z0-9] (so `_` is fine). */
const after = fc.constantFrom('', ' ', '"', "'", '`', ';', ')', ']', '}', '\n', '\r\n', '\t', '/', '-', '.', ',', '<', '_', 'é', '😀', '&');

function positionOf(text: string, index: number): { line: number; column: number } {
  const head = text.slice(0, index);
  const lastBreak = head.lastIndexOf('\n');
  return { line: head.split('\n').length, column: [...head.slice(lastBreak + 1)].length + 1 };
}

describe('every generated key is found where it is', () => {
  it('in random text between boundary characters, at the right line and column', () => {
    const segment = fc.record({ filler, before, key: keyArb, after });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), filler, (segments, tail) => {
        let text = '';
        const expected: Array<{ key: string; index: number; format: KeyFormat }> = [];
        for (const s of segments) {
          // Separators that are boundaries themselves keep random filler from touching a key.
          text += `${s.filler} ${s.before}`;
          expected.push({ key: s.key.key, index: text.length, format: s.key.format });
          text += `${s.key.key}${s.after} `;
        }
        text += tail;
        const hits = detectKeys(text);
        expect(hits.map((h) => h.secret.reveal())).toEqual(expected.map((e) => e.key));
        hits.forEach((hit, i) => {
          const want = expected[i]!;
          expect({ line: hit.line, column: hit.column }).toEqual(positionOf(text, want.index));
          expect(hit.formatId).toBe(want.format.id);
          expect(hit.secret.masked).toBe(`${want.key.slice(0, want.format.prefix.length + 4)}...`);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('redactKeys replaces each of them by its mask and leaves the rest alone', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, keyArb), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([f, k]) => `${f} ${k.key} `).join('');
        const want = parts.map(([f, k]) => `${f} ${k.key.slice(0, k.format.prefix.length + 4)}... `).join('');
        expect(redactKeys(text)).toBe(want);
      }),
      { numRuns: 200 },
    );
  });

  it('a key alone, at the very start and end of the text', () => {
    fc.assert(
      fc.property(keyArb, ({ key }) => {
        expect(findKeys(key).map((m) => m.key)).toEqual([key]);
      }),
      { numRuns: 200 },
    );
  });

  it('many lines before the key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('\n', '\r\n'), keyArb, (lines, eol, { key }) => {
        const text = `x${eol}`.repeat(lines) + `  ${key}`;
        expect(detectKeys(text).map((h) => [h.line, h.column])).toEqual([[lines + 1, 3]]);
      }),
      { numRuns: 50 },
    );
  });
});

/** Near-misses built from a real key shape; none may ever be reported. */
const nearMiss = formatArb.chain((f) => {
  const body = bodyOf(f);
  const word = fc.constantFrom(...'AZaz09_'.split(''));
  const wordAfter = fc.constantFrom(...'AZaz09gx'.split(''));
  const hexBad = f.alphabet === 'hex' ? 'ghijklmnopqrstuvwxyzGHXZ' : '0OIl';
  return fc.oneof(
    bodyOf(f, f.bodyLength - 1).map((b) => ({ why: 'one character short', text: f.prefix + b })),
    bodyOf(f, f.bodyLength + 1).map((b) => ({ why: 'one character long', text: f.prefix + b })),
    fc.tuple(word, body).map(([w, b]) => ({ why: `word character ${w} before`, text: w + f.prefix + b })),
    fc.tuple(body, wordAfter).map(([b, w]) => ({ why: `alphanumeric ${w} after`, text: f.prefix + b + w })),
    fc.tuple(body, fc.nat(), fc.constantFrom(...hexBad)).map(([b, at, bad]) => {
      const i = at % b.length;
      return { why: `character ${bad} outside the alphabet`, text: f.prefix + b.slice(0, i) + bad + b.slice(i + 1) };
    }),
    body.map((b) => ({ why: 'uppercase prefix', text: f.prefix.toUpperCase() + b })),
    body.map((b) => ({ why: 'repeated placeholder body', text: f.prefix + b.slice(0, 8).repeat(f.bodyLength / 8) })),
    ...(f.alphabet === 'hex'
      ? [
          body
            .filter((b) => /[a-f]/.test(b))
            .map((b) => ({ why: 'uppercase body', text: f.prefix + b.toUpperCase() })),
          body.map((b) => ({ why: 'Cerebras-style dash prefix', text: f.prefix.replace(/_$/, '-') + b })),
          body.map((b) => ({ why: 'Paymob egy_ prefix', text: `egy_${f.prefix}${b}` })),
          body.map((b) => ({ why: 'live_ infix', text: `${f.prefix}live_${b}` })),
          body.map((b) => ({ why: 'dashboard mask', text: `${f.prefix}${b.slice(0, 4)}...` })),
        ]
      : []),
  );
});

describe('near-misses are never keys', () => {
  it('in random text, alone or many on a line', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, nearMiss), { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.map(([f, n]) => `${f} ${n.text} `).join('');
        const found = findKeys(text).map((m) => m.key);
        expect(found, parts.map(([, n]) => n.why).join('; ')).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
