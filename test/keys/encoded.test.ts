import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_FORMATS, MIN_BASE64_RUN, detectKeys, findKeys, redactKeys } from '../../src/keys/index.js';
import { ENCODED_ANCHORS } from '../../src/keys/prefilter.js';
import { makeKey, randomBody } from '../helpers/keys.js';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

/** The 1-based column where `needle` starts on its line of `text`. */
function columnOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

describe('keys inside base64 are found where the encoded text is', () => {
  it('a Kubernetes Secret data: value', () => {
    const key = makeKey('secret-live');
    const yaml = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cencori\ndata:\n  api-key: ${b64(key)}\n`;
    const hits = detectKeys(yaml);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.secret.reveal()).toBe(key);
    expect(hits[0]!.encoding).toBe('base64');
    expect({ line: hits[0]!.line, column: hits[0]!.column }).toEqual(columnOf(yaml, b64(key)));
  });

  it('a Docker config.json auths entry (user:key), inside the encoded text', () => {
    const key = makeKey('secret-test');
    const auth = b64(`cencori:${key}`);
    const json = JSON.stringify({ auths: { 'registry.example.com': { auth } } }, null, 2);
    const hits = detectKeys(json);
    expect(hits.map((h) => [h.secret.reveal(), h.encoding])).toEqual([[key, 'base64']]);
    const start = columnOf(json, auth);
    expect(hits[0]!.line).toBe(start.line);
    // "cencori:" is 8 bytes: the key's bits start in the third group of 4 characters.
    expect(hits[0]!.column).toBe(start.column + 8);
  });

  it('an Authorization: Basic header and a data: URL', () => {
    const a = makeKey('agent');
    const b = makeKey('legacy-base58');
    const text = `curl -H "Authorization: Basic ${b64(`api:${a}`)}" \\\n  --data-urlencode "x=data:text/plain;base64,${b64(b)}"`;
    expect(detectKeys(text).map((h) => h.secret.reveal())).toEqual([a, b]);
  });

  it('a key encoded twice: a .dockerconfigjson Secret', () => {
    const key = makeKey('secret-live');
    const inner = JSON.stringify({ auths: { 'r.example.com': { auth: b64(`u:${key}`) } } });
    const yaml = `data:\n  .dockerconfigjson: ${b64(inner)}\n`;
    const hits = detectKeys(yaml);
    expect(hits.map((h) => [h.secret.reveal(), h.encoding, h.line])).toEqual([[key, 'base64', 2]]);
  });

  it('a key next to binary bytes in the decoded data', () => {
    const key = makeKey('publishable-live');
    const blob = Buffer.concat([randomBytes(30), Buffer.from([0xff]), Buffer.from(key), Buffer.from([0x00]), randomBytes(30)]);
    expect(findKeys(b64(blob)).map((m) => m.key)).toEqual([key]);
  });

  it('a key written and the same key encoded are two hits', () => {
    const key = makeKey();
    const hits = detectKeys(`KEY=${key}\nKEY_B64=${b64(key)}\n`);
    expect(hits.map((h) => [h.line, h.encoding ?? 'none'])).toEqual([
      [1, 'none'],
      [2, 'base64'],
    ]);
  });

  it('the allow marker covers an encoded key as a written one', () => {
    const hits = detectKeys(`# cencori-scan:allow\ntoken: ${b64(makeKey())}\n`);
    expect(hits.map((h) => h.allowed)).toEqual([true]);
  });
});

describe('base64 that carries no key adds nothing', () => {
  it('random base64 that decodes to binary, long and short', () => {
    for (let i = 0; i < 200; i++) expect(findKeys(`x: ${b64(randomBytes(20 + i * 7))}`)).toEqual([]);
  });

  it('base64 of placeholders and masks', () => {
    for (const text of [`csk_${'0'.repeat(48)}`, `csk_${'deadbeef'.repeat(6)}`, 'csk_your_api_key_here_and_some_more_text', 'csk_1a2b...', `cake_${'ab'.repeat(16)}`]) {
      expect(findKeys(b64(text)), text).toEqual([]);
      expect(findKeys(b64(`user:${text}`)), text).toEqual([]);
    }
  });

  it('base64 of a key of the wrong length or glued to a word', () => {
    const body = randomBody({ alphabet: 'hex', bodyLength: 48 });
    for (const text of [`csk_${body.slice(1)}`, `csk_${body}a`, `xcsk_${body}`, `backup_csk_${body}`, `CSK_${body}`, `csk-${body}`]) {
      expect(findKeys(b64(text)), text).toEqual([]);
      expect(findKeys(b64(b64(text))), text).toEqual([]);
    }
  });

  it('the shortest run decoded is the one that holds the shortest key', () => {
    // cen_ + 32 base58 is 36 bytes: 48 characters of base64.
    expect(MIN_BASE64_RUN).toBe(48);
    const key = makeKey('legacy-base58');
    expect(b64(key)).toHaveLength(48);
    expect(findKeys(` ${b64(key)} `).map((m) => m.key)).toEqual([key]);
  });

  it('decoding stops at depth 2', () => {
    const key = makeKey();
    expect(findKeys(b64(b64(key))).map((m) => m.key)).toEqual([key]);
    expect(findKeys(b64(b64(b64(key))))).toEqual([]);
  });
});

describe('only runs that can carry an encoded anchor are decoded, and none that can is skipped', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const noise = (n: number) => Array.from(randomBytes(n), (b) => ALPHABET[b % 64]).join('');

  it('every format, once and twice encoded, at every byte offset, inside base64 noise glued on both sides', () => {
    for (const id of KEY_FORMATS.map((f) => f.id)) {
      for (let offset = 0; offset < 6; offset++) {
        for (const depth of [1, 2]) {
          const key = makeKey(id);
          // Bytes past ASCII before the key: a boundary, as a word character glued to it would not be.
          const lead = Buffer.from(Array.from(randomBytes(offset), (b) => 0x80 | b)).toString('latin1');
          let payload = `${lead}${key} `;
          for (let d = 0; d < depth; d++) payload = b64(Buffer.from(payload, 'latin1'));
          // Noise of any length before the run shifts the 4-character grouping the decoder must find.
          const text = `${noise(offset * 3)}${payload}${noise(7)} tail`;
          expect(findKeys(text).map((m) => m.key), `${id} offset ${offset} depth ${depth}`).toEqual([key]);
        }
      }
    }
  });

  it('the forms of every anchor are derived from the formats table, for each depth', () => {
    for (const anchor of new Set(KEY_FORMATS.map((f) => f.prefix.slice(0, f.prefix.indexOf('_') + 1)))) {
      for (let offset = 0; offset < 3; offset++) {
        const once = b64(Buffer.concat([randomBytes(offset), Buffer.from(anchor), randomBytes(3)]));
        expect(ENCODED_ANCHORS[0]!.some((form) => once.includes(form)), `${anchor} at ${offset}`).toBe(true);
        const twice = b64(Buffer.concat([randomBytes(offset), Buffer.from(once), randomBytes(2)]));
        expect(ENCODED_ANCHORS[1]!.some((form) => twice.includes(form)), `${anchor} twice at ${offset}`).toBe(true);
      }
    }
  });
});

describe('redaction masks encoded keys too', () => {
  it('replaces the encoded characters that carry the key by its mask', () => {
    const key = makeKey();
    const out = redactKeys(`token ${b64(key)} end`);
    expect(out).toBe(`token ${key.slice(0, 8)}... end`);
    expect(findKeys(out)).toEqual([]);
  });
});
