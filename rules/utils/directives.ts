import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types.js';

/** The directive prologue of the linted file: 'use client', 'use server', 'use strict'. */
export function directivesOf(program: TSESTree.Program): string[] {
  const directives: string[] = [];
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || typeof statement.directive !== 'string') break;
    directives.push(statement.directive);
  }
  return directives;
}
