import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types.js';
import { unwrapTs } from './unwrap-ts.js';

// The one answer to "does this node read environment variable X?", for every rule.

type Scope = TSESLint.Scope.Scope;

/** Where a read takes its variable from. */
export type EnvSource =
  | 'process.env'
  | 'import.meta.env'
  | 'loadEnv'
  | '$env/static/public'
  | '$env/dynamic/public'
  | '$env/static/private'
  | '$env/dynamic/private'
  | 'env module';

export interface EnvRead {
  readonly name: string;
  /** The narrowest node naming the variable: `process.env.X`, a destructured key, a binding's use. */
  readonly node: TSESTree.Node;
  readonly source: EnvSource;
}

/**
 * An object holding environment variables. Vite's `loadEnv(mode, root, prefixes)` holds only
 * the variables its prefixes allow (`VITE_` by default); the others hold every variable.
 */
export interface EnvObject {
  readonly source: EnvSource;
  readonly prefixes: readonly string[] | 'all';
}

/** How many `const b = a` hops an env object is followed through: enough for real code, cheap on a cyclic file. */
const MAX_DEPTH = 6;

const PROCESS_ENV: EnvObject = { source: 'process.env', prefixes: 'all' };
const IMPORT_META_ENV: EnvObject = { source: 'import.meta.env', prefixes: 'all' };

// SvelteKit's env modules (https://svelte.dev/docs/kit/$env-static-public): static ones export
// each variable by name, dynamic ones export an `env` object.
export const SVELTEKIT_STATIC: ReadonlySet<string> = new Set(['$env/static/public', '$env/static/private']);
const SVELTEKIT_DYNAMIC: ReadonlySet<string> = new Set(['$env/dynamic/public', '$env/dynamic/private']);
const NODE_PROCESS_MODULES: ReadonlySet<string> = new Set(['process', 'node:process']);
// An app's own env module, the t3-env convention (`import { env } from '~/env'`, '@/env.mjs',
// '../env', '@acme/auth/env'): its `env` export holds the variables it validates.
export const ENV_MODULE_SPECIFIER = /(?:^|\/)env(?:\.[cm]?[jt]s)?$/;
const ENV_MODULE: EnvObject = { source: 'env module', prefixes: 'all' };

export function isPublicSvelteKitSource(source: EnvSource): boolean {
  return source === '$env/static/public' || source === '$env/dynamic/public';
}

export function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
}

/** `loadEnv(...)` or `vite.loadEnv(...)`. */
export function isLoadEnvCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = node.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'loadEnv';
  return callee.type === AST_NODE_TYPES.MemberExpression && ASTUtils.getPropertyName(callee) === 'loadEnv';
}

function loadEnvPrefixes(call: TSESTree.CallExpression, scope: Scope): readonly string[] | 'all' {
  const argument = call.arguments[2];
  if (!argument) return ['VITE_'];
  const value = ASTUtils.getStaticValue(argument, scope)?.value;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  // A prefix computed at run time: assume the worst.
  return 'all';
}

/** loadEnv(mode, root) only loads VITE_ variables: reading another name there yields undefined. */
function holds(env: EnvObject, name: string): boolean {
  return env.prefixes === 'all' || env.prefixes.some((prefix) => name.startsWith(prefix));
}

/**
 * Node's own `process`: the global, or one imported or required from 'process' / 'node:process'.
 * Any other variable named process (a parameter, a local object) is someone else's object.
 */
function isNodeProcess(identifier: TSESTree.Identifier, scope: Scope): boolean {
  const variable = ASTUtils.findVariable(scope, identifier);
  if (!variable || variable.defs.length === 0) return true;
  if (variable.defs.length !== 1) return false;
  const def = variable.defs[0]!;
  if (def.type === 'ImportBinding') {
    return def.node.type !== AST_NODE_TYPES.ImportSpecifier && def.parent.type === AST_NODE_TYPES.ImportDeclaration && NODE_PROCESS_MODULES.has(def.parent.source.value);
  }
  if (def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier || def.node.init?.type !== AST_NODE_TYPES.CallExpression) return false;
  const { callee, arguments: args } = def.node.init;
  const module = args[0];
  return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require' && module?.type === AST_NODE_TYPES.Literal && NODE_PROCESS_MODULES.has(String(module.value));
}

