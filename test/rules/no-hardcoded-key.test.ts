import rule, { type MessageIds, type Options } from '../../rules/no-hardcoded-key.js';
import { makeKey, masked } from '../helpers/keys.js';
import { createRuleTester } from '../helpers/rule-tester.js';

const ruleTester = createRuleTester();

const key = makeKey('secret-live');
const testKey = makeKey('secret-test');
const legacy = makeKey('legacy-base58');
const agent = makeKey('agent');
const pub = makeKey('publishable-live');
const head = key.slice(0, 20);
const tail = key.slice(20);

/** 1-based line and column of the first occurrence of `needle` in `code`. */
function at(code: string, needle: string, from = 0): { line: number; column: number } {
  const index = code.indexOf(needle, from);
  if (index < 0) throw new Error('needle not in code');
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const ENV = 'process.env.CENCORI_API_KEY';
const suggestion = (output: string) => [{ messageId: 'useEnvVariable' as const, output }];

const literalCode = `const apiKey = '${key}';`;
const bearerCode = `fetch(url, { headers: { Authorization: 'Bearer ${key}' } });`;
const templateCode = 'const auth = `Bearer ' + testKey + ' for ${user}`;';
const concatCode = `const k = '${head}' + '${tail}';`;
const constCode = `const PREFIX = '${head}';\nconst apiKey = PREFIX + '${tail}';`;
const templateSplitCode = `const PART = '${tail}';\nconst apiKey = \`${head}\${PART}\`;`;
const joinCode = `const apiKey = ['${key.slice(0, 10)}', '${key.slice(10, 30)}', '${key.slice(30)}'].join('');`;
const reusedCode = `const apiKey = '${key}';\nconst header = 'Bearer ' + apiKey;`;
const reusedComposite = `const apiKey = '${head}' + '${tail}';\nconst header = \`Bearer \${apiKey}\`;`;
const nestedCode = `const header = 'Bearer ' + ('${head}' + '${tail}') + suffix;`;
const lineComment = `// old key: ${legacy}\nconst x = 1;`;
const blockComment = `/*\n * agent ${agent}\n */\nexport {};`;
const jsxAttribute = `const el = <Chat apiKey="${key}" />;`;
const jsxText = `const el = <pre>${key}</pre>;`;
const jsxExpression = `const el = <Chat apiKey={'${head}' + '${tail}'} />;`;
const escapedCode = `const k = '${key.slice(0, 4)}\\x${key.charCodeAt(4).toString(16)}${key.slice(5)}';`;
const regexCode = `const pattern = /${key}/;`;
const publishableCode = `const pk = '${pub}';`;
const twoKeysCode = `const keys = '${key},${testKey}';`;
const taggedCode = 'const k = String.raw`' + key + '`;';

// The rule tester pins its own copy of @typescript-eslint/utils: same shape, different private types.
ruleTester.run<MessageIds, Options>('no-hardcoded-key', rule as never, {
  valid: [
    // Validation code names the prefix and the shape, never a key.
    "if (key.startsWith('csk_') || key.startsWith('csk_test_')) ok();",
    'const KEY_RE = /^csk_[a-f0-9]{48}$/;',
    "const KEY_RE = new RegExp('^csk_[a-f0-9]{48}$');",
    // Placeholders and masked keys from docs and the dashboard.
    "const k = 'csk_' + 'a'.repeat(48);",
    `const k = 'csk_${'0'.repeat(48)}';`,
    `const k = 'csk_${'deadbeef'.repeat(6)}';`,
    "const shown = 'csk_1a2b...';",
    "const k = 'csk_your_api_key_here';",
    `const k = 'csk_${'a1'.repeat(24)}';`,
    // One character short or long is no key.
    { name: 'a 47-character body is no key', code: `const k = '${key.slice(0, -1)}';` },
    { name: 'a 49-character body is no key', code: `const k = '${key}f';` },
    // Someone else's key that ends in csk_…
    { name: "someone else's key ending in csk_ is no key", code: `const k = 'egy_${key}';` },
    `const k = process.env.CENCORI_API_KEY;`,
    // Publishable keys are meant for the browser.
    { name: 'a publishable key is not reported by default', code: publishableCode },
    { name: 'comments are skipped with checkComments: false', code: `// ${key}`, options: [{ checkComments: false }] },
    // Not static: nothing to see until run time.
    `const k = 'csk_' + body;`,
    `const k = \`csk_\${await load()}\`;`,
  ],
  invalid: [
    {
      name: 'reports a key in a string literal, the key alone',
      code: literalCode,
      errors: [{ messageId: 'hardcodedKey', ...at(literalCode, key), endColumn: at(literalCode, key).column + key.length, suggestions: suggestion(`const apiKey = ${ENV};`) }],
    },
    {
      name: 'reports a key inside a longer string and suggests a template',
      code: bearerCode,
      errors: [{ messageId: 'hardcodedKey', ...at(bearerCode, key), suggestions: suggestion(`fetch(url, { headers: { Authorization: \`Bearer \${${ENV}}\` } });`) }],
    },
    {
      name: 'reports a key in a template literal quasi',
      code: templateCode,
      errors: [{ messageId: 'hardcodedKey', ...at(templateCode, testKey), suggestions: suggestion('const auth = `Bearer ${' + ENV + '} for ${user}`;') }],
    },
    {
      name: 'reports a csk_ key split across a concatenation',
      code: concatCode,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 11, endColumn: concatCode.length, suggestions: [] }],
    },
    {
      name: 'reports a key built from a const variable',
      code: constCode,
      errors: [{ messageId: 'hardcodedKey', line: 2, column: 16, suggestions: [] }],
    },
    {
      name: 'reports a key built in a template from a const',
      code: templateSplitCode,
      errors: [{ messageId: 'hardcodedKey', line: 2, column: 16, suggestions: [] }],
    },
    {
      name: 'reports a key joined from an array of literals',
      code: joinCode,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 16, suggestions: [] }],
    },
    {
      name: 'reports a key where it is written, not again where it is used',
      // The key is reported where it is written, not again where it is used.
      code: reusedCode,
      errors: [{ messageId: 'hardcodedKey', ...at(reusedCode, key), suggestions: suggestion(`const apiKey = ${ENV};\nconst header = 'Bearer ' + apiKey;`) }],
    },
    {
      name: 'reports a composite key once, not again where it is used',
      code: reusedComposite,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 16, suggestions: [] }],
    },
    {
      name: 'reports the narrowest expression holding the key inside a non-static one',
      // The narrowest expression that holds the whole key, even inside a non-static one.
      code: nestedCode,
      errors: [{ messageId: 'hardcodedKey', ...at(nestedCode, `'${head}'`), endColumn: at(nestedCode, ') + suffix').column, suggestions: [] }],
    },
    {
      name: 'reports a key in a line comment',
      code: lineComment,
      errors: [{ messageId: 'hardcodedKey', ...at(lineComment, legacy), suggestions: [] }],
    },
    {
      name: 'reports a key in a block comment',
      code: blockComment,
      filename: 'file.ts',
      errors: [{ messageId: 'hardcodedKey', ...at(blockComment, agent), suggestions: [] }],
    },
    {
      name: 'reports a key in a JSX attribute and suggests an expression container',
      code: jsxAttribute,
      filename: 'component.tsx',
      errors: [{ messageId: 'hardcodedKey', ...at(jsxAttribute, key), suggestions: suggestion(`const el = <Chat apiKey={${ENV}} />;`) }],
    },
    {
      name: 'reports a key in JSX text',
      code: jsxText,
      filename: 'component.jsx',
      errors: [{ messageId: 'hardcodedKey', ...at(jsxText, key), suggestions: [] }],
    },
    {
      name: 'reports a key concatenated in a JSX expression',
      code: jsxExpression,
      filename: 'component.tsx',
      errors: [{ messageId: 'hardcodedKey', ...at(jsxExpression, `'${head}'`), suggestions: [] }],
    },
    {
      name: 'reports the whole literal when an escape splits the characters of the key',
      // An escape inside the key: the characters are not written verbatim, so the whole literal.
      code: escapedCode,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 11, endColumn: escapedCode.length, suggestions: suggestion(`const k = ${ENV};`) }],
    },
    {
      name: 'reports a key in a regex literal',
      code: regexCode,
      errors: [{ messageId: 'hardcodedKey', ...at(regexCode, key), suggestions: [] }],
    },
    {
      name: 'reports a publishable key with checkPublishable',
      code: publishableCode,
      options: [{ checkPublishable: true }],
      errors: [{ messageId: 'hardcodedKey', ...at(publishableCode, pub), data: { masked: masked(pub), description: 'production publishable key' }, suggestions: [] }],
    },
    {
      name: 'reports both keys of one literal; each suggestion removes every key',
      code: twoKeysCode,
      errors: [
        { messageId: 'hardcodedKey', ...at(twoKeysCode, key), suggestions: suggestion(`const keys = \`\${${ENV}},\${${ENV}}\`;`) },
        { messageId: 'hardcodedKey', ...at(twoKeysCode, testKey), suggestions: suggestion(`const keys = \`\${${ENV}},\${${ENV}}\`;`) },
      ],
    },
    {
      name: 'reports a key in a tagged template without a suggestion',
      code: taggedCode,
      errors: [{ messageId: 'hardcodedKey', ...at(taggedCode, key), suggestions: [] }],
    },
    {
      name: 'reports a key in a type without a suggestion',
      code: `type K = '${key}';`,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 11, data: { masked: masked(key), description: 'production secret key' }, suggestions: [] }],
    },
  ],
});
