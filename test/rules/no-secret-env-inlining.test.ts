import rule, { type MessageIds, type Options } from '../../rules/no-secret-env-inlining.js';
import { afterAll } from 'vitest';
import { createProject } from '../helpers/project.js';
import { makeKey, masked } from '../helpers/keys.js';
import { createRuleTester, errorWithText } from '../helpers/rule-tester.js';

const ruleTester = createRuleTester();

// What each message says decided the verdict (src/env/secret-verdict.ts words it).
const BY_SDK_NAME = "its name, one Cencori's SDK and docs give a secret key; no .env file sets it";
const byNameEnding = (word: string): string => `its name, which has CENCORI_ in it and ends in ${word}; no .env file sets it`;

/** 1-based line and column of the first occurrence of `needle` in `code`. */
function at(code: string, needle: string): { line: number; column: number } {
  const index = code.indexOf(needle);
  if (index < 0) throw new Error(`${needle} not in code`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const nextCjs = `module.exports = {
  env: { CENCORI_KEY_FOR_CLIENT: process.env.CENCORI_API_KEY, APP_NAME: process.env.APP_NAME },
};`;
const nextTs = `import type { NextConfig } from 'next';
const nextConfig: NextConfig = {
  reactStrictMode: true,
  env: { apiKey: process.env['CENCORI_TEST_API_KEY'] ?? '' },
};
export default withSentryConfig(withBundleAnalyzer(nextConfig), { silent: true });`;
const nextFunction = `export default (phase) => {
  const { CENCORI_SECRET_KEY } = process.env;
  return { env: { KEY: CENCORI_SECRET_KEY } };
};`;
const nextWebpack = `module.exports = {
  webpack(config, { webpack }) {
    config.plugins.push(new webpack.DefinePlugin({ 'process.env.KEY': JSON.stringify(process.env.CENCORI_API_KEY) }));
    return config;
  },
};`;
const viteLoadEnv = `import { defineConfig, loadEnv } from 'vite';
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '');
  return {
    define: { __CENCORI_KEY__: JSON.stringify(env.CENCORI_API_KEY), __MODE__: JSON.stringify(mode) },
  };
});`;
const viteWholeEnv = `export default defineConfig({ define: { 'process.env': process.env } });`;
const viteLoadEnvWhole = `export default defineConfig(({ mode }) => ({ define: { 'process.env': loadEnv(mode, '.', '') } }));`;
const vitePrefix = `export default defineConfig({ envPrefix: ['VITE_', 'CENCORI_'] });`;
const viteEmptyPrefix = `export default { envPrefix: '' };`;
const astroPrefix = `import { defineConfig } from 'astro/config';
export default defineConfig({ vite: { envPrefix: 'CENCORI' } });`;
const sveltePrefix = `const config = { kit: { env: { publicPrefix: 'CENCORI_' } } };
export default config;`;
const nuxtPublic = `export default defineNuxtConfig({
  runtimeConfig: {
    cencoriApiKey: '',
    public: { cencoriApiKey: '', chat: { key: process.env.CENCORI_API_KEY } },
  },
});`;
const definePluginAnywhere = `import webpack from 'webpack';
const key = process.env.CENCORI_API_KEY;
export const plugins = [new webpack.DefinePlugin({ KEY: JSON.stringify(key) })];`;
const environmentPlugin = `const plugins = [new EnvironmentPlugin(['NODE_ENV', 'CENCORI_API_KEY']), new EnvironmentPlugin({ CENCORI_KEY: '' })];`;
const customVar = `module.exports = { env: { AI: process.env.MY_AI_KEY } };`;
const computedName = `const NAME = 'CENCORI_API_KEY';
const ENV = 'env';
const { [NAME]: key } = process.env;
module.exports = { env: { A: process.env[NAME], B: key, C: process[ENV].CENCORI_TEST_API_KEY } };`;
const nodeProcess = `import process from 'node:process';
export default defineConfig({ define: { K: JSON.stringify(process.env.CENCORI_API_KEY) } });`;
const svelteKitEnv = `import { env } from '$env/dynamic/private';
import { CENCORI_API_KEY } from '$env/static/private';
export default defineConfig({ define: { A: JSON.stringify(env.CENCORI_TEST_API_KEY), B: JSON.stringify(CENCORI_API_KEY), C: env } });`;

ruleTester.run<MessageIds, Options>('no-secret-env-inlining', rule as never, {
  valid: [
    { name: 'next env with public, non-secret values', filename: 'next.config.js', code: `module.exports = { env: { APP_NAME: process.env.APP_NAME, PK: process.env.CENCORI_PUBLISHABLE_KEY } };` },
    { name: 'next serverRuntimeConfig keeps secrets on the server', filename: 'next.config.mjs', code: `export default { serverRuntimeConfig: { key: process.env.CENCORI_API_KEY } };` },
    { name: 'an env object outside a config file', filename: 'src/settings.ts', code: `export default { env: { KEY: process.env.CENCORI_API_KEY } };` },
    { name: 'define of a non-secret variable', filename: 'vite.config.ts', code: `export default defineConfig({ define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV) } });` },
    { name: "loadEnv's default VITE_ prefix never holds CENCORI_API_KEY", filename: 'vite.config.ts', code: `export default defineConfig(({ mode }) => { const env = loadEnv(mode, '.'); return { define: { K: JSON.stringify(env.CENCORI_API_KEY), all: env } }; });` },
    { name: "loadEnv's default VITE_ prefix never holds a destructured CENCORI_API_KEY either", filename: 'vite.config.ts', code: `export default defineConfig(({ mode }) => { const { CENCORI_API_KEY } = loadEnv(mode, '.'); return { define: { K: JSON.stringify(CENCORI_API_KEY) } }; });` },
    { name: 'envPrefix with public prefixes only', filename: 'vite.config.mjs', code: `export default { envPrefix: ['VITE_', 'PUBLIC_', 'CENCORI_PUBLISHABLE_'] };` },
    { name: 'SvelteKit default-like public prefix', filename: 'svelte.config.js', code: `export default { kit: { env: { publicPrefix: 'PUBLIC_' } } };` },
    { name: 'Nuxt private runtimeConfig', filename: 'nuxt.config.ts', code: `export default defineNuxtConfig({ runtimeConfig: { cencoriApiKey: process.env.CENCORI_API_KEY, public: { siteName: 'x' } } });` },
    { name: 'DefinePlugin of public values', filename: 'webpack.config.js', code: `module.exports = { plugins: [new DefinePlugin({ VERSION: JSON.stringify(pkg.version) })] };` },
    { name: 'a parameter named process is not the environment', filename: 'vite.config.ts', code: `export default (process: { env: Record<string, string> }) => ({ define: { K: process.env.CENCORI_API_KEY } });` },
  ],
  invalid: [
    {
      name: 'reports next.config env copying CENCORI_API_KEY (module.exports)',
      filename: 'next.config.js',
      code: nextCjs,
      errors: [{ messageId: 'nextEnv', ...at(nextCjs, 'process.env.CENCORI_API_KEY'), endColumn: at(nextCjs, ', APP_NAME').column, data: { entry: 'CENCORI_KEY_FOR_CLIENT', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports next.config.ts env through a typed const and wrapper calls',
      filename: 'next.config.ts',
      code: nextTs,
      errors: [{ messageId: 'nextEnv', ...at(nextTs, "process.env['CENCORI_TEST_API_KEY']") }],
    },
    {
      name: 'reports a destructured secret in a config function',
      filename: 'next.config.mjs',
      code: nextFunction,
      errors: [{ messageId: 'nextEnv', ...at(nextFunction, 'CENCORI_SECRET_KEY } }'), data: { entry: 'KEY', name: 'CENCORI_SECRET_KEY', evidence: byNameEnding('KEY') } }],
    },
    {
      name: 'reports DefinePlugin inside the next.config webpack hook',
      filename: 'next.config.js',
      code: nextWebpack,
      errors: [{ messageId: 'define', ...at(nextWebpack, 'process.env.CENCORI_API_KEY'), data: { tool: 'DefinePlugin', entry: 'process.env.KEY', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports Vite define reading loadEnv with every prefix',
      filename: 'vite.config.ts',
      code: viteLoadEnv,
      errors: [{ messageId: 'define', ...at(viteLoadEnv, 'env.CENCORI_API_KEY') }],
    },
    {
      name: 'reports Vite define of the whole process.env',
      filename: 'vite.config.js',
      code: viteWholeEnv,
      errors: [{ messageId: 'defineWholeEnv', ...at(viteWholeEnv, 'process.env }') }],
    },
    {
      name: 'reports Vite define of a whole loadEnv result with the empty prefix',
      filename: 'vitest.config.mts',
      code: viteLoadEnvWhole,
      errors: [{ messageId: 'defineWholeEnv', ...at(viteLoadEnvWhole, 'loadEnv(') }],
    },
    {
      name: 'reports an envPrefix element exposing CENCORI_ variables',
      filename: 'vite.config.ts',
      code: vitePrefix,
      errors: [{ messageId: 'envPrefix', ...at(vitePrefix, "'CENCORI_'"), data: { option: 'envPrefix', prefix: '"CENCORI_"', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports the empty envPrefix',
      filename: 'vite.config.ts',
      code: viteEmptyPrefix,
      errors: [{ messageId: 'envPrefix', ...at(viteEmptyPrefix, "''") }],
    },
    {
      name: 'reports an Astro vite.envPrefix',
      filename: 'astro.config.mjs',
      code: astroPrefix,
      errors: [{ messageId: 'envPrefix', ...at(astroPrefix, "'CENCORI'") }],
    },
    {
      name: 'reports a SvelteKit publicPrefix exposing secrets',
      filename: 'svelte.config.js',
      code: sveltePrefix,
      errors: [{ messageId: 'envPrefix', ...at(sveltePrefix, "'CENCORI_'"), data: { option: 'kit.env.publicPrefix', prefix: '"CENCORI_"', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports Nuxt runtimeConfig.public holding a secret by name and by value',
      filename: 'nuxt.config.ts',
      code: nuxtPublic,
      errors: [
        { messageId: 'nuxtPublicName', line: 4, column: 15, data: { entry: 'cencoriApiKey', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } },
        { messageId: 'nuxtPublic', ...at(nuxtPublic, 'process.env.CENCORI_API_KEY'), data: { entry: 'chat.key', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } },
      ],
    },
    {
      name: 'reports DefinePlugin in any file, through a const',
      filename: 'build/plugins.ts',
      code: definePluginAnywhere,
      errors: [{ messageId: 'define', ...at(definePluginAnywhere, 'key)') }],
    },
    {
      name: 'reports EnvironmentPlugin names',
      filename: 'webpack.config.js',
      code: environmentPlugin,
      errors: [
        { messageId: 'environmentPlugin', ...at(environmentPlugin, "'CENCORI_API_KEY'"), data: { name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } },
        { messageId: 'environmentPlugin', ...at(environmentPlugin, 'CENCORI_KEY:'), data: { name: 'CENCORI_KEY', evidence: BY_SDK_NAME } },
      ],
    },
    {
      name: 'reports reads whose variable name is a const',
      filename: 'next.config.js',
      code: computedName,
      errors: [
        { messageId: 'nextEnv', ...at(computedName, 'process.env[NAME]'), data: { entry: 'A', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } },
        { messageId: 'nextEnv', ...at(computedName, 'key, C'), data: { entry: 'B', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } },
        { messageId: 'nextEnv', ...at(computedName, 'process[ENV]'), data: { entry: 'C', name: 'CENCORI_TEST_API_KEY', evidence: BY_SDK_NAME } },
      ],
    },
    {
      name: "reports process.env of Node's process imported from node:process",
      filename: 'vite.config.ts',
      code: nodeProcess,
      errors: [{ messageId: 'define', ...at(nodeProcess, 'process.env.CENCORI_API_KEY') }],
    },
    {
      name: "reports reads of SvelteKit's $env modules",
      filename: 'vite.config.ts',
      code: svelteKitEnv,
      errors: [
        { messageId: 'define', ...at(svelteKitEnv, 'env.CENCORI_TEST_API_KEY'), data: { tool: 'Vite `define`', entry: 'A', name: 'CENCORI_TEST_API_KEY', evidence: BY_SDK_NAME } },
        { messageId: 'define', ...at(svelteKitEnv, 'CENCORI_API_KEY)'), data: { tool: 'Vite `define`', entry: 'B', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } },
        { messageId: 'defineWholeEnv', ...at(svelteKitEnv, 'env } })') },
      ],
    },
    {
      name: 'reports a variable named secret through the secretVars option',
      filename: 'next.config.js',
      code: customVar,
      options: [{ secretVars: ['MY_AI_KEY'] }],
      errors: [{ messageId: 'nextEnv', ...at(customVar, 'process.env.MY_AI_KEY') }],
    },
  ],
});

// The shipped rule reads the project's .env files: a var whose value is a secret key counts.
const gatewayToken = makeKey('secret-live');
const envProject = createProject({ '.env.local': `AI_GATEWAY_TOKEN=${gatewayToken}\nPLAIN=hello\n` });
afterAll(() => envProject.cleanup());
ruleTester.run<MessageIds, Options>('no-secret-env-inlining (.env values)', rule as never, {
  valid: [
    {
      name: 'a var whose .env value is no key stays fine',
      filename: envProject.path('next.config.js'),
      code: 'module.exports = { env: { P: process.env.PLAIN } };',
    },
  ],
  invalid: [
    {
      name: 'reports a var the .env file sets to a secret key',
      filename: envProject.path('next.config.js'),
      code: 'module.exports = { env: { T: process.env.AI_GATEWAY_TOKEN } };',
      errors: [
        errorWithText(`next.config \`env.T\` inlines AI_GATEWAY_TOKEN (a Cencori secret key, decided by its .env value, a Cencori secret key (.env.local:1 sets it to ${masked(gatewayToken)})) into client bundles: Next.js copies every \`env\` entry into browser code, whatever its name. Read it from process.env in server code instead.`, 1, 30),
      ],
    },
    {
      name: 'names, for a whole env object, the secret it holds and what made it one',
      filename: envProject.path('vite.config.ts'),
      code: "export default defineConfig({ define: { 'process.env': process.env } });",
      errors: [
        errorWithText(`Vite \`define\` entry \`process.env\` inlines the whole environment, CENCORI_API_KEY included (a Cencori secret key, decided by its name, one Cencori's SDK and docs give a secret key; no .env file sets it): every secret key ends up as a literal in the bundle.`, 1, 56),
      ],
    },
    {
      name: 'says a secretVars option decided',
      filename: envProject.path('webpack.config.js'),
      code: "new EnvironmentPlugin(['MODEL_KEY']);",
      options: [{ secretVars: ['MODEL_KEY'] }],
      errors: [
        errorWithText('EnvironmentPlugin inlines MODEL_KEY (a Cencori secret key, decided by the secretVars option, which names it) into the bundle: the secret key ends up as a literal in client code.', 1, 24),
      ],
    },
  ],
});

// Nuxt, Expo and Babel: config that sends env values to the browser or the device.
const nuxtProject = createProject({ '.env': `NUXT_PUBLIC_GATEWAY_TOKEN=${makeKey('secret-live')}\nNUXT_PUBLIC_SITE_NAME=demo\n` });
afterAll(() => nuxtProject.cleanup());
const nuxtOverride = `export default defineNuxtConfig({
  runtimeConfig: { public: { gatewayToken: '', siteName: '' } },
});`;
const expoConfig = `export default ({ config }) => ({
  ...config,
  extra: { apiKey: process.env.CENCORI_API_KEY, region: process.env.REGION },
});`;
const expoNested = `module.exports = { expo: { name: 'app', extra: { eas: { projectId: 'x' }, key: process.env.CENCORI_KEY } } };`;
const babelAll = `module.exports = function (api) {
  api.cache(true);
  return { presets: ['babel-preset-expo'], plugins: ['transform-inline-environment-variables'] };
};`;
const babelInclude = `module.exports = {
  plugins: [['transform-inline-environment-variables', { include: ['NODE_ENV', 'CENCORI_API_KEY'] }]],
};`;
const babelIncludeSafe = `module.exports = { plugins: [['transform-inline-environment-variables', { include: ['NODE_ENV'] }]] };`;
ruleTester.run<MessageIds, Options>('no-secret-env-inlining (Nuxt overrides, Expo extra, Babel plugins)', rule as never, {
  valid: [
    { name: 'a public entry whose NUXT_PUBLIC_ override holds no key', filename: nuxtProject.path('nuxt.config.ts'), code: `export default defineNuxtConfig({ runtimeConfig: { public: { siteName: '' } } });` },
    { name: 'Expo extra without secrets', filename: 'app.config.ts', code: `export default { extra: { region: process.env.REGION } };` },
    { name: 'a Babel inlining plugin restricted to harmless variables', filename: 'babel.config.js', code: babelIncludeSafe },
    { name: 'a Babel config without inlining plugins', filename: 'babel.config.js', code: `module.exports = { plugins: ['react-native-reanimated/plugin'] };` },
  ],
  invalid: [
    {
      name: 'reports a runtimeConfig.public entry whose NUXT_PUBLIC_ override in .env holds a secret, whatever its name',
      filename: nuxtProject.path('nuxt.config.ts'),
      code: nuxtOverride,
      errors: [{ messageId: 'nuxtPublicOverride', ...at(nuxtOverride, 'gatewayToken') }],
    },
    {
      name: 'reports a secret in Expo app.config extra',
      filename: 'app.config.ts',
      code: expoConfig,
      errors: [{ messageId: 'expoExtra', ...at(expoConfig, 'process.env.CENCORI_API_KEY'), data: { entry: 'apiKey', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } }],
    },
    {
      filename: 'app.config.js',
      code: expoNested,
      errors: [{ messageId: 'expoExtra', ...at(expoNested, 'process.env.CENCORI_KEY'), data: { entry: 'key', name: 'CENCORI_KEY', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports a Babel plugin that inlines every process.env read',
      filename: 'babel.config.js',
      code: babelAll,
      errors: [{ messageId: 'babelInlinesEnv', ...at(babelAll, "'transform-inline-environment-variables'"), data: { plugin: '"transform-inline-environment-variables"', what: 'every process.env read', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } }],
    },
    {
      name: 'reports a Babel plugin whose include list names a secret',
      filename: '.babelrc.js',
      code: babelInclude,
      errors: [{ messageId: 'babelInlinesEnv', ...at(babelInclude, "'transform-inline-environment-variables'"), data: { plugin: '"transform-inline-environment-variables"', what: 'the variables its `include` option lists', name: 'CENCORI_API_KEY', evidence: BY_SDK_NAME } }],
    },
  ],
});
