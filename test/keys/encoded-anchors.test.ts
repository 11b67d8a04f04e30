import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEY_FORMATS, MIN_BASE64_RUN, bytesMayHoldEncodedKey, findEncodedKeys, hasBase64Run } from '../../src/keys/index.js';
import { makeKey } from '../helpers/keys.js';

/**
 * bytesMayHoldEncodedKey is the pre-filter history decides by whether a commit's patch is decoded:
 * it must hold for every text in which the matcher finds an encoded key (once or twice encoded,
 * at any alignment, glued to anything), or history would skip a key.
 */
const b64 = (bytes: Buffer) => bytes.toString('base64');
const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => BASE64_CHARS[randomInt(64)]).join(''), 'latin1');
const around = (text: string) => [`x: ${text}\n`, `${junk(randomInt(4)).toString('latin1')}${text}`, `"${text}"`, `/${text}/`][randomInt(4)]!;

describe('the byte pre-filter for base64: commits carrying an encoded key always pass it', () => {
  it('every format, once and twice encoded, after 0-5 bytes, decoded from any character: found, and the pre-filter holds', () => {
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const format = KEY_FORMATS[i % KEY_FORMATS.length]!;
      const key = makeKey(format.id);
      const inner = Buffer.concat([randomBytes(randomInt(6)), Buffer.from(key), randomBytes(randomInt(3))]);
      let encoded = b64(inner);
      // Twice: base64 of JSON holding base64 (a .dockerconfigjson), the inner text at any offset.
      if (i % 2 === 1) encoded = b64(Buffer.from(`{"auths":{"r":{"auth":"${'u'.repeat(randomInt(3))}${encoded}"}}}`));
      const text = around(encoded);
      if (findEncodedKeys(text).length === 0) continue;
      found++;
      expect(bytesMayHoldEncodedKey(Buffer.from(text, 'latin1')), `format ${format.id}, case ${i}`).toBe(true);
    }
    // Most cases really carry a key the matcher reads (random bytes glued to a key can void it): else the loop proves nothing.
    expect(found).toBeGreaterThan(1500);
  });

  it('random base64 (hashes, encoded random bytes) mostly holds none: such commits are not decoded', () => {
    // The plain test is true for any run (the one history used before): this one is stricter.
    expect(hasBase64Run(Buffer.from(`sha512-${randomBytes(64).toString('base64')}`))).toBe(true);
    let held = 0;
    for (let i = 0; i < 2000; i++) if (bytesMayHoldEncodedKey(Buffer.from(`integrity sha512-${randomBytes(64).toString('base64')}\n`))) held++;
    expect(held).toBeLessThan(40);
    expect(bytesMayHoldEncodedKey(Buffer.from('short Y3NrX run\n'))).toBe(false);
    expect(MIN_BASE64_RUN).toBeGreaterThan(40);
  });
});
