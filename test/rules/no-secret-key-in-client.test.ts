import { afterAll } from 'vitest';
import rule, { type MessageIds, type Options } from '../../rules/no-secret-key-in-client.js';
import { createProject, NEXT_PACKAGE } from '../helpers/project.js';
import { makeKey, masked } from '../helpers/keys.js';
import { createRuleTester, errorWithText } from '../helpers/rule-tester.js';

// What each message says decided the verdict (src/env/secret-verdict.ts words it).
const BY_SDK_NAME = "its name, one Cencori's SDK and docs give a secret key; no .env file sets it";
const fromEnvFile = (where: string): string => `its .env value, a Cencori secret key (${where})`;

const ruleTester = createRuleTester();

const secret = makeKey('secret-live');
const publishable = makeKey('publishable-live');
// A Next.js app on disk: the rule reads its .env, its tsconfig paths and its components' directives.
const app = createProject(
  {
    '.env': `AI_TOKEN=${secret}\nNEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY=${publishable}\nCENCORI_SKIP_API_KEY_VERIFY=1\n`,
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } }),
    'src/components/chat-box.tsx': "'use client';\nexport function ChatBox(props: { apiKey?: string }) { return null; }\n",
    'src/components/ui/index.ts': "'use client';\nexport const Panel = () => null;\n",
    'src/components/server-card.tsx': 'export function ServerCard(props: { apiKey?: string }) { return null; }\n',
    // A barrel without a directive in front of client and server components.
    'src/components/index.ts': "export { ChatBox } from './chat-box';\nexport * from './ui';\nexport { ServerCard } from './server-card';\nexport { default as Fancy } from './fancy';\n",
    'src/components/fancy.tsx': "'use client';\nexport default function Fancy(props: { k?: string }) { return null; }\n",
    // Modules without a directive, for the import walk.
    'src/lib/cencori.ts': "import { Cencori } from 'cencori';\n\nexport const client = new Cencori({ apiKey: process.env.CENCORI_API_KEY });\n",
    'src/lib/index.ts': "export * from './cencori';\n",
    'src/lib/guarded.ts': "import 'server-only';\nexport const key = process.env.CENCORI_API_KEY;\n",
    'src/lib/actions.ts': "'use server';\nexport async function ask() { return process.env.CENCORI_API_KEY; }\n",
    'src/lib/commented.ts': '// const key = process.env.CENCORI_API_KEY;\n/* process.env.CENCORI_KEY */\nexport const label = "process.env is read on the server";\n',
    'src/lib/public.ts': 'export const publishable = process.env.NEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY;\n',
  },
  NEXT_PACKAGE,
);
afterAll(() => app.cleanup());
const appPage = app.path('src/app/page.tsx');
const pagesIndex = app.path('src/pages/index.tsx');

