import { Linter } from 'eslint';
import * as astroParser from 'astro-eslint-parser';
import * as svelteParser from 'svelte-eslint-parser';
import * as vueParser from 'vue-eslint-parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import rule, { type MessageIds, type Options } from '../../rules/no-hardcoded-key.js';
import { makeKey } from '../helpers/keys.js';
import { createRuleTester } from '../helpers/rule-tester.js';

const ruleTester = createRuleTester();

const key = makeKey('secret-live');
const other = makeKey('secret-test');
const ENV = 'process.env.CENCORI_API_KEY';

/** 1-based line and column of the first occurrence of `needle` in `code`. */
function at(code: string, needle: string): { line: number; column: number; endLine: number; endColumn: number } {
  const index = code.indexOf(needle);
  if (index < 0) throw new Error('needle not in code');
  const before = code.slice(0, index).split('\n');
  const column = before[before.length - 1]!.length + 1;
  return { line: before.length, column, endLine: before.length, endColumn: column + needle.length };
}

const hit = (code: string, needle = key) => ({ messageId: 'hardcodedKey' as const, ...at(code, needle) });

const vue = { parser: vueParser };
const svelte = { parser: svelteParser };
const astro = { parser: astroParser };

const vueTemplate = `<template>\n  <!-- old: ${key} -->\n  <chat api-key="${other}" />\n</template>\n<script>\nexport default {};\n</script>\n`;
const vueScript = `<template><p>hi</p></template>\n<script setup>\nconst k = '${key}';\n</script>\n`;
const svelteMarkup = `<script>\n  export let name;\n</script>\n\n<!-- ${key} -->\n<Chat apiKey="${other}" {name} />\n`;
const svelteText = `<p>Your key: ${key}</p>\n`;
const astroFrontmatter = `---\nconst k = '${key}';\n---\n<Chat apiKey={k} />\n`;
const astroMarkup = `---\nconst title = 'x';\n---\n<!-- old: ${key} -->\n<Chat apiKey="${other}" {title} />\n`;
const astroText = `---\n---\n<p>Your key: ${key}</p>\n<script>\n  const k = '${other}';\n</script>\n`;
const sameLineAllow = `const k = '${key}'; // cencori-scan:allow\n`;
const lineBeforeAllow = `// cencori-scan:allow (fixture for the docs)\nconst k = '${key}';\n`;
const tooFarAllow = `// cencori-scan:allow\n\nconst k = '${key}';\n`;
const twoInQuasi = 'const auth = `' + key + ' then ' + other + ' for ${user}`;';
const longChain = `const k = '${key.slice(0, 20)}' + '${key.slice(20)}' + ${Array.from({ length: 300 }, (_, i) => `' t${i}'`).join(' + ')} + suffix;`;

const continued = `const k = '${key.slice(0, 30)}\\\n${key.slice(30)}';`;
const entity = `const el = <p>&#99;${key.slice(1)}</p>;`;
const splitPrefix = `const k = 'cs' + '${key.slice(2)}';`;
const splitAfterC = `const k = 'c' + '${key.slice(1)}';`;
const splitByConst = `const P = 'cs';\nconst k = \`\${P}${key.slice(2)}\`;`;
const splitEscaped = `const k = '\\x63s' + '${key.slice(2)}';`;

