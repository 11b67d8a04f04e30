import type { TSESLint } from '@typescript-eslint/utils';
import noHardcodedKey from './no-hardcoded-key.js';
import noPublicSecretEnv from './no-public-secret-env.js';
import noSecretEnvInlining from './no-secret-env-inlining.js';
import noSecretKeyInClient from './no-secret-key-in-client.js';

export const rules = {
  'no-hardcoded-key': noHardcodedKey,
  'no-secret-key-in-client': noSecretKeyInClient,
  'no-public-secret-env': noPublicSecretEnv,
  'no-secret-env-inlining': noSecretEnvInlining,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;