// rule-tester 8.72 (its latest) carries its own @typescript-eslint/utils beside our 8.73: the
// rule's context type differs only in private class members, so the rule is passed untyped and
// the cases stay typed by the explicit parameters.
ruleTester.run<MessageIds, Options>('no-secret-key-in-client', rule as never, {
  valid: [
    // No directive, no convention: a shared module is not judged.
    { code: 'export const key = process.env.CENCORI_API_KEY;', filename: 'lib/cencori.ts' },
    // A server action that uses the key and returns only a result.
    "'use server';\nexport async function ask() { const r = await fetch(url, { headers: { k: process.env.CENCORI_API_KEY } }); return r.status; }",
    // A setting whose name merely contains KEY is no secret; its .env value (1) says so too.
    { code: "'use client';\nconst skip = process.env.CENCORI_SKIP_API_KEY_VERIFY;", filename: app.path('src/components/flag.tsx') },
    { code: "'use client';\nconst skip = process.env.CENCORI_SKIP_API_KEY_VERIFY;" },
    // t3-env: a client module importing a shared env module for its other exports ships undefined, not the key.
    { code: "'use client';\nimport { client } from '@/lib';", filename: app.path('src/components/t3.tsx') },
    // A route handler that uses the key and answers with a result only.
    { code: "export async function POST() { const a = await ask(process.env.CENCORI_API_KEY); return Response.json({ answer: a }); }", filename: app.path('src/app/api/chat/route.ts') },
    // A SvelteKit endpoint and an h3 handler answering with results only.
    { code: "import { json } from '@sveltejs/kit';\nexport async function POST() { const r = await ask(process.env.CENCORI_API_KEY); return json({ answer: r }); }", filename: 'src/routes/api/chat/+server.ts' },
    { code: 'export default defineEventHandler(async () => { const r = await ask(process.env.CENCORI_API_KEY); return { answer: r }; });', filename: 'server/api/chat.ts' },
    // `env` from a module that is no env module is not the environment.
    "'use client';\nimport { env } from './config';\nconst k = env.CENCORI_API_KEY;",
    // A loader that uses the key for itself.
    { code: 'export async function loader() { const r = await call(process.env.CENCORI_API_KEY); return { answer: r.text }; }', filename: 'app/routes/chat.tsx' },
    // A secret in a server component's computation, not its output.
    { code: "export default function Page() { return <script dangerouslySetInnerHTML={{ __html: 'window.x = 1' }} />; }", filename: appPage },
    // next/dynamic of a server-only module, not a client component.
    { code: "import dynamic from 'next/dynamic';\nconst Card = dynamic(() => import('../components/server-card'));\nexport default function Page() { return <Card apiKey={process.env.CENCORI_API_KEY} />; }", filename: appPage },
    "'use client';\nconst key = process.env.NEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY;",
    "'use client';\nconst cencori = new Cencori({ apiKey: process.env.NEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY });",
    `'use client';\nconst cencori = new Cencori({ apiKey: '${publishable}' });`,
    // A spread may carry the key: no claim.
    "'use client';\nconst cencori = createCencori({ ...config });",
    "'use client';\nconst cencori = new Cencori({ apiKey: props.apiKey });",
    // Route handlers, API routes and server components run on the server.
    { code: 'export async function POST() { return new Cencori({ apiKey: process.env.CENCORI_API_KEY }); }', filename: app.path('src/app/api/chat/route.ts') },
    { code: 'export default function handler() { const c = new Cencori(); }', filename: app.path('src/pages/api/chat.ts') },
    { code: 'export default async function Page() { const c = new Cencori(); return null; }', filename: appPage },
    // Pages router: getServerSideProps and the helpers only it uses are stripped from the client bundle.
    {
      code: [
        'const client = new Cencori({ apiKey: process.env.CENCORI_API_KEY });',
        'function ask() { return client.chat(process.env.CENCORI_TEST_API_KEY); }',
        'export async function getServerSideProps() { return { props: { answer: await ask() } }; }',
        'export default function Home({ answer }: { answer: string }) { return <p>{answer}</p>; }',
      ].join('\n'),
      filename: pagesIndex,
    },
    { code: 'export const getStaticProps = async () => ({ props: { ok: Boolean(process.env.CENCORI_API_KEY) } });', filename: pagesIndex },
    // Server component -> client component with harmless props, or a secret to a server component.
    { code: "import { ChatBox } from '@/components/chat-box';\nexport default function Page() { return <ChatBox apiKey={process.env.NEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY} />; }", filename: appPage },
    { code: "import { ServerCard } from '../components/server-card';\nexport default function Page() { return <ServerCard apiKey={process.env.CENCORI_API_KEY} />; }", filename: appPage },
    { code: "import { ChatBox } from '@/components/chat-box';\nexport default function Page() { return <ChatBox hasKey={Boolean(process.env.CENCORI_API_KEY)} />; }", filename: appPage },
    // Objects that merely have an `env` property, and a const holding one variable, are not the environment.
    "'use client';\nconst env = process.env.NODE_ENV;\nconst x = { env: { CENCORI_API_KEY: 1 } };\nconsole.log(env, x.env.CENCORI_API_KEY);",
    // Public-prefixed names belong to no-public-secret-env: one problem, one report.
    "'use client';\nconst k = process.env.NEXT_PUBLIC_CENCORI_API_KEY;",
    // The import walk stops at 'server-only', 'use server', comments and non-secret reads.
    {
      code: "'use client';\nimport { key } from '@/lib/guarded';\nimport { ask } from '@/lib/actions';\nimport { label } from '@/lib/commented';\nimport { publishable } from '@/lib/public';",
      filename: app.path('src/components/imports.tsx'),
      options: [{ checkImports: true }],
    },
    { code: "'use client';\nimport type { client } from '@/lib/cencori';\nimport { type client as C } from '../lib/cencori';", filename: app.path('src/components/types.tsx') },
    {
      code: "import { client } from '../lib/cencori';\nexport async function getServerSideProps() { return { props: { a: await client.chat() } }; }\nexport default function Home() { return null; }",
      filename: pagesIndex,
    },
    { code: "import { ServerCard } from '@/components';\nexport default function Page() { return <ServerCard apiKey={process.env.CENCORI_API_KEY} />; }", filename: appPage },
    // The .env value decides for names that say nothing: a publishable key is for browsers.
    { code: "'use client';\nconst k = process.env.NEXT_PUBLIC_CENCORI_PUBLISHABLE_KEY;", filename: app.path('src/components/x.tsx') },
  ],
  invalid: [
    {
      code: "'use client';\nexport function Chat() {\n  const key = process.env.CENCORI_API_KEY;\n  return <div>{key}</div>;\n}",
      filename: 'chat.tsx',
      errors: [{ messageId: 'secretReadInClient', line: 3, column: 15, endColumn: 42, data: { name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME, reason: "it starts with 'use client'" } }],
    },
    {
      code: "\"use client\"\nconst a = process.env['CENCORI_TEST_API_KEY'];\nconst { CENCORI_SECRET: b } = process.env;\nconst c = import.meta.env.CENCORI_KEY;",
      errors: [
        { messageId: 'secretReadInClient', line: 2, column: 11 },
        { messageId: 'secretReadInClient', line: 3, column: 9 },
        { messageId: 'secretReadInClient', line: 4, column: 11 },
      ],
    },
    {
      code: "'use client';\nexport default function Chat() {\n  return <button onClick={() => ask(process.env.CENCORI_API_KEY)}>Ask</button>;\n}",
      filename: 'chat.jsx',
      errors: [{ messageId: 'secretReadInClient', line: 3, column: 37 }],
    },
    {
      code: "'use client';\nconst env = process.env;\nconst a = env.CENCORI_API_KEY;",
      errors: [{ messageId: 'secretReadInClient', line: 3, column: 11 }],
    },
    {
      name: 'reports a secret read through a chain of env aliases',
      code: "'use client';\nlet env = process.env;\nconst vars = env as NodeJS.ProcessEnv;\nconst a = vars.CENCORI_API_KEY;",
      errors: [{ messageId: 'secretReadInClient', line: 4, column: 11 }],
    },
    {
      code: "'use client';\nconst a = new Cencori();\nconst b = createCencori({ baseUrl: '/api' });\nconst c = sdk.createCencori({});",
      errors: [
        { messageId: 'sdkWithoutKeyInClient', line: 2, column: 15 },
        { messageId: 'sdkWithoutKeyInClient', line: 3, column: 11 },
        { messageId: 'sdkWithoutKeyInClient', line: 4, column: 11 },
      ],
    },
    {
      code: `'use client';\nconst KEY = '${secret}';\nconst a = new Cencori({ apiKey: KEY });`,
      errors: [{ messageId: 'sdkWithSecretKeyInClient', line: 3, column: 33, data: { reason: "it starts with 'use client'", value: masked(secret) } }],
    },
    {
      code: "'use client';\nconst a = new Cencori({ apiKey: process.env.CENCORI_API_KEY });",
      errors: [{ messageId: 'secretReadInClient', line: 2, column: 33 }],
    },
    {
      // The .env file says AI_TOKEN holds a secret key; the message names where, masked.
      code: "'use client';\nconst t = process.env.AI_TOKEN;",
      filename: app.path('src/components/token.tsx'),
      errors: [{ messageId: 'secretReadInClient', line: 2, column: 11, data: { name: 'AI_TOKEN', evidence: fromEnvFile(`.env:1 sets it to ${masked(secret)}`), reason: "it starts with 'use client'" } }],
    },
    {
      name: 'says in the message that the .env value decided, where it is set, and the key masked',
      code: "'use client';\nconst t = process.env.AI_TOKEN;",
      filename: app.path('src/components/token-again.tsx'),
      errors: [
        errorWithText(`AI_TOKEN holds a Cencori secret key (decided by its .env value, a Cencori secret key (.env:1 sets it to ${masked(secret)})), and this is client code (it starts with 'use client'): in the browser it is undefined, so this call cannot work. Do not "fix" it with a public prefix (that would ship the key); make the call in a server route or server action.`, 2, 11),
      ],
    },
    {
      name: 'says in the message that the name decided, and which part of it',
      code: "'use client';\nconst s = process.env.CENCORI_ADMIN_TOKEN;",
      errors: [
        errorWithText(`CENCORI_ADMIN_TOKEN holds a Cencori secret key (decided by its name, which has CENCORI_ in it and ends in TOKEN; no .env file sets it), and this is client code (it starts with 'use client'): in the browser it is undefined, so this call cannot work. Do not "fix" it with a public prefix (that would ship the key); make the call in a server route or server action.`, 2, 11),
      ],
    },
    {
      code: 'const key = process.env.CENCORI_API_KEY;',
      filename: 'src/main.ts',
      options: [{ clientFiles: ['src/**/*.{ts,tsx}'] }],
      errors: [{ messageId: 'secretReadInClient', line: 1, column: 13, data: { name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME, reason: 'it matches the clientFiles option' } }],
    },
    {
      // Pages router: the page component, and a helper shared with the page, ship to the browser.
      code: [
        'const key = process.env.CENCORI_API_KEY;',
        'export async function getServerSideProps() { return { props: { n: key.length } }; }',
        'export default function Home() { return <p>{key}</p>; }',
        'export function Other() { return new Cencori(); }',
      ].join('\n'),
      filename: pagesIndex,
      errors: [
        { messageId: 'secretReadInClient', line: 1, column: 13 },
        { messageId: 'sdkWithoutKeyInClient', line: 4, column: 38 },
      ],
    },
    {
      // Mutual recursion: b is used only by a, and a is used by the page component, so both ship.
      code: [
        'function a(n: number): string { return process.env.CENCORI_KEY + b(n); }',
        'function b(n: number): string { return n > 0 ? a(n - 1) : String(process.env.CENCORI_API_KEY); }',
        'export async function getServerSideProps() { return { props: { x: a(1) } }; }',
        'export default function Home() { return <p>{a(2)}</p>; }',
      ].join('\n'),
      filename: pagesIndex,
      errors: [
        { messageId: 'secretReadInClient', line: 1, column: 40 },
        { messageId: 'secretReadInClient', line: 2, column: 66 },
      ],
    },
    {
      code: 'export async function getServerSideProps() {\n  return { props: { apiKey: process.env.CENCORI_API_KEY } };\n}',
      filename: pagesIndex,
      errors: [{ messageId: 'secretInPageProps', line: 2, column: 12, data: { name: 'CENCORI_API_KEY', fn: 'getServerSideProps', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'with checkImports, reports a client import of a module that reads a secret',
      code: "'use client';\nimport { useState } from 'react';\nimport { client } from '@/lib';",
      filename: app.path('src/components/chat.tsx'),
      options: [{ checkImports: true }],
      errors: [{ messageId: 'clientImportsSecretReader', line: 3, column: 24, data: { reason: "it starts with 'use client'", module: 'src/lib/cencori.ts', via: ' (through src/lib/index.ts)', name: 'CENCORI_API_KEY', line: 3, evidence: BY_SDK_NAME } }],
    },
    {
      code: "import { client } from '../lib/cencori';\nexport default function Home() { return <p>{String(client)}</p>; }",
      filename: pagesIndex,
      options: [{ checkImports: true }],
      errors: [{ messageId: 'clientImportsSecretReader', line: 1, column: 24, data: { reason: 'it is a Next.js pages-router page, outside getServerSideProps/getStaticProps/getStaticPaths', module: 'src/lib/cencori.ts', via: '', name: 'CENCORI_API_KEY', line: 3, evidence: BY_SDK_NAME } }],
    },
    {
      // Through the barrel: each element points at the module that says 'use client'.
      code: "import { ChatBox, Panel, Fancy } from '@/components';\nconst k = process.env.CENCORI_API_KEY;\nexport default () => <><ChatBox apiKey={k} /><Panel k={k} /><Fancy k={k} /></>;",
      filename: appPage,
      errors: [
        { messageId: 'secretPropToClientComponent', line: 3, column: 33, data: { name: 'CENCORI_API_KEY', prop: 'apiKey', component: 'ChatBox', file: 'src/components/chat-box.tsx', evidence: BY_SDK_NAME } },
        { messageId: 'secretPropToClientComponent', line: 3, column: 53, data: { name: 'CENCORI_API_KEY', prop: 'k', component: 'Panel', file: 'src/components/ui/index.ts', evidence: BY_SDK_NAME } },
        { messageId: 'secretPropToClientComponent', line: 3, column: 68, data: { name: 'CENCORI_API_KEY', prop: 'k', component: 'Fancy', file: 'src/components/fancy.tsx', evidence: BY_SDK_NAME } },
      ],
    },
    {
      code: "import { ChatBox } from '@/components/chat-box';\nexport default function Page() {\n  return <ChatBox apiKey={process.env.CENCORI_API_KEY} />;\n}",
      filename: appPage,
      errors: [{ messageId: 'secretPropToClientComponent', line: 3, column: 19, data: { name: 'CENCORI_API_KEY', prop: 'apiKey', component: 'ChatBox', file: 'src/components/chat-box.tsx', evidence: BY_SDK_NAME } }],
    },
    {
      // Relative import, index file, a const binding, a destructured name, an object prop and a spread.
      code: [
        "import * as UI from '../components/ui';",
        "import { ChatBox as Box } from '../components/chat-box';",
        'const key = process.env.AI_TOKEN;',
        'const { CENCORI_API_KEY } = process.env;',
        'export default function Page() {',
        '  return <>',
        '    <UI.Panel token={key} />',
        '    <Box config={{ apiKey: CENCORI_API_KEY }} {...{ apiKey: key }} />',
        '  </>;',
        '}',
      ].join('\n'),
      filename: appPage,
      errors: [
        { messageId: 'secretPropToClientComponent', line: 7, column: 15, data: { name: 'AI_TOKEN', prop: 'token', component: 'UI.Panel', file: 'src/components/ui/index.ts', evidence: fromEnvFile(`.env:1 sets it to ${masked(secret)}`) } },
        { messageId: 'secretPropToClientComponent', line: 8, column: 10, data: { name: 'CENCORI_API_KEY', prop: 'config', component: 'Box', file: 'src/components/chat-box.tsx', evidence: BY_SDK_NAME } },
        { messageId: 'secretPropToClientComponent', line: 8, column: 47, data: { name: 'AI_TOKEN', prop: '...', component: 'Box', file: 'src/components/chat-box.tsx', evidence: fromEnvFile(`.env:1 sets it to ${masked(secret)}`) } },
      ],
    },
    {
      name: 'reports a server action returning a secret, directly or in an object',
      code: "'use server';\nexport async function ask() { return process.env.CENCORI_API_KEY; }\nexport const info = async () => ({ ok: true, key: process.env.CENCORI_KEY });",
      errors: [
        { messageId: 'secretReturnedFromServerAction', line: 2, column: 38, data: { name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } },
        { messageId: 'secretReturnedFromServerAction', line: 3, column: 34 },
      ],
    },
    {
      name: "reports an inline 'use server' action in a server component returning a secret",
      code: "export default function Page() {\n  async function reveal() {\n    'use server';\n    return { key: process.env.CENCORI_API_KEY };\n  }\n  return <form action={reveal} />;\n}",
      filename: appPage,
      errors: [{ messageId: 'secretReturnedFromServerAction', line: 4, column: 12 }],
    },
    {
      name: 'reports a route handler and an API route putting a secret into the response',
      code: "export function GET() {\n  return Response.json({ apiKey: process.env.CENCORI_API_KEY });\n}\nexport async function POST() {\n  const key = process.env.AI_TOKEN;\n  return new Response(JSON.stringify({ key }));\n}",
      filename: app.path('src/app/api/config/route.ts'),
      errors: [
        { messageId: 'secretInResponse', line: 2, column: 24, data: { name: 'CENCORI_API_KEY', kind: 'route handler', evidence: BY_SDK_NAME } },
        { messageId: 'secretInResponse', line: 6, column: 23, data: { name: 'AI_TOKEN', kind: 'route handler', evidence: fromEnvFile(`.env:1 sets it to ${masked(secret)}`) } },
      ],
    },
    {
      code: "export default function handler(req, res) {\n  res.status(200).json({ key: process.env.CENCORI_API_KEY });\n}",
      filename: app.path('src/pages/api/key.ts'),
      errors: [{ messageId: 'secretInResponse', line: 2, column: 24, data: { name: 'CENCORI_API_KEY', kind: 'API route', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports React Router loaders and actions returning a secret, through json() and data() too',
      code: "import { json } from '@remix-run/node';\nexport async function loader() {\n  return json({ key: process.env.CENCORI_API_KEY });\n}\nexport const action = async () => data({ k: process.env.CENCORI_KEY });",
      filename: 'app/routes/chat.tsx',
      errors: [
        { messageId: 'secretReturnedFromLoader', line: 3, column: 10, data: { name: 'CENCORI_API_KEY', fn: 'loader', framework: 'React Router (Remix)', evidence: BY_SDK_NAME } },
        { messageId: 'secretReturnedFromLoader', line: 5, column: 35, data: { name: 'CENCORI_KEY', fn: 'action', framework: 'React Router (Remix)', evidence: BY_SDK_NAME } },
      ],
    },
    {
      name: 'reports a SvelteKit server load returning a secret from $env/static/private',
      code: "import { CENCORI_API_KEY } from '$env/static/private';\nexport const load = async () => {\n  return { apiKey: CENCORI_API_KEY };\n};",
      filename: 'src/routes/+page.server.ts',
      errors: [{ messageId: 'secretReturnedFromLoader', line: 3, column: 10, data: { name: 'CENCORI_API_KEY', fn: 'load', framework: 'SvelteKit', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports a server component writing a secret into an inline script',
      code: "export default function Page() {\n  return <>\n    <script dangerouslySetInnerHTML={{ __html: `window.k = ${JSON.stringify(process.env.CENCORI_API_KEY)}` }} />\n    <script>{`window.j = '${process.env.CENCORI_KEY}'`}</script>\n  </>;\n}",
      filename: appPage,
      errors: [
        { messageId: 'secretInInlineHtml', line: 3, column: 13, data: { name: 'CENCORI_API_KEY', how: 'dangerouslySetInnerHTML', evidence: BY_SDK_NAME } },
        { messageId: 'secretInInlineHtml', line: 4, column: 13, data: { name: 'CENCORI_KEY', how: 'an inline <script>', evidence: BY_SDK_NAME } },
      ],
    },
    {
      name: 'reports props to client components loaded through next/dynamic and React.lazy',
      code: "import dynamic from 'next/dynamic';\nimport React from 'react';\nconst Box = dynamic(() => import('@/components/chat-box'));\nconst Lazy = React.lazy(() => { return import('../components/fancy'); });\nexport default function Page() {\n  return <><Box apiKey={process.env.CENCORI_API_KEY} /><Lazy k={process.env.CENCORI_KEY} /></>;\n}",
      filename: appPage,
      errors: [
        { messageId: 'secretPropToClientComponent', line: 6, column: 17, data: { name: 'CENCORI_API_KEY', prop: 'apiKey', component: 'Box', file: 'src/components/chat-box.tsx', evidence: BY_SDK_NAME } },
        { messageId: 'secretPropToClientComponent', line: 6, column: 62, data: { name: 'CENCORI_KEY', prop: 'k', component: 'Lazy', file: 'src/components/fancy.tsx', evidence: BY_SDK_NAME } },
      ],
    },
    {
      name: 'reports a SvelteKit endpoint and an h3 (Nuxt) server route putting a secret into the response',
      code: "import { json } from '@sveltejs/kit';\nimport { CENCORI_API_KEY } from '$env/static/private';\nexport function GET() {\n  return json({ key: CENCORI_API_KEY });\n}",
      filename: 'src/routes/api/key/+server.ts',
      errors: [{ messageId: 'secretInResponse', line: 4, column: 15, data: { name: 'CENCORI_API_KEY', kind: 'SvelteKit endpoint', evidence: BY_SDK_NAME } }],
    },
    {
      code: "export default defineEventHandler(() => ({ key: process.env.CENCORI_API_KEY }));\nexport const b = eventHandler(async () => {\n  return process.env.CENCORI_KEY;\n});",
      filename: 'server/api/key.ts',
      errors: [
        { messageId: 'secretInResponse', line: 1, column: 42, data: { name: 'CENCORI_API_KEY', kind: 'server route (h3 event handler)', evidence: BY_SDK_NAME } },
        { messageId: 'secretInResponse', line: 3, column: 10 },
      ],
    },
    {
      name: "reads through a t3-env module's env object count as env reads",
      code: "import { env } from '~/env';\nexport function GET() {\n  return Response.json({ key: env.CENCORI_API_KEY });\n}",
      filename: app.path('src/app/api/env/route.ts'),
      errors: [{ messageId: 'secretInResponse', line: 3, column: 24, data: { name: 'CENCORI_API_KEY', kind: 'route handler', evidence: BY_SDK_NAME } }],
    },
    {
      code: "'use client';\nimport { env } from '../env.mjs';\nconst k = env.CENCORI_API_KEY;",
      errors: [{ messageId: 'secretReadInClient', line: 3, column: 11 }],
    },
  ],
});
