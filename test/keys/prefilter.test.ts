import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_FORMATS, MIN_BASE64_RUN, bytesMayHoldKey, findKeys } from '../../src/keys/index.js';
import { base64ByteRuns, base64Runs, decodeBase64Into } from '../../src/keys/base64.js';
import { makeKey } from '../helpers/keys.js';

// The files source decides on bytes alone whether a file reaches the key core: a file it passes
// over is never decoded. That is only safe if the byte test says "may hold a key" for every text
// the key core finds a key in, whatever the encoding of the key (written, base64 once or twice).

const key = fc.constantFrom(...KEY_FORMATS.map((f) => f.id)).map((id) => makeKey(id));
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const base64Char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split(''));
const glue = fc.string({ unit: base64Char, maxLength: 6 });
/** Bytes before and after a key inside the encoded data: shift its alignment, test its boundaries. */
const around = fc.constantFrom('', 'a', 'ab', 'abc', ':', 'user:', '"', '_', 'x', '\n', '{"auth":"');
const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(' ', '\n', '\r\n', '=', '"', '.', 'é', '😀', 'csk_', 'cake_', `csk_${'a1'.repeat(23)}`),
  key,
  fc.tuple(glue, around, key, around, glue).map(([g1, a1, k, a2, g2]) => g1 + b64(a1 + k + a2) + g2),
  fc.tuple(around, key, around).map(([a1, k, a2]) => b64(`{"auths":{"r":{"auth":"${b64(a1 + k + a2)}"}}}`)),
  fc.uint8Array({ minLength: 30, maxLength: 120 }).map((bytes) => b64(Buffer.from(bytes))),
  fc.string({ unit: base64Char, minLength: MIN_BASE64_RUN - 2, maxLength: MIN_BASE64_RUN + 40 }),
);

describe('the byte pre-filter of the files source', () => {
  it('passes on exactly the texts the key core finds a key in: written, base64 once or twice, glued, misaligned', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(bytesMayHoldKey(Buffer.from(text))).toBe(findKeys(text).length > 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('a key glued to a letter stays no key wherever an earlier anchor\'s window ends (a window end is no end of text)', () => {
    // An anchor, then filler, then a key of each format followed by a letter: at some filler length
    // the key runs exactly up to the end of the window checked around the first anchor.
    for (const format of KEY_FORMATS) {
      const written = makeKey(format.id);
      for (let filler = 0; filler <= 80; filler++) {
        const text = `cake_${'.'.repeat(filler)}${written}A`;
        expect(findKeys(text)).toHaveLength(0);
        expect(bytesMayHoldKey(Buffer.from(text))).toBe(false);
        // With nothing after it, it is a key (once the filler keeps it off the anchor's "_"), found by both.
        const bare = text.slice(0, -1);
        expect(findKeys(bare)).toHaveLength(filler > 0 ? 1 : 0);
        expect(bytesMayHoldKey(Buffer.from(bare))).toBe(filler > 0);
      }
    }
  });

  it('finds every base64 run the string search finds, at the same places', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '+', '/', '.', ' ', '\n', 'é'), maxLength: 400 });
    fc.assert(
      fc.property(text, (t) => {
        const want = [...t.matchAll(new RegExp(`[A-Za-z0-9+/]{${MIN_BASE64_RUN},}`, 'g'))].map((m) => [m.index, m.index + m[0].length]);
        expect(base64Runs(t)).toEqual(want);
        // Bytes of latin1 text: one byte per character, so the same offsets.
        expect(base64ByteRuns(Buffer.from(t, 'latin1'))).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes a run on bytes exactly as Buffer.from(run, "base64") does, whatever its length', () => {
    fc.assert(
      fc.property(fc.string({ unit: base64Char, maxLength: 200 }), fc.string({ unit: base64Char, maxLength: 5 }), (run, before) => {
        const bytes = Buffer.from(before + run, 'latin1');
        const out = Buffer.alloc(run.length);
        const n = decodeBase64Into(bytes, before.length, bytes.length, out);
        expect(out.subarray(0, n)).toEqual(Buffer.from(run, 'base64'));
      }),
      { numRuns: 1000 },
    );
  });
});
