import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { KEY_FORMATS } from '../../src/keys/index.js';
import { makeKey, masked } from '../helpers/keys.js';

/** Every way a key can sit in code that the rules report, for one key. */
function samples(key: string): Array<{ filename: string; code: string }> {
  const cut = Math.floor(key.length / 2);
  return [
    { filename: 'a.ts', code: `export const k = '${key}';` },
    { filename: 'b.ts', code: `export const h = 'Bearer ${key} end';` },
    { filename: 'c.ts', code: 'export const t = `x ' + key + ' ${y}`;' },
    { filename: 'd.ts', code: `const A = '${key.slice(0, cut)}';\nexport const k = A + '${key.slice(cut)}';` },
    { filename: 'e.tsx', code: `export const el = <Chat apiKey="${key}">${key}</Chat>;` },
    { filename: 'f.ts', code: `// ${key}\n/* ${key} */\nexport {};` },
    { filename: 'g.ts', code: `export const k = ['${key.slice(0, cut)}', '${key.slice(cut)}'].join('');` },
  ];
}

function indexOf(code: string, line: number, column: number): number {
  const lines = code.split('\n');
  return lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
}

describe('rule output never holds a full key', () => {
  const linter = new Linter({ configType: 'flat' });
  const config = [
    { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
    { ...plugin.configs.recommended, files: ['**/*.ts', '**/*.tsx'] },
    { files: ['**/*.ts', '**/*.tsx'], rules: { 'cencori/no-hardcoded-key': ['error', { checkPublishable: true }] } },
  ] as Linter.Config[];

  it.each(KEY_FORMATS.map((f) => f.id))('masks a %s key in every message and suggestion', (formatId) => {
    const key = makeKey(formatId);
    let reports = 0;
    for (const { filename, code } of samples(key)) {
      const messages = linter.verify(code, config, filename);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        reports++;
        // Booleans, not toContain: a failing assertion would print the key it found.
        expect(message.message.includes(key)).toBe(false);
        expect(message.message.includes(masked(key))).toBe(true);
        for (const suggestion of message.suggestions ?? []) {
          expect(suggestion.desc.includes(key)).toBe(false);
          expect(suggestion.fix.text.includes(key)).toBe(false);
          // The replaced range covers the reported key, so applying the suggestion removes it.
          const start = indexOf(code, message.line, message.column);
          expect(suggestion.fix.range[0]).toBeLessThanOrEqual(start);
          expect(suggestion.fix.range[1]).toBeGreaterThanOrEqual(indexOf(code, message.endLine!, message.endColumn!));
        }
      }
    }
    expect(reports).toBeGreaterThanOrEqual(9);
  });
});
