import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { KEY_FORMATS, classifyKey, detectKeys, findKeys, fingerprintKey, isKey, maskKey } from '../../src/keys/index.js';
import { createHash } from 'node:crypto';
import { makeKey, randomBody } from '../helpers/keys.js';

describe('key formats', () => {
  it.each(KEY_FORMATS.map((f) => [f.id, f] as const))('finds a generated %s key', (_id, format) => {
    const key = format.prefix + randomBody(format);
    const hits = detectKeys(`const k = "${key}";`);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.secret.reveal()).toBe(key);
    expect(hits[0]!.kind).toBe(format.kind);
    expect(hits[0]!.environment).toBe(format.environment);
    expect(hits[0]!.legacy).toBe(format.legacy);
    expect(hits[0]!.column).toBe(12);
  });

  it('classifies secret, publishable, test, live and legacy keys', () => {
    expect(classifyKey(makeKey('secret-live'))).toMatchObject({ kind: 'secret', environment: 'production', legacy: false });
    expect(classifyKey(makeKey('secret-test'))).toMatchObject({ kind: 'secret', environment: 'test', prefix: 'csk_test_' });
    expect(classifyKey(makeKey('publishable-test'))).toMatchObject({ kind: 'publishable', environment: 'test' });
    expect(classifyKey(makeKey('legacy-base58'))).toMatchObject({ kind: 'secret', legacy: true, prefix: 'cen_' });
    expect(classifyKey(makeKey('legacy-test'))).toMatchObject({ kind: 'secret', legacy: true, environment: 'test' });
    expect(classifyKey(makeKey('agent'))).toMatchObject({ kind: 'secret', agent: true, prefix: 'cake_' });
  });
});

describe('not keys', () => {
  const hex48 = () => randomBody({ alphabet: 'hex', bodyLength: 48 });
  const cases: Array<[string, string]> = [
    ['placeholder xxx', 'csk_xxx'],
    ['ellipsis', 'csk_...'],
    ['docs placeholder', 'csk_your_api_key_here'],
    ['live placeholder', 'csk_live_...'],
    ['short test placeholder', 'csk_test_abc123'],
    ['dashboard mask', 'csk_1a2b...'],
    ['48 zeros', `csk_${'0'.repeat(48)}`],
    ['repeated deadbeef', `csk_${'deadbeef'.repeat(6)}`],
    ['publishable deadbeef', `cpk_${'deadbeef'.repeat(6)}`],
    ['test key counting 0-f three times', `csk_test_${'0123456789abcdef'.repeat(3)}`],
    ['agent key of ab repeated', `cake_${'ab'.repeat(16)}`],
    ['47 characters', `csk_${hex48().slice(1)}`],
    ['49 characters', `csk_${hex48()}a`],
    ['uppercase hex', `csk_${hex48().toUpperCase().replace(/^[0-9]/, 'A')}`],
    ['Cerebras csk- key', `csk-${hex48()}`],
    ['Paymob key', `egy_csk_test_${hex48()}`],
    ['identifier', 'cen_test_helper'],
    ['preceded by a word character', `xcsk_${hex48()}`],
    ['preceded by a digit', `9csk_${hex48()}`],
  ];
  it.each(cases)('ignores %s', (_name, text) => {
    expect(findKeys(`x = "${text}"`)).toEqual([]);
    expect(isKey(text)).toBe(false);
  });

  it('accepts a key followed by punctuation or underscore-free boundaries', () => {
    const key = makeKey();
    for (const after of ['"', "'", ' ', '\n', '.', '-', ',', ')', '']) {
      expect(findKeys(`(${key}${after}`)).toHaveLength(1);
    }
    expect(findKeys(`${key}_`)).toHaveLength(1);
  });
});

describe('fingerprint and mask', () => {
  it('fingerprints as sha256 hex of the full key', () => {
    const key = makeKey();
    expect(fingerprintKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(detectKeys(key)[0]!.secret.fingerprint).toBe(fingerprintKey(key));
  });

  it('masks as prefix + 4 characters + ...', () => {
    const key = makeKey('secret-test');
    expect(maskKey(key)).toBe(key.slice(0, 'csk_test_'.length + 4) + '...');
  });

  it('never turns a found key into text unmasked', () => {
    const key = makeKey();
    const hit = detectKeys(key)[0]!;
    const texts = [String(hit.secret), `${hit.secret}`, JSON.stringify(hit), inspect(hit, { depth: 5 }), JSON.stringify({ hit })];
    for (const t of texts) {
      expect(t).not.toContain(key);
      expect(t).toContain(key.slice(0, 8));
    }
  });
});

describe('positions', () => {
  it('reports 1-based line and character column, CRLF and unicode included', () => {
    const key = makeKey();
    const text = `first line\r\nwith ✓ and 😀 then ${key}\r\nlast`;
    const [hit] = detectKeys(text);
    expect(hit).toMatchObject({ line: 2, column: 'with ✓ and 😀 then '.length });
    expect(hit!.column).toBe([...'with ✓ and 😀 then '].length + 1);
  });

  it('adds lineOffset', () => {
    expect(detectKeys(`\n${makeKey()}`, { lineOffset: 10 })[0]!.line).toBe(12);
  });

  it('marks a hit allowed by the marker on the same or previous line only', () => {
    const k = () => makeKey();
    const text = [`a = "${k()}" // cencori-scan:allow`, '# cencori-scan:allow', `b = "${k()}"`, `c = "${k()}"`].join('\n');
    expect(detectKeys(text).map((h) => h.allowed)).toEqual([true, true, false]);
  });
});

describe('linear time', () => {
  it('scans a line of near-misses without a backtracking blow-up', () => {
    const nearMiss = `csk_${'a1'.repeat(23)}b`; // 47 characters of body
    const text = `${nearMiss} `.repeat(Math.ceil(1_000_000 / (nearMiss.length + 1)));
    expect(findKeys(text)).toEqual([]);
  });
});

describe('boundaries in escaped text', () => {
  it.each([
    ['a JSON \\n escape', (k: string) => `{"source": "x = 1\\n${k}\\n"}`],
    ['a JSON \\t escape', (k: string) => `"\\t${k}"`],
    ['a JSON \\u escape', (k: string) => `"KEY\\u003d${k}"`],
    ['a \\x escape', (k: string) => `'KEY\\x3d${k}'`],
    ['URL encoding', (k: string) => `https://example.test/?q=KEY%3D${k}&x=1`],
  ])('finds a key after %s', (_name, wrap) => {
    const key = makeKey();
    expect(findKeys(wrap(key)).map((m) => m.key)).toEqual([key]);
  });

  it('still rejects a key glued to a word character that is no escape', () => {
    const key = makeKey();
    for (const text of [`n${key}`, `u003d${key}`, `x3d${key}`, `3D${key}`, `egy_${key}`]) expect(findKeys(text)).toEqual([]);
  });
});

describe('agent keys', () => {
  it('finds cake_ with 32 hex (the documented shape) and 48 hex (what Cencori validates)', () => {
    for (const id of ['agent', 'agent-48']) {
      const key = makeKey(id);
      expect(classifyKey(key)).toMatchObject({ kind: 'secret', agent: true, prefix: 'cake_' });
      expect(findKeys(` ${key} `).map((m) => m.key)).toEqual([key]);
    }
    const body = randomBody({ alphabet: 'hex', bodyLength: 48 });
    for (const length of [31, 33, 47, 49]) expect(findKeys(` cake_${body.slice(0, Math.min(length, 48))}${length > 48 ? 'a' : ''} `)).toEqual([]);
  });
});
