import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types.js';
import { childNodes, destructuringOf, initOf, isFunction, propertyName, unwrapTs } from './static-config.js';

type Scope = TSESLint.Scope.Scope;

const MAX_DEPTH = 6;

/** Which environment variables hold a secret key. */
export interface SecretVars {
  isSecret(name: string): boolean;
  /** Names known to be secret, to test which of them a prefix such as `envPrefix` exposes. */
  readonly knownNames: readonly string[];
}

/** A read, inside some expression, of environment variables that hold a secret. */
export interface SecretRead {
  /** Where it is read: the narrowest node. */
  readonly node: TSESTree.Node;
  /** The variable, or undefined when the whole environment object is read. */
  readonly name: string | undefined;
}

/**
 * A variable naming an environment object: `process.env`, `import.meta.env`, Vite's
 * `loadEnv(mode, root, prefixes)` result, or a const holding one of them. For loadEnv the
 * prefixes argument decides which variables the object holds (Vite's default is `VITE_`).
 */
interface EnvObject {
  readonly prefixes: readonly string[] | 'all';
}

function isProcessEnv(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(node) === 'env' &&
    ((node.object.type === AST_NODE_TYPES.Identifier && node.object.name === 'process') ||
      (node.object.type === AST_NODE_TYPES.MetaProperty && node.object.meta.name === 'import' && node.object.property.name === 'meta'))
  );
}

function isLoadEnvCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = node.callee;
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression
        ? propertyName(callee)
        : undefined;
  return name === 'loadEnv';
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

function envObjectOf(node: TSESTree.Node, scope: Scope, depth: number): EnvObject | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = unwrapTs(node);
  if (isProcessEnv(value)) return { prefixes: 'all' };
  if (isLoadEnvCall(value)) return { prefixes: loadEnvPrefixes(value, scope) };
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = initOf(value, scope);
    return init ? envObjectOf(init, scope, depth + 1) : undefined;
  }
  return undefined;
}

/** Does an environment object holding variables with these prefixes hold a secret one? */
export function exposedSecret(prefixes: readonly string[] | 'all', secrets: SecretVars): string | undefined {
  const candidates = prefixes === 'all' ? [''] : prefixes;
  for (const prefix of candidates) {
    const exposed = secretNameWithPrefix(prefix, secrets);
    if (exposed) return exposed;
  }
  return undefined;
}

/**
 * A secret variable name starting with `prefix`, if one can exist: the known names first,
 * then `prefix + 'KEY'`, which stands for the CENCORI_*KEY family that secret-env-names matches.
 */
export function secretNameWithPrefix(prefix: string, secrets: SecretVars): string | undefined {
  const known = secrets.knownNames.find((name) => name.startsWith(prefix));
  if (known) return known;
  const synthetic = `${prefix}KEY`;
  return secrets.isSecret(synthetic) ? `${prefix}*KEY` : undefined;
}

/**
 * Every read of a secret environment variable in `root`: `process.env.X`, `process.env['X']`,
 * `import.meta.env.X`, `env.X` where env = loadEnv(...), destructured names, consts holding
 * such a read, and the whole `process.env` object (which holds every variable).
 */
export function secretReads(root: TSESTree.Node, scope: Scope, secrets: SecretVars, depth = 0): SecretRead[] {
  const reads: SecretRead[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.MemberExpression && !isProcessEnv(node)) {
      const env = envObjectOf(node.object, scope, depth);
      if (env) {
        const name = propertyName(node);
        if (name !== undefined && secrets.isSecret(name) && holds(env, name)) reads.push({ node, name });
        if (node.computed) visit(node.property);
        return;
      }
      visit(node.object);
      if (node.computed) visit(node.property);
      return;
    }
    if (node.type === AST_NODE_TYPES.Identifier || isProcessEnv(node) || isLoadEnvCall(node)) {
      const whole = envObjectOf(node, scope, depth);
      if (whole) {
        if (exposedSecret(whole.prefixes, secrets)) reads.push({ node, name: undefined });
        return;
      }
      if (node.type === AST_NODE_TYPES.Identifier) reads.push(...identifierReads(node, scope, secrets, depth));
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
    }
    if (node.type === AST_NODE_TYPES.Property) {
      if (node.computed) visit(node.key);
      visit(node.value);
      return;
    }
    for (const child of childNodes(node)) if (!isFunction(child)) visit(child);
  };
  visit(root);
  return reads;
}

/** A variable used in the entry that was itself read from a secret variable: report the use. */
function identifierReads(identifier: TSESTree.Identifier, scope: Scope, secrets: SecretVars, depth: number): SecretRead[] {
  if (depth >= MAX_DEPTH) return [];
  const destructured = destructuringOf(identifier, scope);
  if (destructured) {
    const env = envObjectOf(destructured.init, scope, depth + 1);
    if (env && secrets.isSecret(destructured.key)) return [{ node: identifier, name: destructured.key }];
    return [];
  }
  const init = initOf(identifier, scope);
  if (!init || isFunction(init)) return [];
  return secretReads(init, scope, secrets, depth + 1).map((read) => ({ node: identifier, name: read.name }));
}
