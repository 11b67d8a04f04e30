import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { KEY_FORMATS } from '../../src/keys/index.js';
import { makeKey, masked } from '../helpers/keys.js';
import { createProject } from '../helpers/project.js';

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

describe('rule output never holds a key-shaped string, wherever the rules quote from', () => {
  /** Every string a message or suggestion carries, as the editor and formatters see it. */
  function outputs(messages: Linter.LintMessage[]): string[] {
    return messages.flatMap((m) => [m.message, ...(m.suggestions ?? []).flatMap((s) => [s.desc, s.fix.text]), ...(m.fix ? [m.fix.text] : [])]);
  }

  it("masks a key in a .env file's name, a key-shaped env var name and a second key in a quasi", () => {
    const inName = makeKey();
    const inValue = makeKey();
    const inVarName = makeKey();
    const first = makeKey();
    const second = makeKey('secret-test');
    const project = createProject({
      [`.env.${inName}`]: `NEXT_PUBLIC_CENCORI_API_KEY=${inValue}\nNEXT_PUBLIC_CENCORI_SECRET_backup_${inVarName}=${inValue}\n`,
      'src/a.ts': [
        'export const k = process.env.NEXT_PUBLIC_CENCORI_API_KEY;',
        // The boundary rule makes this no key for detection; output masks it all the same.
        `export const j = process.env.NEXT_PUBLIC_CENCORI_SECRET_backup_${inVarName};`,
        'export const t = `' + first + ' and ' + second + ' ${x}`;',
      ].join('\n'),
    });
    try {
      const cwdLinter = new Linter({ configType: 'flat', cwd: project.dir });
      const messages = cwdLinter.verify(readFileSync(project.path('src/a.ts'), 'utf8'), [plugin.configs.recommended] as Linter.Config[], project.path('src/a.ts'));
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      expect(messages.map((m) => m.ruleId).sort()).toEqual(['cencori/no-hardcoded-key', 'cencori/no-hardcoded-key', 'cencori/no-public-secret-env', 'cencori/no-public-secret-env']);
      const texts = outputs(messages);
      for (const key of [inName, inValue, inVarName, first, second]) {
        expect(texts.some((t) => t.includes(key))).toBe(false);
      }
      expect(texts.some((t) => t.includes(masked(inName)))).toBe(true);
      expect(texts.some((t) => t.includes(masked(inVarName)))).toBe(true);
    } finally {
      project.cleanup();
    }
  });
});
