import { ESLintUtils } from '@typescript-eslint/utils';

export const REPOSITORY_URL = 'https://github.com/cencori/eslint-plugin-cencori';

/** Adds to typescript-eslint's rule docs what the plugin's index and README generator read. */
export interface CencoriRuleDocs {
  description: string;
  /** Part of `configs.recommended`. */
  recommended?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<CencoriRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/rules/${name}.md`,
);
