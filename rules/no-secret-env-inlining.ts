import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils } from '@typescript-eslint/utils';
import { knownSecretNames, projectEnvFor, secretVerdict, type ProjectEnv, type SecretVerdict } from '../src/env/index.js';
import { createRule } from './utils/create-rule.js';
import { AST_NODE_TYPES } from './utils/node-types.js';
import { secretNameWithPrefix, secretReads, type SecretRead, type SecretVars } from './no-secret-env-inlining-utils/secret-env-reads.js';
import { entriesOf, objectsAt, objectsOf, propertyName, valuesAt } from './no-secret-env-inlining-utils/static-config.js';
import { unwrapTs } from './utils/unwrap-ts.js';

export type Options = [
  {
    secretVars?: string[];
  },
];
export type MessageIds =
  | 'nextEnv'
  | 'define'
  | 'defineWholeEnv'
  | 'environmentPlugin'
  | 'envPrefix'
  | 'nuxtPublic'
  | 'nuxtPublicName'
  | 'nuxtPublicOverride'
  | 'expoExtra'
  | 'babelInlinesEnv';

type Scope = TSESLint.Scope.Scope;

/** The webpack (and rspack) plugins that inline env values, by class name. */
const WEBPACK_PLUGINS = ['DefinePlugin', 'EnvironmentPlugin'] as const;

/** The framework a config file belongs to, from its name: each reads different options. */
const CONFIG_FILES: ReadonlyArray<{ pattern: RegExp; framework: Framework }> = [
  { pattern: /^next\.config\.[cm]?[jt]s$/, framework: 'next' },
  { pattern: /^(vite|vitest)\.config\.[cm]?[jt]s$/, framework: 'vite' },
  { pattern: /^astro\.config\.[cm]?[jt]s$/, framework: 'astro' },
  { pattern: /^svelte\.config\.[cm]?[jt]s$/, framework: 'svelte' },
  { pattern: /^nuxt\.config\.[cm]?[jt]s$/, framework: 'nuxt' },
  { pattern: /^app\.config\.[cm]?[jt]s$/, framework: 'expo' },
  { pattern: /^(?:babel\.config|\.babelrc)\.[cm]?js$/, framework: 'babel' },
];
type Framework = 'next' | 'vite' | 'astro' | 'svelte' | 'nuxt' | 'expo' | 'babel';

/**
 * Babel plugins that write env values into the code they compile (React Native / Expo apps ship
 * that code). Each inlines every `process.env.X` it sees, or every variable of the .env file.
 */
const INLINING_BABEL_PLUGINS: ReadonlyMap<string, string> = new Map([
  ['transform-inline-environment-variables', 'every process.env read'],
  ['babel-plugin-transform-inline-environment-variables', 'every process.env read'],
  ['inline-dotenv', 'every variable of the .env file'],
  ['babel-plugin-inline-dotenv', 'every variable of the .env file'],
  ['module:react-native-dotenv', 'every variable of the .env file'],
  ['react-native-dotenv', 'every variable of the .env file'],
  ['transform-inline-dotenv', 'every variable of the .env file'],
]);

/** Where each framework keeps Vite's options: at the top, or under `vite`. */
const VITE_OPTIONS_PATH: Record<Framework, readonly string[] | undefined> = {
  next: undefined,
  vite: [],
  astro: ['vite'],
  svelte: undefined,
  nuxt: ['vite'],
  expo: undefined,
  babel: undefined,
};

function frameworkOf(filename: string): Framework | undefined {
  // Asked for every linted file: a slice and one substring test before any pattern.
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  if (!base.includes('config.') && !base.startsWith('.babelrc')) return undefined;
  return CONFIG_FILES.find((c) => c.pattern.test(base))?.framework;
}

/** `new DefinePlugin(...)`, `new webpack.DefinePlugin(...)`, `new rspack.DefinePlugin(...)`. */
function pluginName(node: TSESTree.NewExpression): string | undefined {
  const callee = node.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return undefined;
}

