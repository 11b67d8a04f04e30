import { afterAll } from 'vitest';
import rule, { type MessageIds, type Options } from '../../rules/no-public-secret-env.js';
import { createProject } from '../helpers/project.js';
import { makeKey, masked } from '../helpers/keys.js';
import { createRuleTester, errorWithText } from '../helpers/rule-tester.js';

// What each message says decided the verdict (src/env/secret-verdict.ts words it).
const fromEnvFile = (where: string): string => `its .env value, a Cencori secret key (${where})`;

const ruleTester = createRuleTester();

// A project whose .env files are the evidence: keys generated now, never committed.
const secret = makeKey('secret-live');
const publishable = makeKey('publishable-live');
const project = createProject({
  '.env': `CENCORI_API_KEY="${secret}"\n`,
  '.env.local': [
    '# the browser gets these',
    `NEXT_PUBLIC_CENCORI_API_KEY=${publishable}`,
    'NEXT_PUBLIC_AI_TOKEN=${CENCORI_API_KEY}',
    `export VITE_MODEL_KEY='${secret}'`,
  ].join('\n'),
  'src/page.tsx': '',
});
afterAll(() => project.cleanup());
const inProject = project.path('src/page.tsx');

// rule-tester 8.72 (its latest) carries its own @typescript-eslint/utils beside our 8.73: the
// rule's context type differs only in private class members, so the rule is passed untyped and
// the cases stay typed by the explicit parameters.
ruleTester.run<MessageIds, Options>('no-public-secret-env', rule as never, {
  valid: [
    'const key = process.env.CENCORI_API_KEY;',
    'const key = process.env.NEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY;',
    'const url = process.env.NEXT_PUBLIC_APP_URL;',
    'const url = import.meta.env.VITE_API_URL;',
    'const key = import.meta.env.VITE_CENCORI_PUBLISHABLE_KEY;',
    // A local object named process is not the environment.
    'function f(process: { env: Record<string, string> }) { return process.env.NEXT_PUBLIC_CENCORI_API_KEY; }',
    "import { PUBLIC_SITE_NAME } from '$env/static/public';\nconsole.log(PUBLIC_SITE_NAME);",
    "import { CENCORI_API_KEY } from '$env/static/private';\nconsole.log(CENCORI_API_KEY);",
    "import { env } from '$env/dynamic/private';\nconsole.log(env.CENCORI_API_KEY);",
    // The project's .env says this one holds a publishable key: the name does not decide.
    { code: 'const key = process.env.NEXT_PUBLIC_CENCORI_API_KEY;', filename: inProject },
    { code: 'export const Label = () => <p>{process.env.NEXT_PUBLIC_APP_NAME}</p>;', filename: project.path('src/label.tsx') },
    { code: 'const key = process.env.APP_CENCORI_API_KEY;', options: [{ additionalPublicPrefixes: ['MY_'] }] },
    // loadEnv(mode, root) loads only VITE_ variables: a NEXT_PUBLIC_ name read from it is undefined.
    "const env = loadEnv(mode, '.');\nconst key = env.NEXT_PUBLIC_CENCORI_API_KEY;",
    "const { NEXT_PUBLIC_CENCORI_API_KEY } = loadEnv(mode, '.');",
  ],
  invalid: [
    {
      code: 'const key = process.env.NEXT_PUBLIC_CENCORI_API_KEY;',
      errors: [{ messageId: 'secretByName', line: 1, column: 13, endColumn: 52 }],
    },
    {
      code: "const key = process.env['VITE_CENCORI_SECRET'];",
      errors: [{ messageId: 'secretByName', line: 1, column: 13 }],
    },
    {
      code: 'const { REACT_APP_CENCORI_API_KEY: key, OTHER } = process.env;',
      errors: [{ messageId: 'secretByName', line: 1, column: 9 }],
    },
    {
      code: "export function Chat() {\n  return <Box k={import.meta.env.VITE_CENCORI_API_KEY} />;\n}",
      filename: 'chat.tsx',
      errors: [{ messageId: 'secretByName', line: 2, column: 18 }],
    },
    {
      code: 'export const Chat = () => <Box apiKey={process.env.REACT_APP_CENCORI_API_KEY} />;',
      filename: 'chat.jsx',
      errors: [{ messageId: 'secretByName', line: 1, column: 40 }],
    },
    {
      code: 'const a = process.env.EXPO_PUBLIC_CENCORI_API_KEY;\nconst b = process.env.GATSBY_CENCORI_SECRET;\nconst c = process.env.NUXT_PUBLIC_CENCORI_API_KEY;',
      errors: [
        { messageId: 'secretByName', line: 1, column: 11 },
        { messageId: 'secretByName', line: 2, column: 11 },
        { messageId: 'secretByName', line: 3, column: 11 },
      ],
    },
    {
      name: 'reports a $env/static/public import once, at the import: SvelteKit inlines it whether or not it is used',
      code: "import { PUBLIC_CENCORI_API_KEY } from '$env/static/public';\nconst a = PUBLIC_CENCORI_API_KEY;\nconst b = PUBLIC_CENCORI_API_KEY;",
      errors: [{ messageId: 'secretByName', line: 1, column: 10 }],
    },
    {
      // SvelteKit's public module exposes whatever it exports, prefix or not (kit.env.publicPrefix).
      code: "import { CENCORI_SECRET_KEY } from '$env/static/public';",
      errors: [{ messageId: 'secretByName', line: 1, column: 10, data: { name: 'CENCORI_SECRET_KEY', evidence: 'its name, which has CENCORI_ in it and ends in KEY; no .env file sets it', exposure: "SvelteKit's $env/static/public sends it to the browser" } }],
    },
    {
      code: "import { env } from '$env/dynamic/public';\nfetch(url, { headers: { authorization: env.PUBLIC_CENCORI_SECRET } });",
      errors: [{ messageId: 'secretByName', line: 2, column: 40 }],
    },
    {
      name: "reports process.env of Node's process imported or required from node:process",
      code: "import process from 'node:process';\nconst key = process.env.NEXT_PUBLIC_CENCORI_API_KEY;",
      errors: [{ messageId: 'secretByName', line: 2, column: 13 }],
    },
    {
      code: "const process = require('process');\nconst key = process.env.VITE_CENCORI_API_KEY;",
      errors: [{ messageId: 'secretByName', line: 2, column: 13 }],
    },
    {
      name: 'reports reads through a let alias and a chain of aliases of the env object',
      code: 'let env = process.env;\nconst vars = env;\nconst a = env.VITE_CENCORI_API_KEY;\nconst b = vars.NEXT_PUBLIC_CENCORI_SECRET;',
      errors: [
        { messageId: 'secretByName', line: 3, column: 11 },
        { messageId: 'secretByName', line: 4, column: 11 },
      ],
    },
    {
      name: 'reports reads through TypeScript casts of the env object',
      code: "const a = (process.env as Record<string, string>).NEXT_PUBLIC_CENCORI_API_KEY;\nconst { VITE_CENCORI_SECRET: b } = import.meta.env as unknown as Env;\nconst env = (import.meta.env as Env);\nconst c = env.VITE_CENCORI_API_KEY;",
      errors: [
        { messageId: 'secretByName', line: 1, column: 11 },
        { messageId: 'secretByName', line: 2, column: 9 },
        { messageId: 'secretByName', line: 4, column: 11 },
      ],
    },
    {
      name: "reports reads of Vite's loadEnv result",
      code: "const env = loadEnv(mode, process.cwd(), '');\nconst a = env.NEXT_PUBLIC_CENCORI_API_KEY;\nconst { VITE_CENCORI_SECRET } = loadEnv(mode, '.');\nconst c = vite.loadEnv(mode, '.').VITE_CENCORI_API_KEY;",
      errors: [
        { messageId: 'secretByName', line: 2, column: 11 },
        { messageId: 'secretByName', line: 3, column: 9 },
        { messageId: 'secretByName', line: 4, column: 11 },
      ],
    },
    {
      code: 'const key = process.env.APP_CENCORI_API_KEY;',
      options: [{ additionalPublicPrefixes: ['APP_'] }],
      errors: [{ messageId: 'secretByName', line: 1, column: 13 }],
    },
    {
      // .env.local: NEXT_PUBLIC_AI_TOKEN=${CENCORI_API_KEY}, and .env holds the secret key.
      code: 'const token = process.env.NEXT_PUBLIC_AI_TOKEN;',
      filename: inProject,
      errors: [
        {
          messageId: 'secretInEnvFile',
          line: 1,
          column: 15,
          data: {
            name: 'NEXT_PUBLIC_AI_TOKEN',
            evidence: fromEnvFile(`.env.local:3 sets it to $CENCORI_API_KEY (${masked(secret)})`),
            exposure: 'its NEXT_PUBLIC_ prefix makes Next.js copy it into the browser bundle',
          },
        },
      ],
    },
    {
      name: 'says in the message that the .env value, not the name, decided',
      code: 'const { VITE_MODEL_KEY } = import.meta.env;',
      filename: inProject,
      errors: [
        errorWithText(`VITE_MODEL_KEY holds a Cencori secret key (decided by its .env value, a Cencori secret key (.env.local:4 sets it to ${masked(secret)})), and its VITE_ prefix makes Vite copy it into the browser bundle: every visitor can read it. Move the key to a variable without a public prefix, use it only in server code, and rotate it.`, 1, 9),
      ],
    },
    {
      name: 'says in the message that the name decided, and which part of it',
      code: 'const key = process.env.NEXT_PUBLIC_CENCORI_SECRET;',
      errors: [
        errorWithText('NEXT_PUBLIC_CENCORI_SECRET is named like a Cencori secret key (decided by its name, which has CENCORI_ in it and ends in SECRET; no .env file sets it), and its NEXT_PUBLIC_ prefix makes Next.js copy it into the browser bundle: every visitor could read it. Keep secret keys in server-only variables; browser code takes a publishable key (cpk_).', 1, 13),
      ],
    },
    {
      // The name says nothing, the .env value does; single quotes keep the key as written.
      code: 'const { VITE_MODEL_KEY } = import.meta.env;',
      filename: inProject,
      errors: [{ messageId: 'secretInEnvFile', line: 1, column: 9, data: { name: 'VITE_MODEL_KEY', evidence: fromEnvFile(`.env.local:4 sets it to ${masked(secret)}`), exposure: 'its VITE_ prefix makes Vite copy it into the browser bundle' } }],
    },
  ],
});
