import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils } from '@typescript-eslint/utils';
import { classifyKey, findKeys, KEY_ANCHORS, maskKey, mayContainKey } from '../src/keys/index.js';
import { createRule } from './utils/create-rule.js';
import { sourceMayHoldKey } from './utils/source-may-hold-key.js';
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

const ESCAPED_C = /\\(?:x63|u0063|u\{63\}|143)/;
/** For each way to split a prefix, the head a literal ends with, keyed by the tail the next one starts with. */
const HEADS_BY_TAIL = new Map<string, RegExp[]>();
for (const anchor of KEY_ANCHORS) {
  for (let i = 1; i < anchor.length; i++) {
    const tail = anchor.slice(i);
    HEADS_BY_TAIL.set(tail, [...(HEADS_BY_TAIL.get(tail) ?? []), new RegExp(`${anchor.slice(0, i)}(?:['"\`]|\\$\\{)`)]);
  }
}
/**
 * One pass over the text for everything the rule's listeners depend on: a prefix written whole;
 * a literal starting with a prefix's tail (`'k_…'`); an escape that can stand for a key's
 * characters (`\\x63`, `\\u0063`, octal, a line continuation; `\\n` cannot); an HTML entity.
 */
const HINTS = new RegExp(
  `(c(?:sk|pk|en|ake)_)|['"\`}](${[...HEADS_BY_TAIL.keys()].sort((a, b) => b.length - a.length).join('|')})|(\\\\(?:[xu0-7]|\\r?\\n|\\r))|(&(?:#|[A-Za-z]+;))`,
  'g',
);

interface TextFacts {
  /** A key prefix is written somewhere: the whole-text scan can find something. */
  prefix: boolean;
  /** A string may spell a key's characters with escapes. */
  escapes: boolean;
  /** JSX text may spell them with HTML entities. */
  entities: boolean;
  /**
   * A key may be assembled from parts: a prefix is written whole; or it is split, one literal
   * ending with its head (`'cs'`) and one starting with the rest (`'k_…'`); or an escape spells
   * it. Where none holds, the composite analysis (the costly part) cannot find a key.
   */
  assembly: boolean;
}

function textFacts(text: string): TextFacts {
  const facts = { prefix: false, escapes: false, entities: false, assembly: false };
  const tails = new Set<string>();
  HINTS.lastIndex = 0;
  for (let m = HINTS.exec(text); m !== null; m = HINTS.exec(text)) {
    if (m[1]) facts.prefix = true;
    else if (m[2]) tails.add(m[2]);
    else if (m[3]) facts.escapes = true;
    else facts.entities = true;
    if (facts.prefix && facts.escapes && facts.entities) break;
  }
  facts.assembly =
    facts.prefix ||
    (facts.escapes && ESCAPED_C.test(text)) ||
    [...tails].some((tail) => HEADS_BY_TAIL.get(tail)!.some((head) => head.test(text)));
  return facts;
}

const NOT_STATIC = Symbol('not static');
type StaticValues = Map<TSESTree.Node, unknown>;

function leafValue(node: TSESTree.Node, scope: Scope | undefined): unknown {
  const result = ASTUtils.getStaticValue(node, scope);
  return result === null ? NOT_STATIC : result.value;
}

/** The value of a composite from its parts' values, or NOT_STATIC. */
function combine(node: TSESTree.Node, values: StaticValues, scope: Scope | undefined): unknown {
  if (node.type === AST_NODE_TYPES.BinaryExpression) {
    const left = values.get(unwrapTs(node.left));
    const right = values.get(unwrapTs(node.right));
    if (left === NOT_STATIC || right === NOT_STATIC) return NOT_STATIC;
    return (left as string) + (right as string);
  }
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    let text = '';
    for (let i = 0; i < node.quasis.length; i++) {
      const cooked = node.quasis[i]!.value.cooked;
      if (cooked === null) return NOT_STATIC;
      text += cooked;
      const expression = node.expressions[i];
      if (expression === undefined) continue;
      const value = values.get(unwrapTs(expression));
      if (value === NOT_STATIC) return NOT_STATIC;
      text += String(value);
    }
    return text;
  }
  // join/concat: few parts, and array semantics (holes, spreads) are getStaticValue's to get right.
  return leafValue(node, scope);
}

