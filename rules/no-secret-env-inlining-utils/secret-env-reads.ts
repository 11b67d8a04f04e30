import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../utils/node-types.js';
import { childNodes } from '../utils/child-nodes.js';
import { envObjectOf, identifierEnvRead, readFromEnvObject } from '../utils/env-reads.js';
import { isFunction } from '../utils/is-function.js';
import { initOf } from './static-config.js';

type Scope = TSESLint.Scope.Scope;

/** How far a value is followed through variables: the same bound as the env objects it reads. */
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
  /** For a whole environment object: a secret variable it holds, to name in the message. */
  readonly exposed?: string;
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
 * Every read of a secret environment variable in the value `root` (env-reads decides what a read
 * is), followed through consts holding such a read, and every use of a whole env object that
 * holds a secret (`process.env` holds every variable).
 */
export function secretReads(root: TSESTree.Node, scope: Scope, secrets: SecretVars, depth = 0): SecretRead[] {
  const reads: SecretRead[] = [];
  /** True when `node` is a whole env object: recorded if it holds a secret, and not looked into. */
  const wholeEnv = (node: TSESTree.Node): boolean => {
    const whole = envObjectOf(node, scope, depth);
    if (!whole) return false;
    const exposed = exposedSecret(whole.prefixes, secrets);
    if (exposed) reads.push({ node, name: undefined, exposed });
    return true;
  };
  const visit = (node: TSESTree.Node): void => {
    switch (node.type) {
      case AST_NODE_TYPES.MemberExpression: {
        const env = envObjectOf(node.object, scope, depth);
        if (env) {
          const read = readFromEnvObject(env, node, scope);
          if (read && secrets.isSecret(read.name)) reads.push({ node, name: read.name });
        } else if (!wholeEnv(node)) {
          visit(node.object);
        } else {
          return;
        }
        if (node.computed) visit(node.property);
        return;
      }
      case AST_NODE_TYPES.Identifier:
        if (!wholeEnv(node)) reads.push(...identifierReads(node, scope, secrets, depth));
        return;
      case AST_NODE_TYPES.CallExpression:
        if (wholeEnv(node)) return;
        break;
      case AST_NODE_TYPES.Property:
        if (node.computed) visit(node.key);
        visit(node.value);
        return;
      default:
        break;
    }
    for (const child of childNodes(node)) if (!isFunction(child)) visit(child);
  };
  visit(root);
  return reads;
}

/** A variable used in the entry that was itself read from a secret variable: report the use. */
function identifierReads(identifier: TSESTree.Identifier, scope: Scope, secrets: SecretVars, depth: number): SecretRead[] {
  if (depth >= MAX_DEPTH) return [];
  const read = identifierEnvRead(identifier, scope, depth + 1);
  if (read) return secrets.isSecret(read.name) ? [{ node: identifier, name: read.name }] : [];
  const init = initOf(identifier, scope);
  if (!init || isFunction(init)) return [];
  return secretReads(init, scope, secrets, depth + 1).map((inner) => ({ ...inner, node: identifier }));
}
