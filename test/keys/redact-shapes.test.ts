import { describe, expect, it } from 'vitest';
import { KEY_FORMATS, redactKeys } from '../../src/keys/index.js';
import { makeKey, masked, randomBody, formatById } from '../helpers/keys.js';

describe('redactKeys', () => {
  it.each(KEY_FORMATS.map((f) => f.id))('masks a %s key wherever it stands, boundary or not', (id) => {
    const key = makeKey(id);
    const text = `backup_${key} "${key}" x${key}1f ${key}`;
    const out = redactKeys(text);
    expect(out.includes(key)).toBe(false);
    expect(out.split(masked(key)).length - 1).toBe(4);
  });

  it('masks placeholder-shaped and over-long bodies too: output carries no key shape at all', () => {
    const format = formatById('secret-live');
    const long = `csk_${randomBody(format)}${randomBody(format).slice(0, 5)}`;
    const out = redactKeys(`csk_${'0'.repeat(48)} ${long}`);
    expect(out).toBe(`csk_0000... ${long.slice(0, 8)}...`);
  });

  it('leaves text without key shapes as it is', () => {
    expect(redactKeys('csk_short cpk_ plain')).toBe('csk_short cpk_ plain');
  });
});