/** `cencoriApiKey` → `CENCORI_API_KEY`: the variable Nuxt fills runtimeConfig from (with NUXT_PUBLIC_). */
function nuxtEnvName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The string values of a prefix option (`'CENCORI_'` or `['VITE_', 'CENCORI_']`), each with its node. */
function prefixValues(node: TSESTree.Node, scope: Scope): Array<{ prefix: string; node: TSESTree.Node }> {
  const value = unwrapTs(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    return value.elements.flatMap((element) => (element && element.type !== AST_NODE_TYPES.SpreadElement ? prefixValues(element, scope) : []));
  }
  const result = ASTUtils.getStaticValue(value, scope)?.value;
  if (typeof result === 'string') return [{ prefix: result, node: value }];
  if (Array.isArray(result)) return result.filter((v): v is string => typeof v === 'string').map((prefix) => ({ prefix, node: value }));
  return [];
}

export default createRule<Options, MessageIds>({
    name: 'no-secret-env-inlining',
    meta: {
      type: 'problem',
      docs: {
        description: 'Disallow bundler config that copies a secret-key environment variable into client bundles',
        recommended: true,
      },
      messages: {
        nextEnv:
          'next.config `env.{{entry}}` inlines {{name}} (a Cencori secret key, decided by {{evidence}}) into client bundles: Next.js copies every `env` entry into browser code, whatever its name. Read it from process.env in server code instead.',
        define:
          '{{tool}} entry `{{entry}}` replaces code with the value of {{name}} (a Cencori secret key, decided by {{evidence}}): the secret key ends up as a literal in the bundle.',
        defineWholeEnv:
          '{{tool}} entry `{{entry}}` inlines the whole environment, {{name}} included (a Cencori secret key, decided by {{evidence}}): every secret key ends up as a literal in the bundle.',
        environmentPlugin: 'EnvironmentPlugin inlines {{name}} (a Cencori secret key, decided by {{evidence}}) into the bundle: the secret key ends up as a literal in client code.',
        envPrefix:
          '{{option}} {{prefix}} exposes {{name}} (a Cencori secret key, decided by {{evidence}}) to client code: every variable starting with the prefix is inlined into the bundle.',
        nuxtPublic:
          'runtimeConfig.public.{{entry}} holds {{name}} (a Cencori secret key, decided by {{evidence}}): Nuxt sends runtimeConfig.public to the browser. Keep it in runtimeConfig, outside `public`.',
        nuxtPublicName:
          'runtimeConfig.public.{{entry}} is filled from NUXT_PUBLIC_{{name}} and sent to the browser, and {{name}} is a Cencori secret key (decided by {{evidence}}): a secret key does not belong in runtimeConfig.public.',
        nuxtPublicOverride:
          'runtimeConfig.public.{{entry}} is overridden at run time by {{name}} (a Cencori secret key, decided by {{evidence}}), and Nuxt sends runtimeConfig.public to the browser. Move the key out of {{name}} and keep it in runtimeConfig, outside `public`.',
        expoExtra:
          'app.config `extra.{{entry}}` holds {{name}} (a Cencori secret key, decided by {{evidence}}): Expo embeds `extra` in the app bundle (Constants.expoConfig.extra), readable on every device. Call Cencori from a server instead.',
        babelInlinesEnv:
          'Babel plugin {{plugin}} inlines {{what}} into the compiled app, {{name}} included (a Cencori secret key, decided by {{evidence}}): the secret key ends up as a literal in the bundle.',
      },
      schema: [
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            secretVars: {
              type: 'array',
              items: { type: 'string' },
              uniqueItems: true,
              description:
                'More environment variable names that hold a Cencori secret key, beyond those a .env file sets to a secret key and CENCORI_*_KEY / _SECRET / _TOKEN names.',
            },
          },
        },
      ],
      defaultOptions: [{ secretVars: [] }],
    },
    create(context, [options]) {
      const framework = frameworkOf(context.filename);
      const sourceCode = context.sourceCode;
      // Outside a framework config only webpack's DefinePlugin and EnvironmentPlugin inline env,
      // and only by name: every other file (nearly all of an app) needs no listener and no .env.
      if (!framework && !WEBPACK_PLUGINS.some((name) => sourceCode.text.includes(name))) return {};
      const optionNames = new Set(options.secretVars ?? []);
      // Read on the first question: a config that inlines nothing never reads the project's .env files.
      let projectEnv: ProjectEnv | undefined;
      const envOfProject = (): ProjectEnv => (projectEnv ??= projectEnvFor(context.filename));
      let knownNames: readonly string[] | undefined;
      const verdictOf = (name: string): SecretVerdict | undefined => secretVerdict(name, envOfProject(), optionNames);
      /** For messages: which evidence made `name` a secret. `CENCORI_*KEY` stands for a family of names. */
      const evidenceFor = (name: string): string =>
        name.includes('*') ? `its name: every ${name.replace('*', '…')} variable is taken for a secret key` : (verdictOf(name)?.evidence ?? 'its name');
      const secrets: SecretVars = {
        isSecret: (name) => verdictOf(name) !== undefined,
        get knownNames() {
          return (knownNames ??= knownSecretNames(envOfProject(), optionNames));
        },
      };

      /** A read's name and evidence for a message; a whole env object is named by the secret it holds. */
      function namedRead(read: SecretRead): { name: string; evidence: string } {
        if (read.name !== undefined) return { name: read.name, evidence: evidenceFor(read.name) };
        const exposed = read.exposed ?? secrets.knownNames[0]!;
        return { name: `the whole environment, ${exposed} included`, evidence: evidenceFor(exposed) };
      }

      function reportDefines(objects: TSESTree.ObjectExpression[], tool: string, scope: Scope): void {
        for (const entry of entriesOf(objects, scope)) {
          for (const read of secretReads(entry.value, scope, secrets)) {
            if (read.name === undefined) {
              const name = read.exposed ?? secrets.knownNames[0]!;
              context.report({ node: read.node, messageId: 'defineWholeEnv', data: { tool, entry: entry.name, name, evidence: evidenceFor(name) } });
            } else {
              context.report({ node: read.node, messageId: 'define', data: { tool, entry: entry.name, name: read.name, evidence: evidenceFor(read.name) } });
            }
          }
        }
      }

      function reportPrefixes(values: TSESTree.Node[], option: string, scope: Scope): void {
        for (const value of values) {
          for (const { prefix, node } of prefixValues(value, scope)) {
            const name = secretNameWithPrefix(prefix, secrets);
            if (name) context.report({ node, messageId: 'envPrefix', data: { option, prefix: JSON.stringify(prefix), name, evidence: evidenceFor(name) } });
          }
        }
      }

      function checkConfig(exported: TSESTree.Node): void {
        if (!framework) return;
        const scope = sourceCode.getScope(exported);
        const config = objectsOf(exported, scope);
        if (config.length === 0) return;

        if (framework === 'next') {
          for (const entry of entriesOf(objectsAt(config, ['env'], scope), scope)) {
            for (const read of secretReads(entry.value, scope, secrets)) {
              context.report({ node: read.node, messageId: 'nextEnv', data: { entry: entry.name, ...namedRead(read) } });
            }
          }
        }
        const vitePath = VITE_OPTIONS_PATH[framework];
        if (vitePath) {
          const vite = vitePath.length === 0 ? config : objectsAt(config, vitePath, scope);
          reportDefines(objectsAt(vite, ['define'], scope), 'Vite `define`', scope);
          reportPrefixes(valuesAt(vite, ['envPrefix'], scope), 'envPrefix', scope);
        }
        if (framework === 'svelte') {
          reportPrefixes(valuesAt(config, ['kit', 'env', 'publicPrefix'], scope), 'kit.env.publicPrefix', scope);
        }
        if (framework === 'nuxt') checkNuxtPublic(objectsAt(config, ['runtimeConfig', 'public'], scope), '', scope);
        if (framework === 'expo') {
          const extras = [...objectsAt(config, ['extra'], scope), ...objectsAt(config, ['expo', 'extra'], scope)];
          for (const entry of entriesOf(extras, scope)) {
            for (const read of secretReads(entry.value, scope, secrets)) {
              context.report({ node: read.node, messageId: 'expoExtra', data: { entry: entry.name, ...namedRead(read) } });
            }
          }
        }
        if (framework === 'babel') checkBabelPlugins(config, scope);
      }

      function checkBabelPlugins(config: TSESTree.ObjectExpression[], scope: Scope): void {
        const lists = [...valuesAt(config, ['plugins'], scope), ...entriesOf(objectsAt(config, ['env'], scope), scope).flatMap((e) => valuesAt(objectsOf(e.value, scope), ['plugins'], scope))];
        for (const list of lists) {
          const array = unwrapTs(list);
          if (array.type !== AST_NODE_TYPES.ArrayExpression) continue;
          for (const element of array.elements) {
            if (!element || element.type === AST_NODE_TYPES.SpreadElement) continue;
            const item = unwrapTs(element);
            const nameNode = item.type === AST_NODE_TYPES.ArrayExpression ? item.elements[0] : item;
            if (!nameNode || nameNode.type === AST_NODE_TYPES.SpreadElement) continue;
            const plugin = ASTUtils.getStaticValue(nameNode, scope)?.value;
            const what = typeof plugin === 'string' ? INLINING_BABEL_PLUGINS.get(plugin) : undefined;
            if (!what || typeof plugin !== 'string') continue;
            const pluginOptions = item.type === AST_NODE_TYPES.ArrayExpression ? item.elements[1] : undefined;
            const included = pluginOptions && pluginOptions.type !== AST_NODE_TYPES.SpreadElement ? valuesAt(objectsOf(pluginOptions, scope), ['include'], scope) : [];
            const names = included.flatMap((value) => prefixValues(value, scope).map((p) => p.prefix));
            // With `include`, only the listed variables are inlined; without, every one is.
            const secret = names.length > 0 ? names.find((n) => secrets.isSecret(n)) : (envOfProject().secrets.keys().next().value ?? secrets.knownNames[0]);
            const inlined = names.length > 0 ? 'the variables its `include` option lists' : what;
            if (secret) context.report({ node: nameNode, messageId: 'babelInlinesEnv', data: { plugin: JSON.stringify(plugin), what: inlined, name: secret, evidence: evidenceFor(secret) } });
          }
        }
      }

      function checkNuxtPublic(objects: TSESTree.ObjectExpression[], path: string, scope: Scope): void {
        for (const entry of entriesOf(objects, scope)) {
          const entryPath = path + entry.name;
          const nested = objectsOf(entry.value, scope);
          if (nested.length > 0) {
            checkNuxtPublic(nested, `${entryPath}.`, scope);
            continue;
          }
          const reads = secretReads(entry.value, scope, secrets);
          for (const read of reads) {
            context.report({ node: read.node, messageId: 'nuxtPublic', data: { entry: entryPath, ...namedRead(read) } });
          }
          const envName = nuxtEnvName(entry.name);
          // Nuxt overrides runtimeConfig.public.fooBar from NUXT_PUBLIC_FOO_BAR at run time, whatever the entry is named.
          const override = `NUXT_PUBLIC_${nuxtEnvName(entryPath.replace(/\./g, '_'))}`;
          const fromEnvFile = secretVerdict(override, envOfProject());
          if (fromEnvFile?.decidedBy === 'env-file') {
            context.report({ node: entry.property.key, messageId: 'nuxtPublicOverride', data: { entry: entryPath, name: override, evidence: fromEnvFile.evidence } });
          } else if (reads.length === 0 && path === '' && secrets.isSecret(envName)) {
            context.report({ node: entry.property.key, messageId: 'nuxtPublicName', data: { entry: entryPath, name: envName, evidence: evidenceFor(envName) } });
          }
        }
      }

      // Outside a framework config file only webpack plugins matter: no visitor for exports at all.
      const exportVisitors: TSESLint.RuleListener = framework
        ? {
            ExportDefaultDeclaration(node) {
              checkConfig(node.declaration);
            },
            AssignmentExpression(node) {
              const left = node.left;
              if (
                left.type === AST_NODE_TYPES.MemberExpression &&
                left.object.type === AST_NODE_TYPES.Identifier &&
                left.object.name === 'module' &&
                propertyName(left) === 'exports'
              ) {
                checkConfig(node.right);
              }
            },
          }
        : {};

      return {
        ...exportVisitors,
        NewExpression(node) {
          const name = pluginName(node);
          if (name !== 'DefinePlugin' && name !== 'EnvironmentPlugin') return;
          const scope = sourceCode.getScope(node);
          if (name === 'DefinePlugin') {
            reportDefines(node.arguments.flatMap((argument) => objectsOf(argument, scope)), 'DefinePlugin', scope);
            return;
          }
          // EnvironmentPlugin(['A', 'B']), EnvironmentPlugin('A', 'B') or EnvironmentPlugin({ A: default }).
          for (const argument of node.arguments) {
            const objects = objectsOf(argument, scope);
            const named = objects.length > 0
              ? entriesOf(objects, scope).map((entry) => ({ name: entry.name, node: entry.property.key as TSESTree.Node }))
              : prefixValues(argument, scope).map(({ prefix, node: at }) => ({ name: prefix, node: at }));
            for (const { name: variable, node: at } of named) {
              if (secrets.isSecret(variable)) context.report({ node: at, messageId: 'environmentPlugin', data: { name: variable, evidence: evidenceFor(variable) } });
            }
          }
        },
      };
    },
  });
