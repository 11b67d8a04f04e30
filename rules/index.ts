import type { TSESLint } from '@typescript-eslint/utils';
import * as ruleModules from './rule-modules.js';

/**
 * The plugin's rule map, keyed by rule id. It is rules/rule-modules.ts, whose one line per rule
 * file exports that file under its id (scripts/new-rule.mjs adds the line; a meta test checks
 * that every rule file under rules/ is there, under its own name).
 */
export const rules = { ...ruleModules } satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;
