import type { TSESTree } from '@typescript-eslint/utils';

/** Child nodes in source order, without the `parent` back-link. */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const [name, value] of Object.entries(node)) {
    if (name === 'parent' || value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item.type === 'string') children.push(item as TSESTree.Node);
    } else if (typeof (value as { type?: unknown }).type === 'string') {
      children.push(value as TSESTree.Node);
    }
  }
  return children;
}
