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

/**
 * typescript-eslint's RuleCreator, with two changes: every report passes the plugin's output
 * boundary (guardReports), and the options merged with the defaults are computed once per
 * distinct configuration, not per file (RuleCreator structured-clones the defaults for every
 * file and rule). Rules never mutate their options, so one merged object serves every file.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, CencoriRuleDocs>>,
): ReturnType<typeof ruleCreator<Options, MessageIds>> {
  const created = ruleCreator<Options, MessageIds>(rule);
  const defaults = (rule.meta.defaultOptions ?? []) as unknown as Options;
  const merged = new Map<string, Options>();
  return {
    ...created,
    create(context) {
      const key = context.options.length === 0 ? '' : JSON.stringify(context.options);
      let options = merged.get(key);
      if (options === undefined) {
        options = ESLintUtils.applyDefault(defaults, context.options as unknown as Options) as unknown as Options;
        merged.set(key, options);
      }
      return rule.create(guardReports(context), options);
    },
  };
}