/**
 * The env object `node` denotes, if any: `process.env`, `import.meta.env`, a `loadEnv(...)`
 * result, SvelteKit's dynamic `env`, or a variable initialised with one of them (`const env = process.env`).
 */
export function envObjectOf(node: TSESTree.Node, scope: Scope, depth = 0): EnvObject | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = unwrapTs(node);
  switch (value.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (ASTUtils.getPropertyName(value, scope) !== 'env') return undefined;
      const object = value.object;
      if (object.type === AST_NODE_TYPES.MetaProperty) return object.meta.name === 'import' && object.property.name === 'meta' ? IMPORT_META_ENV : undefined;
      return object.type === AST_NODE_TYPES.Identifier && object.name === 'process' && isNodeProcess(object, scope) ? PROCESS_ENV : undefined;
    }
    case AST_NODE_TYPES.CallExpression:
      return isLoadEnvCall(value) ? { source: 'loadEnv', prefixes: loadEnvPrefixes(value, scope) } : undefined;
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(scope, value);
      if (!variable || variable.defs.length !== 1) return undefined;
      const def = variable.defs[0]!;
      if (def.type === 'Variable') {
        return def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init ? envObjectOf(def.node.init, variable.scope, depth + 1) : undefined;
      }
      if (def.type !== 'ImportBinding' || def.node.type !== AST_NODE_TYPES.ImportSpecifier || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
      const source = def.parent.source.value;
      if (importedName(def.node) !== 'env') return undefined;
      if (SVELTEKIT_DYNAMIC.has(source)) return { source: source as EnvSource, prefixes: 'all' };
      return ENV_MODULE_SPECIFIER.test(source) ? ENV_MODULE : undefined;
    }
    default:
      return undefined;
  }
}

/** The variable `member` reads from `env`, an env object already found to be its object. */
export function readFromEnvObject(env: EnvObject, member: TSESTree.MemberExpression, scope: Scope): EnvRead | undefined {
  const name = ASTUtils.getPropertyName(member, scope);
  return name !== null && holds(env, name) ? { name, node: member, source: env.source } : undefined;
}

/** The read `process.env.X` / `process.env['X']` / `import.meta.env.X` / `env.X` is, if it is one. */
export function memberEnvRead(node: TSESTree.MemberExpression, scope: Scope, depth = 0): EnvRead | undefined {
  const env = envObjectOf(node.object, scope, depth);
  return env && readFromEnvObject(env, node, scope);
}

/** The variables that names destructured from an env object read (`const { X: key } = process.env`), each at its key. */
export function destructuredEnvReads(pattern: TSESTree.ObjectPattern, init: TSESTree.Node, scope: Scope, depth = 0): EnvRead[] {
  const env = envObjectOf(init, scope, depth);
  if (!env) return [];
  const reads: EnvRead[] = [];
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = ASTUtils.getPropertyName(property, scope);
    if (name !== null && holds(env, name)) reads.push({ name, node: property.key, source: env.source });
  }
  return reads;
}

/**
 * The variable a use of `identifier` reads: a name destructured from an env object, or one
 * imported from SvelteKit's `$env/static/*`. The read is reported at the use.
 */
export function identifierEnvRead(identifier: TSESTree.Identifier, scope: Scope, depth = 0): EnvRead | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type === 'Variable') {
    if (def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !def.node.init) return undefined;
    const read = destructuredEnvReads(def.node.id, def.node.init, variable.scope, depth).find((r) => {
      const property = r.node.parent as TSESTree.Property;
      const target = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      return target === def.name;
    });
    return read && { ...read, node: identifier };
  }
  if (def.type !== 'ImportBinding' || def.node.type !== AST_NODE_TYPES.ImportSpecifier || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const source = def.parent.source.value;
  return SVELTEKIT_STATIC.has(source) ? { name: importedName(def.node), node: identifier, source: source as EnvSource } : undefined;
}
