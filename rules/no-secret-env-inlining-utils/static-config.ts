import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../utils/node-types.js';
import { childNodes } from '../utils/child-nodes.js';
import { isFunction } from '../utils/is-function.js';
import { unwrapTs } from '../utils/unwrap-ts.js';

type Scope = TSESLint.Scope.Scope;

/**
 * How far a value is followed through variables, wrapper calls and returns. Config files are
 * small and flat; the bound keeps a pathological (or cyclic) file cheap.
 */
const MAX_DEPTH = 6;

/** The initialiser of a `const`/`let`/`var` the identifier refers to, when there is exactly one. */
export function initOf(identifier: TSESTree.Identifier, scope: Scope): TSESTree.Node | undefined {
  const variable = ASTUtils.findVariable(scope, identifier);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  if (def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return undefined;
  return def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.init : undefined;
}

/** A non-computed key, or a computed one with a static string value. */
export function propertyName(property: TSESTree.Property | TSESTree.MemberExpression): string | undefined {
  const key = property.type === AST_NODE_TYPES.Property ? property.key : property.property;
  if (!property.computed) {
    if (key.type === AST_NODE_TYPES.Identifier) return key.name;
    if (key.type === AST_NODE_TYPES.Literal) return String(key.value);
    return undefined;
  }
  const value = ASTUtils.getStaticValue(key);
  return value && (typeof value.value === 'string' || typeof value.value === 'number') ? String(value.value) : undefined;
}

/** Expressions a function yields: an arrow's body, or every `return` not inside a nested function. */
function returnedValues(fn: TSESTree.FunctionLike): TSESTree.Node[] {
  if (!fn.body) return [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) found.push(node.argument);
      return;
    }
    for (const child of childNodes(node)) {
      if (!isFunction(child)) visit(child);
    }
  };
  visit(fn.body);
  return found;
}

/**
 * The object literals a config expression stands for: through variables, wrapper calls
 * (`withSentryConfig(nextConfig)`, `defineConfig({...})`), functions returning a config
 * (`defineConfig(({ mode }) => ({...}))`, `module.exports = (phase) => {...}`) and conditionals.
 */
export function objectsOf(node: TSESTree.Node, scope: Scope, depth = 0): TSESTree.ObjectExpression[] {
  if (depth > MAX_DEPTH) return [];
  const value = unwrapTs(node);
  const next = (n: TSESTree.Node) => objectsOf(n, scope, depth + 1);
  switch (value.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return [value];
    case AST_NODE_TYPES.Identifier: {
      const init = initOf(value, scope);
      return init ? next(init) : [];
    }
    case AST_NODE_TYPES.CallExpression:
      return value.arguments.flatMap(next);
    case AST_NODE_TYPES.AwaitExpression:
      return next(value.argument);
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.FunctionDeclaration:
      return returnedValues(value).flatMap(next);
    case AST_NODE_TYPES.ConditionalExpression:
      return [...next(value.consequent), ...next(value.alternate)];
    case AST_NODE_TYPES.LogicalExpression:
      return [...next(value.left), ...next(value.right)];
    default:
      return [];
  }
}

export interface ConfigEntry {
  readonly name: string;
  readonly property: TSESTree.Property;
  readonly value: TSESTree.Node;
}

/** Every `name: value` of the objects, spreads of other objects included. */
export function entriesOf(objects: readonly TSESTree.ObjectExpression[], scope: Scope, depth = 0): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  for (const object of objects) {
    for (const property of object.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        if (depth < MAX_DEPTH) entries.push(...entriesOf(objectsOf(property.argument, scope), scope, depth + 1));
        continue;
      }
      const name = propertyName(property);
      if (name !== undefined) entries.push({ name, property, value: property.value });
    }
  }
  return entries;
}

/** The objects found at a property path (`['kit', 'env']`) under the given config objects. */
export function objectsAt(objects: readonly TSESTree.ObjectExpression[], path: readonly string[], scope: Scope): TSESTree.ObjectExpression[] {
  let current = [...objects];
  for (const segment of path) {
    current = entriesOf(current, scope)
      .filter((entry) => entry.name === segment)
      .flatMap((entry) => objectsOf(entry.value, scope));
  }
  return current;
}

/** Values at a property path whose last segment is a leaf (`['kit', 'env', 'publicPrefix']`). */
export function valuesAt(objects: readonly TSESTree.ObjectExpression[], path: readonly string[], scope: Scope): TSESTree.Node[] {
  const parents = objectsAt(objects, path.slice(0, -1), scope);
  const last = path[path.length - 1]!;
  return entriesOf(parents, scope)
    .filter((entry) => entry.name === last)
    .map((entry) => entry.value);
}
