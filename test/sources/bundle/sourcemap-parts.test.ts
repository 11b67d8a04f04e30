import { describe, expect, it } from 'vitest';
import { followAlias } from '../../../src/sources/bundle/sourcemap/alias.js';
import { envVarAt } from '../../../src/env/env-read-text.js';
import { sourceMappingUrlOf } from '../../../src/sources/bundle/sourcemap/map-url.js';
import { SourcesContentLocator, sourcesContentSpans } from '../../../src/sources/bundle/sourcemap/sources-content.js';

describe('sourceMappingUrlOf', () => {
  it('reads the JS, legacy and CSS comment forms, the last one winning', () => {
    expect(sourceMappingUrlOf('a();\n//# sourceMappingURL=app.js.map\n')).toBe('app.js.map');
    expect(sourceMappingUrlOf('a();\n//@ sourceMappingURL=old.js.map')).toBe('old.js.map');
    expect(sourceMappingUrlOf('a{}\n/*# sourceMappingURL=app.css.map */\n')).toBe('app.css.map');
    expect(sourceMappingUrlOf('//# sourceMappingURL=first.map\n//# sourceMappingURL=second.map\n//# debugId=1\n')).toBe('second.map');
  });

  it('ignores the marker where it is not a comment', () => {
    expect(sourceMappingUrlOf('const s = "sourceMappingURL=x.map";\n')).toBeUndefined();
    expect(sourceMappingUrlOf('no map here')).toBeUndefined();
  });

  it('takes a whole inline data: URL, however long', () => {
    const data = `data:application/json;base64,${'A'.repeat(10_000)}`;
    expect(sourceMappingUrlOf(`x();\n//# sourceMappingURL=${data}\n`)).toBe(data);
  });
});

describe('envVarAt', () => {
  it('names process.env and import.meta.env reads, dotted or bracketed', () => {
    expect(envVarAt('const k = process.env.NEXT_PUBLIC_CENCORI_KEY;', 10)).toBe('NEXT_PUBLIC_CENCORI_KEY');
    expect(envVarAt("const k = process.env['CENCORI_API_KEY'];", 10)).toBe('CENCORI_API_KEY');
    expect(envVarAt('const k = import.meta.env.VITE_CENCORI_SECRET', 10)).toBe('VITE_CENCORI_SECRET');
    expect(envVarAt('const k = import.meta.env["PUBLIC_KEY"]', 10)).toBe('PUBLIC_KEY');
    expect(envVarAt('const k = "literal"', 10)).toBeUndefined();
  });

  it('picks the read nearest the mapped column', () => {
    const line = 'f(process.env.A, process.env.B)';
    expect(envVarAt(line, 2)).toBe('A');
    expect(envVarAt(line, line.indexOf('process.env.B'))).toBe('B');
  });
});

describe('followAlias', () => {
  const readsEnv = (lines: string[]) => (p: { line: number; column: number }) => envVarAt(lines[p.line]!, p.column) !== undefined;

  it('follows an inlined constant back to its declaration', () => {
    const lines = ['const apiKey = import.meta.env.VITE_KEY;', 'fetch(u, { headers: { a: `Bearer ${apiKey}` } });'];
    const use = { line: 1, column: lines[1]!.indexOf('`') };
    expect(followAlias(lines, use, readsEnv(lines))).toEqual({ line: 0, column: lines[0]!.indexOf('import') });
  });

  it('follows a few hops and stops at what is not an alias', () => {
    const lines = ['const a: string = process.env.KEY!;', 'let b = a;', 'use(b);'];
    expect(followAlias(lines, { line: 2, column: 4 }, readsEnv(lines))).toEqual({ line: 0, column: lines[0]!.indexOf('process') });
    const literal = ['use("x");'];
    expect(followAlias(literal, { line: 0, column: 4 }, readsEnv(literal))).toEqual({ line: 0, column: 4 });
  });
});

describe('SourcesContentLocator', () => {
  it('finds the source and line of an offset inside sourcesContent, escapes decoded', () => {
    const map = JSON.stringify({
      version: 3,
      names: ['sourcesContent'],
      sources: ['a.ts', 'b.ts'],
      sourcesContent: [null, 'const s = "\\u00e9\\"";\n\tconst k = "KEY";\n'],
      mappings: '',
    });
    const spans = sourcesContentSpans(map);
    expect(spans[0]).toBeUndefined();
    expect(new SourcesContentLocator(map, spans).locate(map.indexOf('KEY'))).toEqual({ sourceIndex: 1, line: 1, column: 12 });
    expect(new SourcesContentLocator(map, spans).locate(map.indexOf('b.ts'))).toBeUndefined();
  });

  it('one locator answers offsets in any order as a fresh decode would, across sources, escapes and line breaks', () => {
    const sources = ['const a = "\\u00e9 KEY";\r\nKEY', null, '\tKEY\u2028KEY\n\n  "KEY"\\KEY', 'x'];
    const map = JSON.stringify({ version: 3, names: [], sources: sources.map((_, i) => `s${i}.ts`), sourcesContent: sources, mappings: '' });
    const spans = sourcesContentSpans(map);
    const offsets = [...map.matchAll(/KEY/g)].map((m) => m.index);
    expect(offsets.length).toBeGreaterThan(5);
    const expected = (index: number) => {
      const sourceIndex = spans.findIndex((s) => s !== undefined && s.start < index && index < s.end);
      const before = JSON.parse(`${map.slice(spans[sourceIndex]!.start, index)}"`) as string;
      return { sourceIndex, line: before.split('\n').length - 1, column: before.length - (before.lastIndexOf('\n') + 1) };
    };
    const locator = new SourcesContentLocator(map, spans);
    for (const index of [...offsets, ...offsets.slice().reverse(), offsets[2]!]) expect(locator.locate(index)).toEqual(expected(index));
    expect(locator.locate(map.indexOf('"version"'))).toBeUndefined();
  });
});
