import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_FORMATS, KEY_SHAPE_SOURCE, findKeys, redactKeys } from '../../src/keys/index.js';
import { makeKey, randomBody } from '../helpers/keys.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * Written independently of src/keys/redact.ts: a key-shaped string is a prefix followed by at
 * least a body's worth of its alphabet, wherever it stands.
 */
function keyShapedIn(text: string): string[] {
  const out: string[] = [];
  for (const f of KEY_FORMATS) {
    const alphabet = f.alphabet === 'hex' ? '[0-9a-f]' : '[1-9A-HJ-NP-Za-km-z]';
    for (const m of text.matchAll(new RegExp(`${f.prefix}${alphabet}{${f.bodyLength}}`, 'g'))) out.push(m[0]);
  }
  return out;
}

const keyArb = fc.constantFrom(...KEY_FORMATS.map((f) => f.id)).map((id) => makeKey(id));
const hex48 = () => randomBody({ alphabet: 'hex', bodyLength: 48 });
/** Key-shaped strings the detector rightly does not report. */
const unreported = fc.constantFrom(
  () => `backup_csk_${hex48()}`,
  () => `xcsk_${hex48()}`,
  () => `csk_${hex48()}abc`,
  () => `csk_${hex48()}9`,
  () => `egy_csk_test_${hex48()}`,
  () => `csk_${'0'.repeat(48)}`,
  () => `9cen_${randomBody({ alphabet: 'base58', bodyLength: 32 })}`,
).map((make) => make());
const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const segment = fc.oneof(text, keyArb, unreported, keyArb.map((k) => b64(`u:${k}`)), fc.constantFrom('\n', ' ', '_', 'csk_', 'csk_abcd...', '='));

describe('redactKeys', () => {
  it('leaves no key-shaped string and no findable key, found or not', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), (parts) => {
        const out = redactKeys(parts.join(''));
        expect(keyShapedIn(out)).toEqual([]);
        expect(findKeys(out)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), (parts) => {
        const once = redactKeys(parts.join(''));
        expect(redactKeys(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('changes no text that holds nothing key-shaped', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constantFrom('csk_', 'cpk_test_', 'cake_', 'csk_abcd...', `csk_${'a'.repeat(47)}`, b64('hello world, nothing to see here at all'))), { maxLength: 12 }), (parts) => {
        const input = parts.join('');
        fc.pre(keyShapedIn(input).length === 0 && !new RegExp(KEY_SHAPE_SOURCE).test(input));
        expect(redactKeys(input)).toBe(input);
      }),
      { numRuns: 500 },
    );
  });

  it('masks a key glued to a word as the dashboard would show it', () => {
    const body = hex48();
    expect(redactKeys(`file backup_csk_${body}.txt`)).toBe(`file backup_csk_${body.slice(0, 4)}....txt`);
  });

  it('masks 20,000 keys and glued shapes on one line', () => {
    const line = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? makeKey() : `x${makeKey()}`)).join(' ');
    const out = redactKeys(line);
    expect(keyShapedIn(out)).toEqual([]);
  });
});
