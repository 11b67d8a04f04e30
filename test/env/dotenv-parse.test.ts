import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/env/dotenv-parse.js';
import { expandAll, expandString, EXPANSION_BUDGET_FACTOR, MAX_EXPANDED_LENGTH, MAX_EXPANSION_DEPTH } from '../../src/env/expand.js';

const byName = (text: string) => new Map(parseDotenv(text).map((e) => [e.name, e]));

describe('parseDotenv', () => {
  it('reads unquoted, quoted and exported values with their lines', () => {
    const env = byName(['# comment', 'A=plain', 'export B="double quoted" # trailing', "C='single $A'", '', 'D=`back`'].join('\n'));
    expect(env.get('A')).toEqual({ name: 'A', value: 'plain', line: 2, expands: true });
    expect(env.get('B')).toMatchObject({ value: 'double quoted', line: 3, expands: true });
    expect(env.get('C')).toMatchObject({ value: 'single $A', line: 4, expands: false });
    expect(env.get('D')).toMatchObject({ value: 'back', line: 6 });
  });

  it('strips an unquoted comment and surrounding spaces', () => {
    expect(byName('  KEY =  value here   # why\n').get('KEY')).toMatchObject({ value: 'value here', line: 1 });
  });

  it('keeps multi-line double-quoted values and does not take their inner lines for definitions', () => {
    const env = byName(['PEM="-----BEGIN', 'FAKE=inside', '-----END"', 'AFTER=1'].join('\n'));
    expect(env.get('PEM')?.value).toBe('-----BEGIN\nFAKE=inside\n-----END');
    expect(env.has('FAKE')).toBe(false);
    expect(env.get('AFTER')?.line).toBe(4);
  });

  it('expands \\n in double quotes only', () => {
    const env = byName('A="x\\ny"\nB=\'x\\ny\'');
    expect(env.get('A')?.value).toBe('x\ny');
    expect(env.get('B')?.value).toBe('x\\ny');
  });

  it('keeps the last definition of a repeated name, as dotenv does', () => {
    expect(byName('A=1\nA=2\n').get('A')).toMatchObject({ value: '2', line: 2 });
  });

  it('handles CRLF line ends', () => {
    expect(byName('A=1\r\nB=2\r\n').get('B')).toMatchObject({ value: '2', line: 2 });
  });

  it('skips malformed lines without throwing', () => {
    const text = ['this is not a definition', '=novalue', 'GOOD=yes', 'UNCLOSED="never closed', '\u0000\uffff', 'ALSO=fine'].join('\n');
    expect(() => parseDotenv(text)).not.toThrow();
    expect(byName(text).get('GOOD')).toMatchObject({ value: 'yes', line: 3 });
  });

  it('returns nothing for an empty file', () => {
    expect(parseDotenv('')).toEqual([]);
  });
});

describe('expansion', () => {
  const vars = (entries: Record<string, string>, literal: string[] = []) =>
    new Map(Object.entries(entries).map(([k, v]) => [k, { value: v, expands: !literal.includes(k) }]));

  it('expands $VAR and ${VAR}, recursively', () => {
    const out = expandAll(vars({ A: 'x', B: '$A-y', C: '${B}z' }));
    expect(out.get('B')?.value).toBe('x-y');
    expect(out.get('C')).toEqual({ value: 'x-yz', references: ['B'] });
  });

  it('applies :- and - defaults as dotenv-expand does', () => {
    const out = expandAll(vars({ EMPTY: '', A: '${EMPTY:-d1}', B: '${EMPTY-d2}', C: '${MISSING-d3}', D: '${MISSING:-$EMPTY}' }));
    expect(out.get('A')?.value).toBe('d1');
    expect(out.get('B')?.value).toBe('');
    expect(out.get('C')?.value).toBe('d3');
    expect(out.get('D')?.value).toBe('');
  });

  it('leaves escaped dollars and single-quoted values literal', () => {
    const out = expandAll(vars({ A: 'x', B: '\\$A', C: '$A' }, ['C']));
    expect(out.get('B')?.value).toBe('$A');
    expect(out.get('C')?.value).toBe('$A');
  });

  it('expands unknown names to empty and survives cycles', () => {
    const out = expandAll(vars({ A: '$B', B: '$A', C: 'pre-$NOPE' }));
    expect(out.get('A')?.value).toBe('');
    expect(out.get('C')?.value).toBe('pre-');
  });

  it('bounds a 30-line doubling chain instead of building a 2^30-character string', () => {
    const lines: Record<string, string> = { V0: 'xy' };
    for (let i = 1; i < 30; i++) lines[`V${i}`] = `$V${i - 1}$V${i - 1}`;
    const out = expandAll(vars(lines));
    expect(out.get('V29')?.value.length).toBeLessThanOrEqual(MAX_EXPANDED_LENGTH);
    expect(out.get('V29')?.truncated).toBe(true);
    expect(out.get('V15')?.value.length).toBe(MAX_EXPANDED_LENGTH);
    expect(out.get('V5')?.value).toBe('xy'.repeat(32));
  });

  it('bounds the whole file: thousands of doubling lines expand to at most a fixed multiple of the file', () => {
    const lines: Record<string, string> = { V0: 'xy' };
    for (let i = 1; i < 5000; i++) lines[`V${i}`] = `$V${i - 1}$V${i - 1}`;
    const input = Object.values(lines).reduce((n, v) => n + v.length, 0);
    const out = expandAll(vars(lines));
    const total = [...out.values()].reduce((n, v) => n + v.value.length, 0);
    expect(total).toBeLessThanOrEqual((EXPANSION_BUDGET_FACTOR + 1) * input + 2 * MAX_EXPANDED_LENGTH);
    // Past the budget a value keeps its own text: what is written on its line is still seen.
    expect(out.get('V4999')).toEqual({ value: '$V4998$V4998', references: [], truncated: true });
  });

  it('stops a reference chain deeper than the bound', () => {
    const lines: Record<string, string> = { V0: 'end' };
    for (let i = 1; i <= MAX_EXPANSION_DEPTH + 4; i++) lines[`V${i}`] = `$V${i - 1}`;
    const order = new Map([...Object.entries(lines)].reverse().map(([k, v]) => [k, { value: v, expands: true }]));
    const out = expandAll(order);
    expect(out.get(`V${MAX_EXPANSION_DEPTH + 4}`)?.value).toBe('');
    expect(out.get('V1')?.value).toBe('end');
  });

  it('never consults process.env', () => {
    process.env.CENCORI_EXPAND_PROBE = 'from-process';
    try {
      expect(expandString('$CENCORI_EXPAND_PROBE', () => undefined).value).toBe('');
    } finally {
      delete process.env.CENCORI_EXPAND_PROBE;
    }
  });
});
