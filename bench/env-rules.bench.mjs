// Cost of no-public-secret-env and no-secret-key-in-client on a Next.js-shaped app: ESLint's wall
// time with typescript-eslint's recommended rules, with and without the two rules. The app is
// their worst realistic case: 'use client' components importing a lib graph, server components
// passing props to client components, pages-router pages, a .env file and tsconfig aliases.
// Reproduce: npx tsup --silent && node bench/env-rules.bench.mjs [files]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '.bench', 'env-rules-app');
const FILES = Number(process.argv[2] ?? 800);
const TARGET_PERCENT = 5;

const { default: cencori } = await import('../dist/index.js');

function write(relative, text) {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// A body of ordinary component code, so files have a realistic size (~60 lines).
function body(i) {
  return Array.from({ length: 12 }, (_, j) => `  const v${j} = useMemo(() => items.filter((x) => x.id % ${j + 2} === ${i % (j + 2)}).map((x) => ({ ...x, label: \`\${x.name}-${j}\` })), [items]);\n  if (v${j}.length > ${j}) console.log(v${j}[0]?.label ?? 'none');`).join('\n');
}

function generate() {
  rmSync(root, { recursive: true, force: true });
  write('package.json', JSON.stringify({ name: 'bench-app', private: true, dependencies: { next: '15.0.0', react: '19.0.0' } }));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }));
  write('.env', 'CENCORI_API_KEY=placeholder\nNEXT_PUBLIC_APP_URL=https://example.test\n');
  // One real leak, so a run that reports nothing proves the rules ran.
  write('components/leak.tsx', "'use client';\nexport const leak = process.env.CENCORI_API_KEY;\n");
  const perKind = Math.floor((FILES - 1) / 5);
  for (let i = 0; i < perKind; i++) {
    write(`lib/util-${i}.ts`, `import { helper${(i + 1) % perKind} } from './util-${(i + 1) % perKind}';\nexport function helper${i}(items: { id: number; name: string }[]) {\n  const useMemo = <T,>(f: () => T, _d: unknown[]) => f();\n${body(i)}\n  return helper${(i + 1) % perKind}.name;\n}\n`);
    write(`components/client-${i}.tsx`, `'use client';\nimport { useMemo } from 'react';\nimport { helper${i} } from '@/lib/util-${i}';\nexport function Client${i}({ items, url }: { items: { id: number; name: string }[]; url?: string }) {\n  const base = process.env.NEXT_PUBLIC_APP_URL;\n${body(i)}\n  return <div data-url={url ?? base}>{helper${i}(items)}</div>;\n}\n`);
    write(`app/route-${i}/page.tsx`, `import { useMemo } from 'react';\nimport { Client${i} } from '@/components/client-${i}';\nexport default function Page() {\n  const items = [{ id: ${i}, name: 'n' }];\n${body(i)}\n  return <Client${i} items={items} url={process.env.NEXT_PUBLIC_APP_URL} />;\n}\n`);
    write(`pages/page-${i}.tsx`, `import { useMemo } from 'react';\nexport async function getServerSideProps() { return { props: { ok: Boolean(process.env.CENCORI_API_KEY) } }; }\nexport default function P${i}({ items }: { items: { id: number; name: string }[] }) {\n${body(i)}\n  return <p>{items.length}</p>;\n}\n`);
    write(`app/api/r-${i}/route.ts`, `export async function GET() {\n  const items = [{ id: ${i}, name: 'n' }];\n  const useMemo = <T,>(f: () => T, _d: unknown[]) => f();\n${body(i)}\n  return Response.json({ key: Boolean(process.env.CENCORI_API_KEY) });\n}\n`);
  }
}

function config(withRules) {
  return [
    ...tseslint.configs.recommended,
    { files: ['**/*.{ts,tsx}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    ...(withRules
      ? [{ plugins: { cencori }, rules: { 'cencori/no-public-secret-env': 'error', 'cencori/no-secret-key-in-client': 'error' } }]
      : []),
  ];
}

async function timeRun(withRules) {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config(withRules), cache: false });
  const start = process.hrtime.bigint();
  const results = await eslint.lintFiles(['**/*.{ts,tsx}']);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const problems = results.flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith("cencori/")));
  return { ms, files: results.length, problems: problems.length, sample: problems.slice(0, 3).map((m) => `${m.ruleId}: ${m.message.slice(0, 80)}`) };
}

generate();
await timeRun(false); // warm-up: module loading, JIT
const runs = { without: [], with: [] };
// Alternating runs, the fastest of each kept: on a shared machine the minimum is the figure
// least disturbed by other processes (the median moves with their load).
for (let i = 0; i < 5; i++) {
  runs.without.push((await timeRun(false)).ms);
  runs.with.push((await timeRun(true)).ms);
}
const fastest = (xs) => Math.min(...xs);
const last = await timeRun(true);

// Wall-time differences of a few percent drown in the noise of a shared machine; the CPU
// profiler's count of samples spent inside the plugin (any stack frame from dist/) does not.
async function pluginCpuShare() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  await timeRun(true);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inPlugin = new Map();
  const isPlugin = (id) => {
    if (inPlugin.has(id)) return inPlugin.get(id);
    const node = byId.get(id);
    const url = node.callFrame.url;
    const result = /[\\/]dist[\\/]index\.js$|[\\/]node_modules[\\/](?:dotenv|get-tsconfig)[\\/]/.test(url) || (parent.has(id) && isPlugin(parent.get(id)));
    inPlugin.set(id, result);
    return result;
  };
  let total = 0;
  let plugin = 0;
  for (const id of profile.samples) {
    if (byId.get(id).callFrame.functionName === '(idle)') continue;
    total++;
    if (isPlugin(id)) plugin++;
  }
  return (plugin / total) * 100;
}
const cpuShare = await pluginCpuShare();
const base = fastest(runs.without);
const withRules = fastest(runs.with);
const added = ((withRules - base) / base) * 100;
console.log(`files linted: ${last.files}, problems from the env rules: ${last.problems} (expected 1)${last.sample.length ? `: ${last.sample.join(' | ')}` : ''}`);
console.log(`eslint (typescript-eslint recommended)        fastest of 5 ${base.toFixed(0)} ms`);
console.log(`  + no-public-secret-env, no-secret-key-in-client fastest of 5 ${withRules.toFixed(0)} ms`);
console.log(`added wall time: ${added.toFixed(1)}% (noisy on a shared machine)`);
console.log(`CPU time inside the two rules and src/env (V8 profiler): ${cpuShare.toFixed(2)}% (target: the whole plugin at most ${TARGET_PERCENT}%)`);
console.log(`reproduce: npx tsup --silent && node bench/env-rules.bench.mjs ${FILES}`);
if (!process.env.KEEP_BENCH_APP) rmSync(root, { recursive: true, force: true });
