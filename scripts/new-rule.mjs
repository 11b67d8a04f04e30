#!/usr/bin/env node
// Scaffolds a new rule, as eslint-plugin-regexp's tools/new-rule.ts does: the rule, its doc and
// its test, plus the one line in rules/rule-modules.ts that puts it into the plugin.
//
//   node scripts/new-rule.mjs <rule-id> [--description "Disallow ..."] [--root <repository>]
//
// Then write the rule and its cases, and run `npm run docs` to fill the doc header and the
// README's rules table (the meta tests fail until both match the rule).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function fail(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

const toCamel = (id) => id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

function ruleSource(id, description) {
  return `import { createRule } from './utils/create-rule.js';

export type Options = [
  {
    /** TODO: the rule's options, each described in the schema below. */
    checkSomething?: boolean;
  },
];
export type MessageIds = '${toCamel(id)}';

export default createRule<Options, MessageIds>({
  name: '${id}',
  meta: {
    type: 'problem',
    docs: {
      description: ${JSON.stringify(description)},
      recommended: false,
    },
    messages: {
      ${toCamel(id)}: 'TODO: what is wrong, why it matters, what to do instead.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkSomething: {
            type: 'boolean',
            description: 'TODO: what this option makes the rule do.',
          },
        },
      },
    ],
    defaultOptions: [{ checkSomething: true }],
  },
  create(context, [options]) {
    void options;
    return {
      // TODO: listeners; report the narrowest node, e.g.
      // Literal(node) { context.report({ node, messageId: '${toCamel(id)}' }); },
      Program() {
        void context;
      },
    };
  },
});
`;
}

function docSource(id, description) {
  return `# cencori/${id}

📝 ${description}.

<!-- end auto-generated rule header -->

TODO: why the rule exists, in two or three sentences.

## Examples

❌ Incorrect

\`\`\`js
// TODO
\`\`\`

✅ Correct

\`\`\`js
// TODO
\`\`\`

## Options

<!-- begin auto-generated rule options list -->
<!-- end auto-generated rule options list -->

## When not to use it

TODO

## Related

- TODO
`;
}

function testSource(id) {
  return `import rule, { type MessageIds, type Options } from '../../rules/${id}.js';
import { createRuleTester } from '../helpers/rule-tester.js';

const ruleTester = createRuleTester();

// The rule tester pins its own copy of @typescript-eslint/utils: same shape, different private types.
ruleTester.run<MessageIds, Options>('${id}', rule as never, {
  valid: [
    { name: 'TODO: code the rule accepts', code: 'export const ok = 1;' },
  ],
  invalid: [
    // Fails until the rule reports: write the case the rule exists for.
    {
      name: 'TODO: reports the code the rule exists for',
      code: 'export const bad = 1;',
      errors: [{ messageId: '${toCamel(id)}', line: 1, column: 1 }],
    },
  ],
});
`;
}

/** Inserts the rule's export line into rules/rule-modules.ts, keeping the lines sorted. */
function registerRule(file, id) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const exportLine = (ruleId) => `export { default as '${ruleId}' } from './${ruleId}.js';`;
  const head = lines.filter((l) => !l.startsWith('export') && l !== '');
  const ids = lines.filter((l) => l.startsWith('export')).map((l) => /as '([^']+)'/.exec(l)?.[1]).filter(Boolean);
  ids.push(id);
  ids.sort();
  writeFileSync(file, `${[...head, ...ids.map(exportLine)].join('\n')}\n`);
}

function main() {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { description: { type: 'string' }, root: { type: 'string' } } });
  } catch (error) {
    fail(error.message);
  }
  const [id, ...extra] = parsed.positionals;
  if (!id || extra.length > 0) fail('usage: node scripts/new-rule.mjs <rule-id> [--description "Disallow ..."]');
  if (!RULE_ID.test(id)) fail(`rule id must be kebab-case (e.g. no-key-in-url), got ${JSON.stringify(id)}`);
  const root = path.resolve(parsed.values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const registry = path.join(root, 'rules/rule-modules.ts');
  if (!existsSync(registry)) fail(`${registry} not found: is --root the repository?`);
  const files = {
    [`rules/${id}.ts`]: ruleSource(id, parsed.values.description ?? `TODO: describe ${id}`),
    [`rules/${id}.md`]: docSource(id, parsed.values.description ?? `TODO: describe ${id}`),
    [`test/rules/${id}.test.ts`]: testSource(id),
  };
  for (const name of Object.keys(files)) if (existsSync(path.join(root, name))) fail(`${name} already exists`);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  registerRule(registry, id);
  process.stdout.write(`${[...Object.keys(files), 'rules/rule-modules.ts (one line)'].map((f) => `wrote ${f}`).join('\n')}\nnext: write the rule and its cases, then \`npm run docs\` for the doc header and README table\n`);
}

main();
