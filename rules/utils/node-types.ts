import { AST_NODE_TYPES as REEXPORTED } from '@typescript-eslint/utils';

/**
 * A plain copy of the node type enum. @typescript-eslint/utils re-exports it through a chain of
 * getters, and the rules compare node types on every literal and call in a file: with the copy
 * each comparison is a property read.
 */
export const AST_NODE_TYPES = { ...REEXPORTED } as typeof REEXPORTED;
