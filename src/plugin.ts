import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from '../rules/index.js';
import { PACKAGE_NAME, VERSION } from './version.js';

type RuleName = keyof typeof rules;
type RuleLevels = Record<`cencori/${RuleName}`, 'error'>;

/** Every rule whose docs say `recommended`, as an error: derived from rule meta, never listed twice. */
function recommendedRules(): RuleLevels {
  const levels: Partial<RuleLevels> = {};
  for (const [name, rule] of Object.entries(rules) as Array<[RuleName, (typeof rules)[RuleName]]>) {
    if (rule.meta.docs?.recommended) levels[`cencori/${name}`] = 'error';
  }
  return levels as RuleLevels;
}

const pluginBase = {
  // `namespace` tells ESLint 9.x (and config inspectors) the prefix the rules expect.
  meta: { name: PACKAGE_NAME, version: VERSION, namespace: 'cencori' },
  rules,
};

const recommended = {
  name: 'cencori/recommended',
  plugins: { cencori: pluginBase as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules(),
} satisfies TSESLint.FlatConfig.Config;

const recommendedLegacy = {
  plugins: ['cencori'],
  rules: recommendedRules(),
};

/** The ESLint plugin: `cencori.rules` and `cencori.configs` (`recommended`, `recommended-legacy`). */
export const plugin = Object.assign(pluginBase, {
  configs: {
    /** Flat config: `export default [cencori.configs.recommended]`. */
    recommended,
    /** For .eslintrc users: `extends: ['plugin:cencori/recommended-legacy']`. */
    'recommended-legacy': recommendedLegacy,
  },
});
