import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '../utils/node-types.js';
import { isFunction } from '../utils/is-function.js';

/** The function a node is directly inside (a `return`'s function), not looking past the nearest one. */
export function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  for (let at = node.parent; at; at = at.parent) if (isFunction(at)) return at;
  return undefined;
}

/** An inline server action: a function whose body starts with 'use server'. */
export function hasUseServerDirective(fn: TSESTree.FunctionLike): boolean {
  if (fn.body?.type !== AST_NODE_TYPES.BlockStatement) return false;
  for (const statement of fn.body.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || typeof statement.directive !== 'string') break;
    if (statement.directive === 'use server') return true;
  }
  return false;
}

/**
 * The name a module exports the function under: `export function loader`, `export const load = ...`,
 * `export default function` ('default'). Undefined for a function that is not itself exported.
 */
export function exportedNameOfFunction(fn: TSESTree.FunctionLike): string | undefined {
  let at: TSESTree.Node = fn;
  // `export const load = (async () => {...}) satisfies PageServerLoad`
  while (at.parent && (at.parent.type === AST_NODE_TYPES.TSSatisfiesExpression || at.parent.type === AST_NODE_TYPES.TSAsExpression)) at = at.parent;
  const parent = at.parent;
  if (!parent) return undefined;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'default';
  if (parent.type === AST_NODE_TYPES.ExportNamedDeclaration && fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    const declaration = parent.parent;
    return declaration.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ? parent.id.name : undefined;
  }
  return undefined;
}
