import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils } from '@typescript-eslint/utils';
import { classifyKey, findKeys, maskKey, mayContainKey } from '../src/keys/index.js';
import { createRule } from './utils/create-rule.js';
import { AST_NODE_TYPES } from './utils/node-types.js';
import { unwrapTs } from './utils/unwrap-ts.js';

export type Options = [
  {
    checkPublishable?: boolean;
    checkComments?: boolean;
  },
];
export type MessageIds = 'hardcodedKey' | 'useEnvVariable';

/** What the suggestion puts where the key was: the variable Cencori's SDK reads by default. */
const ENV_REPLACEMENT = 'process.env.CENCORI_API_KEY';

type Scope = TSESLint.Scope.Scope;

/**
 * Expressions whose static value is built from parts: the key may only exist once the parts are
 * joined, so the literal visitors cannot see it.
 */
function isComposite(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+';
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.length > 0;
    case AST_NODE_TYPES.CallExpression:
      return isJoinOrConcat(node);
    default:
      return false;
  }
}

function isJoinOrConcat(node: TSESTree.CallExpression): boolean {
  const callee = node.callee;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    (callee.property.name === 'join' || callee.property.name === 'concat')
  );
}

/** The sub-expressions a composite's value is made of, TS wrappers removed. */
function compositeParts(node: TSESTree.Node): TSESTree.Node[] {
  const parts: TSESTree.Node[] = [];
  if (node.type === AST_NODE_TYPES.BinaryExpression) parts.push(node.left, node.right);
  else if (node.type === AST_NODE_TYPES.TemplateLiteral) parts.push(...node.expressions);
  else if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const receiver = unwrapTs(node.callee.object);
    if (receiver.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of receiver.elements) if (element) parts.push(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element);
    } else parts.push(receiver);
    parts.push(...node.arguments);
  }
  return parts.map(unwrapTs);
}

/** A composite inside another composite is examined from the outer one, never on its own. */
function isPartOfOuterComposite(node: TSESTree.Node): boolean {
  let parent = node.parent;
  while (parent && unwrapTs(parent) !== parent) parent = parent.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.ArrayExpression || parent.type === AST_NODE_TYPES.SpreadElement) {
    const holder = parent.type === AST_NODE_TYPES.SpreadElement ? parent.parent : parent;
    const call = holder?.parent?.parent;
    return call?.type === AST_NODE_TYPES.CallExpression && isComposite(call) && compositeParts(call).includes(node);
  }
  return isComposite(parent) && compositeParts(parent).includes(node);
}

function isEnvReplaceable(node: TSESTree.Literal): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.ImportAttribute:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSEnumMember:
    case AST_NODE_TYPES.TSExternalModuleReference:
    case AST_NODE_TYPES.TSModuleDeclaration:
      return false;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.TSPropertySignature:
      return parent.key !== node;
    case AST_NODE_TYPES.ExpressionStatement:
      return parent.directive === undefined;
    default:
      return true;
  }
}

