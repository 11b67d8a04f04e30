import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import picomatch from 'picomatch';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin, { configs, rules } from '../../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ruleEntries = Object.entries(rules);
/** The rules as the folder holds them: every rules/*.ts but the two that assemble the map. */
const RULE_FILE_IDS = readdirSync(path.join(root, 'rules'))
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && name !== 'rule-modules.ts')
  .map((name) => name.slice(0, -3))
  .sort();

interface JsonSchema {
  type?: string;
  description?: string;
  additionalProperties?: boolean;
  properties?: Record<string, JsonSchema>;
}

describe('plugin meta', () => {
  it('exports every rule file under rules/, by its id, and nothing else', () => {
    expect(Object.keys(rules).sort()).toEqual(RULE_FILE_IDS);
    for (const [id, rule] of ruleEntries) expect({ id, name: rule.name }).toEqual({ id, name: id });
    expect(rules).toBe(plugin.rules);
    expect(RULE_FILE_IDS.length).toBeGreaterThan(0);
  });

  it('rules/rule-modules.ts holds one sorted line per rule file, as scripts/new-rule.mjs writes it', () => {
    const lines = readFileSync(path.join(root, 'rules/rule-modules.ts'), 'utf8').split('\n').filter((l) => l.startsWith('export'));
    expect(lines).toEqual(RULE_FILE_IDS.map((id) => `export { default as '${id}' } from './${id}.js';`));
  });

  it.each(ruleEntries)('%s has a doc page beside it that meta.docs.url points to', (id, rule) => {
    expect(existsSync(path.join(root, 'rules', `${id}.md`))).toBe(true);
    expect(rule.meta.docs?.url).toMatch(new RegExp(`/rules/${id}\\.md$`));
    expect(rule.meta.docs?.description).toBeTruthy();
  });

  it.each(ruleEntries)('%s describes every option, allows no unknown ones and declares defaults', (_id, rule) => {
    const schema = rule.meta.schema as JsonSchema[];
    for (const option of schema) {
      expect(option.additionalProperties).toBe(false);
      for (const property of Object.values(option.properties ?? {})) expect(property.description).toBeTruthy();
    }
    if (schema.length > 0) {
      const defaults = rule.meta.defaultOptions as Array<Record<string, unknown>>;
      expect(defaults).toHaveLength(schema.length);
      expect(Object.keys(defaults[0]!).sort()).toEqual(Object.keys(schema[0]!.properties ?? {}).sort());
    }
  });

  it('recommended (flat) holds every recommended rule as an error, with the plugin itself', () => {
    const expected = Object.fromEntries(
      ruleEntries.filter(([, rule]) => rule.meta.docs?.recommended).map(([id]) => [`cencori/${id}`, 'error']),
    );
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(configs.recommended.rules).toEqual(expected);
    expect(configs.recommended.plugins?.cencori).toBe(plugin);
    expect(configs['recommended-legacy']).toEqual({ plugins: ['cencori'], rules: expected });
  });

  it('recommended (flat) names every JS, TS and markup file kind, so a TypeScript app is linted whole', () => {
    const files = (configs.recommended.files ?? []).flat() as string[];
    for (const file of ['a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.vue', 'a.svelte', 'a.astro']) {
      expect({ file, matched: picomatch(files)(`src/${file}`) }).toEqual({ file, matched: true });
    }
    expect((configs.recommended.languageOptions?.parser as { meta?: { name?: string } } | undefined)?.meta?.name).toBe('eslint-plugin-cencori/parser');
  });

  it('CommonJS users get the same plugin shape', () => {
    const required = createRequire(import.meta.url)(path.join(root, 'dist/index.cjs')) as typeof plugin;
    expect(Object.keys(required.rules).sort()).toEqual(Object.keys(plugin.rules).sort());
    expect(Object.keys(required.configs.recommended.rules ?? {}).sort()).toEqual(Object.keys(configs.recommended.rules ?? {}).sort());
    expect(required.configs.recommended.plugins?.cencori?.rules).toBe(required.rules);
  });

  it.each(RULE_FILE_IDS)('%s doc has its sections in order', (id) => {
    const doc = readFileSync(path.join(root, 'rules', `${id}.md`), 'utf8');
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Examples', 'Options', 'When not to use it', 'Related']);
    expect(doc.indexOf('❌ Incorrect')).toBeLessThan(doc.indexOf('✅ Correct'));
  });

  it('README rules table and rule doc headers match the rules (eslint-doc-generator --check)', () => {
    const bin = createRequire(import.meta.url).resolve('eslint-doc-generator/package.json').replace(/package\.json$/, 'dist/bin/eslint-doc-generator.js');
    const result = spawnSync(process.execPath, [bin, '--check'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr + result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