ruleTester.run<MessageIds, Options>('no-hardcoded-key', rule as never, {
  valid: [
    { name: 'a Vue template without keys', code: '<template><p>{{ msg }}</p></template>\n<script>\nexport default {};\n</script>\n', filename: 'a.vue', languageOptions: vue },
    { name: 'an Astro file without keys', code: '---\nconst title = "x";\n---\n<!-- note -->\n<h1 class="t">{title}</h1>\n', filename: 'a.astro', languageOptions: astro },
    { name: 'cencori-scan:allow in an Astro HTML comment covers the next line', code: `---\n---\n<!-- cencori-scan:allow -->\n<Chat apiKey="${key}" />\n`, filename: 'a.astro', languageOptions: astro },
    { name: 'a Svelte file without keys', code: '<script>let a = 1;</script>\n<p>{a}</p>\n', filename: 'a.svelte', languageOptions: svelte },
    { name: 'cencori-scan:allow on the same line is honoured', code: sameLineAllow },
    { name: 'cencori-scan:allow on the line before is honoured', code: lineBeforeAllow },
    { name: 'cencori-scan:allow in a Svelte HTML comment covers the next line', code: `<!-- cencori-scan:allow -->\n<Chat apiKey="${key}" />\n`, filename: 'a.svelte', languageOptions: svelte },
    { name: 'HTML comments are skipped too with checkComments: false only when they are JS comments', code: `// ${key}`, options: [{ checkComments: false }] },
  ],
  invalid: [
    {
      name: 'reports keys in a Vue template comment and attribute, each at its place',
      code: vueTemplate,
      filename: 'chat.vue',
      languageOptions: vue,
      errors: [{ ...hit(vueTemplate), suggestions: [] }, { ...hit(vueTemplate, other), suggestions: [] }],
    },
    {
      name: 'reports a key in a Vue script block once, with the suggestion',
      code: vueScript,
      filename: 'chat.vue',
      languageOptions: vue,
      errors: [{ ...hit(vueScript), suggestions: [{ messageId: 'useEnvVariable', output: vueScript.replace(`'${key}'`, ENV) }] }],
    },
    {
      name: 'reports keys in Svelte markup: an HTML comment and an attribute',
      code: svelteMarkup,
      filename: 'chat.svelte',
      languageOptions: svelte,
      errors: [{ ...hit(svelteMarkup), suggestions: [] }, { ...hit(svelteMarkup, other), suggestions: [] }],
    },
    {
      name: 'reports a key in Svelte text',
      code: svelteText,
      filename: 'key.svelte',
      languageOptions: svelte,
      errors: [{ ...hit(svelteText), suggestions: [] }],
    },
    {
      name: 'reports a key in Astro frontmatter once, with the suggestion',
      code: astroFrontmatter,
      filename: 'page.astro',
      languageOptions: astro,
      errors: [{ ...hit(astroFrontmatter), suggestions: [{ messageId: 'useEnvVariable', output: astroFrontmatter.replace(`'${key}'`, ENV) }] }],
    },
    {
      // astro-eslint-parser gives attributes JSX nodes: the attribute's value can be replaced by an expression.
      name: 'reports keys in Astro markup: an HTML comment and an attribute, each at its place',
      code: astroMarkup,
      filename: 'page.astro',
      languageOptions: astro,
      errors: [
        { ...hit(astroMarkup), suggestions: [] },
        { ...hit(astroMarkup, other), suggestions: [{ messageId: 'useEnvVariable', output: astroMarkup.replace(`"${other}"`, `{${ENV}}`) }] },
      ],
    },
    {
      name: 'reports a key in Astro text and one in a client <script>',
      code: astroText,
      filename: 'page.astro',
      languageOptions: astro,
      errors: [{ ...hit(astroText), suggestions: [] }, { ...hit(astroText, other), suggestions: [] }],
    },
    {
      name: 'cencori-scan:allow two lines up covers nothing',
      code: tooFarAllow,
      errors: [{ ...hit(tooFarAllow), suggestions: [{ messageId: 'useEnvVariable', output: tooFarAllow.replace(`'${key}'`, ENV) }] }],
    },
    {
      name: 'the suggestion for one key in a template quasi removes the second key too',
      code: twoInQuasi,
      errors: [
        { ...hit(twoInQuasi), suggestions: [{ messageId: 'useEnvVariable', output: 'const auth = `${' + ENV + '} then ${' + ENV + '} for ${user}`;' }] },
        { ...hit(twoInQuasi, other), suggestions: [{ messageId: 'useEnvVariable', output: 'const auth = `${' + ENV + '} then ${' + ENV + '} for ${user}`;' }] },
      ],
    },
    {
      name: 'reports a key at the start of a 300-term chain with a non-static tail, at its two literals',
      code: longChain,
      errors: [{ messageId: 'hardcodedKey', ...at(longChain, `'${key.slice(0, 20)}' + '${key.slice(20)}'`), suggestions: [] }],
    },
    {
      name: 'reports a key split by a line continuation at its literal',
      code: continued,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 11, suggestions: [{ messageId: 'useEnvVariable', output: `const k = ${ENV};` }] }],
    },
    {
      name: 'reports a key spelled with an HTML entity in JSX text',
      code: entity,
      filename: 'page.tsx',
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 15, suggestions: [] }],
    },
    ...[
      ['a literal ends inside the prefix', splitPrefix, 1],
      ['a literal starts inside the prefix', splitAfterC, 1],
      ['a const holds part of the prefix', splitByConst, 2],
      ['an escape spells part of the prefix', splitEscaped, 1],
    ].map(([what, code, line]) => ({
      name: `reports a key assembled where ${what as string}`,
      code: code as string,
      errors: [{ messageId: 'hardcodedKey' as const, line: line as number, suggestions: [] }],
    })),
  ],
});

describe('suppression beside ESLint disable comments', () => {
  const linter = new Linter({ configType: 'flat' });
  const config = [plugin.configs.recommended] as Linter.Config[];

  it('an ESLint disable comment keeps silencing the rule, and the allow marker silences every rule on its line', () => {
    const code = [
      `// eslint-disable-next-line cencori/no-hardcoded-key`,
      `const a = '${key}';`,
      `const c = '${makeKey()}';`,
      'export const f = process.env.NEXT_PUBLIC_CENCORI_API_KEY;',
      '',
      `const b = '${other}'; // cencori-scan:allow`,
      '',
      'export const e = process.env.NEXT_PUBLIC_CENCORI_API_KEY; // cencori-scan:allow',
    ].join('\n');
    const messages = linter.verify(code, config, 'src/a.ts');
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['cencori/no-hardcoded-key', 3],
      ['cencori/no-public-secret-env', 4],
    ]);
  });
});

describe('the recommended config on .astro files', () => {
  it("parses them with the project's astro-eslint-parser and reports keys in frontmatter and markup", () => {
    const linter = new Linter({ configType: 'flat' });
    const code = `---\nconst k = '${key}';\n---\n<!-- ${other} -->\n<Chat apiKey={k} />\n`;
    const messages = linter.verify(code, [plugin.configs.recommended] as Linter.Config[], 'src/pages/index.astro');
    expect(messages.map((m) => [m.ruleId, m.line, m.column, m.fatal ?? false])).toEqual([
      ['cencori/no-hardcoded-key', 2, 12, false],
      ['cencori/no-hardcoded-key', 4, 6, false],
    ]);
  });
});
