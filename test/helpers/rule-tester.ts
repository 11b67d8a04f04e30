import { RuleTester, type TestCaseError } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

// typescript-eslint's RuleTester asks the test framework for these hooks: wire it to vitest.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A RuleTester that parses TS, TSX and JSX (typescript-eslint's parser, no type information). */
export function createRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  });
}

/**
 * An expected error stated by its whole message text. typescript-eslint's RuleTester compares
 * `message` at run time (and refuses it beside `messageId`), but its TestCaseError type leaves the
 * field out; this is the one place that says so.
 */
export function errorWithText<MessageIds extends string>(message: string, line: number, column: number): TestCaseError<MessageIds> {
  return { message, line, column } as unknown as TestCaseError<MessageIds>;
}
