// One line per rule file, exported under the rule's id. Kept in order by scripts/new-rule.mjs.
export { default as 'no-hardcoded-key' } from './no-hardcoded-key.js';
export { default as 'no-public-secret-env' } from './no-public-secret-env.js';
export { default as 'no-secret-env-inlining' } from './no-secret-env-inlining.js';
export { default as 'no-secret-key-in-client' } from './no-secret-key-in-client.js';
