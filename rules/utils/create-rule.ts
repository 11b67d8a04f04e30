import { ESLintUtils } from '@typescript-eslint/utils';
import { guardReports } from './guard-reports.js';

export const REPOSITORY_URL = 'https://github.com/cencori/eslint-plugin-cencori';

/** Adds to typescript-eslint's rule docs what the plugin's index and README generator read. */
export interface CencoriRuleDocs {
  description: string;
  /** Part of `configs.recommended`. */
  recommended?: boolean;
}

const ruleCreator = ESLintUtils.RuleCreator<CencoriRuleDocs>((name) => `${REPOSITORY_URL}/blob/main/rules/${name}.md`);

/** typescript-eslint's RuleCreator, with every report passing the plugin's output boundary (guardReports). */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, CencoriRuleDocs>>,
): ReturnType<typeof ruleCreator<Options, MessageIds>> {
  return ruleCreator<Options, MessageIds>({ ...rule, create: (context, options) => rule.create(guardReports(context), options) });
}