/**
 * The static value of `root` and of every part of its composite tree, each computed once,
 * bottom-up and without recursion (a 3,000-term chain is 3,000 levels deep). Non-static
 * values are NOT_STATIC.
 */
function staticParts(root: TSESTree.Node, scope: Scope | undefined): { values: StaticValues; parents: Map<TSESTree.Node, TSESTree.Node> } {
  const values: StaticValues = new Map();
  const parents = new Map<TSESTree.Node, TSESTree.Node>();
  const stack: Array<{ node: TSESTree.Node; expanded: boolean }> = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.expanded) {
      stack.pop();
      values.set(top.node, combine(top.node, values, scope));
      continue;
    }
    top.expanded = true;
    for (const part of compositeParts(top.node)) {
      parents.set(part, top.node);
      if (isComposite(part)) stack.push({ node: part, expanded: false });
      else values.set(part, leafValue(part, scope));
    }
  }
  return { values, parents };
}

/** The innermost part of `node` whose static value still holds the whole key. */
function narrowest(node: TSESTree.Node, key: string, values: StaticValues): TSESTree.Node {
  let current = node;
  for (;;) {
    const inner = compositeParts(current).find((part) => {
      if (!isComposite(part)) return false;
      const value = values.get(part);
      return typeof value === 'string' && value.includes(key);
    });
    if (!inner) return current;
    current = inner;
  }
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
    const checkComments = options.checkComments !== false;
    /** Keys reported so far in this file: a composite repeating one is the same leak, not a second one. */
    const reported = new Set<string>();
    const composites: TSESTree.Node[] = [];

    function reportable(key: string): boolean {
      const keyClass = classifyKey(key);
      return keyClass !== undefined && (checkPublishable || keyClass.kind === 'secret');
    }

    function report(key: string, loc: TSESTree.SourceLocation, fix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix): void {
      reported.add(key);
      const keyClass = classifyKey(key);
      context.report({
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

    /** True when `index` lies in a JS comment (only asked when comments are not to be checked). */
    function inComment(index: number): boolean {
      return sourceCode.getAllComments().some((c) => c.range[0] <= index && index < c.range[1]);
    }

    /** The suggestion for a key written verbatim in a string literal or a template quasi, if one fits. */
    function fixAt(index: number, key: string): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
      const node = sourceCode.getNodeByRangeIndex(index);
      if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return literalFix(node as TSESTree.Literal & { value: string });
      if (node?.type === AST_NODE_TYPES.TemplateElement) return quasiFix(node, key);
      return undefined;
    }

    /**
     * Every key written verbatim anywhere in the file: code, comments, JSX, and the markup of
     * Vue, Svelte or Astro files, which no JS visitor sees. One pass of the key core over the
     * whole text, as the CLI scans a file.
     */
    function scanSourceText(): void {
      const text = sourceCode.text;
      for (const { key, index, length, encoding } of findKeys(text)) {
        if (!reportable(key) || (!checkComments && inComment(index))) continue;
        // A base64-encoded key is reported where its encoding is written; no fix rewrites encoded data.
        report(key, locOf(index, length), encoding ? undefined : fixAt(index, key));
      }
    }

    /** Keys the source text cannot show: their characters are escaped (`\x63sk_…`, `&#99;sk_…`). */
    function checkEscaped(node: TSESTree.Node, value: string, raw: string): void {
      if (!mayContainKey(value) || raw === value) return;
      for (const { key } of findKeys(value)) {
        if (reported.has(key) || !reportable(key) || raw.includes(key)) continue;
        report(key, node.loc, node.type === AST_NODE_TYPES.Literal ? literalFix(node as TSESTree.Literal & { value: string }) : undefined);
      }
    }

    function literalFix(node: TSESTree.Literal & { value: string }): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
      if (!isEnvReplaceable(node)) return undefined;
      const value = node.value;
      const inJsxAttribute = node.parent?.type === AST_NODE_TYPES.JSXAttribute;
      // Every key in the literal goes, so the fixed code never keeps one.
      const pieces = value.split(new RegExp(findKeys(value).map((m) => m.key).join('|')));
      const replacement =
        pieces.every((p) => p === '')
          ? ENV_REPLACEMENT
          : `\`${pieces.map(escapeForTemplate).join(`\${${ENV_REPLACEMENT}}`)}\``;
      return (fixer) => fixer.replaceText(node, inJsxAttribute ? `{${replacement}}` : replacement);
    }

    function quasiFix(quasi: TSESTree.TemplateElement, key: string): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
      const template = quasi.parent;
      if (template?.type !== AST_NODE_TYPES.TemplateLiteral || template.parent?.type === AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
      const raw = sourceCode.text.slice(quasi.range[0], quasi.range[1]);
      if (!raw.includes(key)) return undefined;
      // Every key in the quasi goes, not only this one: the fixed code never keeps a second key.
      let fixed = raw;
      for (const m of findKeys(raw).reverse()) fixed = `${fixed.slice(0, m.index)}\${${ENV_REPLACEMENT}}${fixed.slice(m.index + m.key.length)}`;
      return (fixer) => fixer.replaceTextRange(quasi.range, fixed);
    }

    /**
     * Keys that exist only once parts are joined. Literal-only values first, so a key is reported
     * where its characters are written; then with the scope, for parts read from `const`s.
     * Each chain is evaluated once, bottom-up (staticParts): a long `+` chain costs its length,
     * not its length squared.
     */
    function checkComposite(node: TSESTree.Node, scope: Scope | undefined): boolean {
      const { values, parents } = staticParts(node, scope);
      const value = values.get(node);
      if (value !== NOT_STATIC) {
        reportKeysIn(node, value, values);
        return true;
      }
      // Not static as a whole: its largest static composites may still hold a key.
      for (const [part, partValue] of values) {
        if (partValue !== NOT_STATIC && isComposite(part) && values.get(parents.get(part)!) === NOT_STATIC) reportKeysIn(part, partValue, values);
      }
      return false;
    }

    function reportKeysIn(node: TSESTree.Node, value: unknown, values: StaticValues): void {
      if (typeof value !== 'string' || !mayContainKey(value)) return;
      for (const { key } of findKeys(value)) {
        if (reported.has(key) || !reportable(key)) continue;
        report(key, narrowest(node, key, values).loc);
      }
    }

    const visitComposite = (node: TSESTree.Node): void => {
      if (isComposite(node) && !isPartOfOuterComposite(node)) composites.push(node);
    };

    // Only the listeners this file can need: ESLint calls (and with --stats, times) each one per
    // node, and in most files of an app none of them can find anything.
    const facts = textFacts(sourceCode.text);
    const listeners: TSESLint.RuleListener = {};
    // mayContainKey also sees base64 runs long enough to carry an encoded key.
    if (facts.prefix || sourceMayHoldKey(sourceCode)) listeners.Program = scanSourceText;
    if (facts.escapes) {
      listeners.Literal = (node) => {
        if (typeof node.value === 'string' && node.raw.includes('\\')) checkEscaped(node, node.value, node.raw.slice(1, -1));
      };
      listeners.TemplateElement = (node) => {
        if (node.value.raw.includes('\\') && node.value.cooked !== null) checkEscaped(node, node.value.cooked, node.value.raw);
      };
    }
    if (facts.entities) {
      listeners.JSXText = (node) => {
        if (node.raw.includes('&')) checkEscaped(node, node.value, node.raw);
      };
    }
    if (facts.assembly) {
      listeners.BinaryExpression = visitComposite;
      listeners.TemplateLiteral = visitComposite;
      listeners.CallExpression = visitComposite;
      listeners['Program:exit'] = () => {
        // A value static without the scope is complete: only the others are worth a scope lookup.
        const needScope = composites.filter((node) => !checkComposite(node, undefined));
        for (const node of needScope) checkComposite(node, sourceCode.getScope(node));
      };
    }
    return listeners;
  },
});