function escapeForTemplate(text: string): string {
  return text.replace(/[\\`]|\$\{/g, (m) => `\\${m}`);
}

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Cencori API keys written in source code, comments and statically computed strings',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      hardcodedKey:
        'Hard-coded Cencori {{description}} {{masked}}: anyone who can read this code or its bundle can use it. Revoke it in the Cencori dashboard and read the key from a server-side environment variable.',
      useEnvVariable: `Replace the key with ${ENV_REPLACEMENT} (server code only).`,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkPublishable: {
            type: 'boolean',
            description: 'Also report publishable keys (cpk_). They are meant for browsers, so they are not reported by default.',
          },
          checkComments: {
            type: 'boolean',
            description: 'Also look for keys in comments.',
          },
        },
      },
    ],
    defaultOptions: [{ checkPublishable: false, checkComments: true }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const checkPublishable = options.checkPublishable === true;
    /** Keys reported so far in this file: a composite repeating one is the same leak, not a second one. */
    const reported = new Set<string>();
    const composites: TSESTree.Node[] = [];

    function reportable(key: string): boolean {
      const keyClass = classifyKey(key);
      return keyClass !== undefined && (checkPublishable || keyClass.kind === 'secret');
    }

    function report(
      key: string,
      node: TSESTree.Node | TSESTree.Token,
      loc: TSESTree.SourceLocation,
      fix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix,
    ): void {
      reported.add(key);
      const keyClass = classifyKey(key);
      context.report({
        node,
        loc,
        messageId: 'hardcodedKey',
        data: { masked: maskKey(key), description: keyClass?.description ?? 'key' },
        // Publishable keys belong in browsers: no server-only variable to suggest for them.
        suggest: fix && keyClass?.kind === 'secret' ? [{ messageId: 'useEnvVariable', fix }] : [],
      });
    }

    function locOf(start: number, length: number): TSESTree.SourceLocation {
      return { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(start + length) };
    }

    /**
     * Reports every key in one piece of text that sits in the source at `rawStart`. When the key is
     * written verbatim (no escapes) the report covers the key alone, else the whole node.
     */
    function checkText(
      node: TSESTree.Node | TSESTree.Token,
      text: string,
      rawStart: number,
      rawEnd: number,
      fixFor?: (key: string) => ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined,
    ): void {
      if (!mayContainKey(text)) return;
      const raw = sourceCode.text.slice(rawStart, rawEnd);
      for (const { key, index, length, encoding } of findKeys(text)) {
        if (!reportable(key)) continue;
        // A base64-encoded key is reported where its encoding is written; no fix rewrites encoded data.
        const written = text.slice(index, index + length);
        const at = raw.indexOf(written);
        const loc = at >= 0 ? locOf(rawStart + at, written.length) : node.loc;
        report(key, node, loc, encoding ? undefined : fixFor?.(key));
      }
    }

    function literalFix(node: TSESTree.Literal & { value: string }): (key: string) => ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
      return () => {
        if (!isEnvReplaceable(node)) return undefined;
        const value = node.value;
        const inJsxAttribute = node.parent?.type === AST_NODE_TYPES.JSXAttribute;
        // Every key in the literal goes, so the fixed code never keeps one (none when one is encoded).
        const matches = findKeys(value);
        if (matches.some((m) => m.encoding)) return undefined;
        const pieces = value.split(new RegExp(matches.map((m) => m.key).join('|')));
        const replacement =
          pieces.every((p) => p === '')
            ? ENV_REPLACEMENT
            : `\`${pieces.map(escapeForTemplate).join(`\${${ENV_REPLACEMENT}}`)}\``;
        return (fixer) => fixer.replaceText(node, inJsxAttribute ? `{${replacement}}` : replacement);
      };
    }

    function quasiFix(quasi: TSESTree.TemplateElement): (key: string) => ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
      return (key) => {
        const template = quasi.parent;
        if (template?.type !== AST_NODE_TYPES.TemplateLiteral || template.parent?.type === AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
        const raw = sourceCode.text.slice(quasi.range[0], quasi.range[1]);
        if (!raw.includes(key)) return undefined;
        return (fixer) => fixer.replaceTextRange(quasi.range, raw.split(key).join(`\${${ENV_REPLACEMENT}}`));
      };
    }

    function staticString(node: TSESTree.Node, scope: Scope | undefined): string | undefined {
      const result = ASTUtils.getStaticValue(node, scope);
      return result && typeof result.value === 'string' ? result.value : undefined;
    }

    /** The innermost part of `node` whose static value still holds the whole key. */
    function narrowest(node: TSESTree.Node, key: string, scope: Scope | undefined): TSESTree.Node {
      for (const part of compositeParts(node)) {
        if (isComposite(part) && staticString(part, scope)?.includes(key)) return narrowest(part, key, scope);
      }
      return node;
    }

    /**
     * Keys that exist only once parts are joined. Literal-only values first, so a key is reported
     * where its characters are written; then with the scope, for parts read from `const`s.
     */
    function checkComposite(node: TSESTree.Node, scope: Scope | undefined): boolean {
      const result = ASTUtils.getStaticValue(node, scope);
      if (result === null) {
        for (const part of compositeParts(node)) if (isComposite(part)) checkComposite(part, scope);
        return false;
      }
      const value = result.value;
      if (typeof value !== 'string' || !mayContainKey(value)) return true;
      for (const { key } of findKeys(value)) {
        if (reported.has(key) || !reportable(key)) continue;
        const target = narrowest(node, key, scope);
        report(key, target, target.loc);
      }
      return true;
    }

    const visitComposite = (node: TSESTree.Node): void => {
      if (isComposite(node) && !isPartOfOuterComposite(node)) composites.push(node);
    };

    return {
      Literal(node) {
        if (typeof node.value === 'string') {
          checkText(node, node.value, node.range[0], node.range[1], literalFix(node as TSESTree.Literal & { value: string }));
        } else if ('regex' in node && node.regex) {
          checkText(node, node.regex.pattern, node.range[0], node.range[1]);
        }
      },
      TemplateElement(node) {
        checkText(node, node.value.cooked ?? node.value.raw, node.range[0], node.range[1], quasiFix(node));
      },
      JSXText(node) {
        checkText(node, node.value, node.range[0], node.range[1]);
      },
      BinaryExpression: visitComposite,
      TemplateLiteral: visitComposite,
      CallExpression: visitComposite,
      'Program:exit'() {
        if (options.checkComments !== false) {
          for (const comment of sourceCode.getAllComments()) {
            // `//` and `/*` both take two characters before comment.value starts.
            checkText(comment, comment.value, comment.range[0] + 2, comment.range[1]);
          }
        }
        // A value static without the scope is complete: only the others are worth a scope lookup.
        const needScope = composites.filter((node) => !checkComposite(node, undefined));
        for (const node of needScope) checkComposite(node, sourceCode.getScope(node));
      },
    };
  },
});
