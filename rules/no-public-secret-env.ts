import { createRule } from './utils/create-rule.js';

export type Options = [];
export type MessageIds = 'notImplemented';

// Placeholder so the plugin's shape exists while the rule is written (issue 5).
export default createRule<Options, MessageIds>({
  name: 'no-public-secret-env',
  meta: {
    type: 'problem',
    docs: { description: 'TODO', recommended: true },
    messages: { notImplemented: 'not implemented' },
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
