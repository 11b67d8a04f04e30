import type { ESLint, Linter, Rule } from 'eslint';
import { rules } from '../rules/index.js';
import { parser } from './parser.js';
import { PACKAGE_NAME, VERSION } from './version.js';

type RuleName = keyof typeof rules;

/**
 * The plugin as ESLint's own types name it (eslint 9 and 10 ship them), so that
 * `defineConfig([cencori.configs.recommended])` and `Linter.Config[]` type-check in users' configs.
 */
export interface CencoriPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: {
    /** Flat config: `export default [cencori.configs.recommended]`. */
    recommended: Linter.Config;
    /** For .eslintrc users: `extends: ['plugin:cencori/recommended-legacy']`. */
    'recommended-legacy': Linter.LegacyConfig;
  };
}

/** Every rule whose docs say `recommended`, as an error: derived from rule meta, never listed twice. */
function recommendedRules(): Linter.RulesRecord {
  const levels: Linter.RulesRecord = {};
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.meta.docs?.recommended) levels[`cencori/${name}`] = 'error';
  }
  return levels;
}

/**
 * Every file kind a key can be written in. Flat config lints only .js/.mjs/.cjs unless some config
 * names more, so without these a TypeScript app would be linted in its three config files only.
 */
export const RECOMMENDED_FILES = ['**/*.{js,mjs,cjs,jsx}', '**/*.{ts,tsx,mts,cts}', '**/*.{vue,svelte,astro}'];

/** The ESLint plugin: `cencori.rules` and `cencori.configs` (`recommended`, `recommended-legacy`). */
export const plugin: CencoriPlugin = {
  // `namespace` tells ESLint 9.x (and config inspectors) the prefix the rules expect.
  meta: { name: PACKAGE_NAME, version: VERSION, namespace: 'cencori' },
  // typescript-eslint's RuleModule is ESLint's at run time; only the declared types differ.
  rules: rules as unknown as CencoriPlugin['rules'],
  configs: {
    recommended: {
      name: 'cencori/recommended',
      files: RECOMMENDED_FILES,
      languageOptions: { parser: parser as unknown as Linter.Parser },
      rules: recommendedRules(),
    },
    'recommended-legacy': { plugins: ['cencori'], rules: recommendedRules() },
  },
};
plugin.configs.recommended.plugins = { cencori: plugin };
