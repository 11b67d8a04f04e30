import type { TSESLint } from '@typescript-eslint/utils';
import { mayContainKey } from '../../src/keys/index.js';

// Two rules ask of every file; the answer is the text's, so it is computed once per parse.
const answers = new WeakMap<object, boolean>();

/** May the linted text hold a key, written or base64-encoded (the key core's pre-filter)? Once per parse, for every rule. */
export function sourceMayHoldKey(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let answer = answers.get(sourceCode);
  if (answer === undefined) {
    answer = mayContainKey(sourceCode.text);
    answers.set(sourceCode, answer);
  }
  return answer;
}
