import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from './node-types.js';
import { destructuredEnvReads, importedName, isLoadEnvCall, memberEnvRead, SVELTEKIT_STATIC, type EnvRead, type EnvSource } from './env-reads.js';

// What counts as an env read is env-reads' call; this module only finds, cheaply, the nodes worth asking about.

/** `X.env` or `X['env']`: the shape of `process.env` and `import.meta.env`, checked without scope analysis. */
function isEnvMember(node: TSESTree.MemberExpression): boolean {
  const { property } = node;
  return node.computed ? property.type === AST_NODE_TYPES.Literal && property.value === 'env' : property.type === AST_NODE_TYPES.Identifier && property.name === 'env';
}

const IDENTIFIER = '[A-Za-z_$][\\w$]*';
// `const env = process.env`, `let env = import.meta.env as Env`, `const env = loadEnv(mode, root, '')`.
const DIRECT_ALIAS = new RegExp(`\\b(?:const|let|var)\\s+(${IDENTIFIER})\\s*(?::[^=]*)?=\\s*\\(?\\s*(?:(?:process|import\\s*\\.\\s*meta)\\s*\\.\\s*env\\b(?!\\s*[.[])|(?:${IDENTIFIER}\\s*\\.\\s*)?loadEnv\\s*\\()`, 'g');
// `const b = a`: followed only from names already known to be aliases.
const NAME_ALIAS = new RegExp(`\\b(?:const|let|var)\\s+(${IDENTIFIER})\\s*(?::[^=]*)?=\\s*(${IDENTIFIER})\\b(?!\\s*[.[(])`, 'g');
const ENV_MODULE_IMPORT = /\bimport\s*\{[^}]*\benv\b[^}]*\}\s*from\s*['"](?:[^'"]*\/)?env(?:\.[cm]?[jt]s)?['"]/;
// env-reads follows at most this many `const b = a` hops.
const MAX_ALIAS_HOPS = 6;

/**
 * Local names that may stand for an env object (`const env = process.env`, SvelteKit's dynamic
 * `env`, a `loadEnv` result, `const b = env`), read from the text once per file so the scope is
 * consulted only for those names.
 */
function envAliasCandidates(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(DIRECT_ALIAS)) names.add(m[1]!);
  // `import { env } from '~/env'` (t3-env) or SvelteKit's dynamic modules: `env` and its aliases.
  if (text.includes('$env/dynamic/') || ENV_MODULE_IMPORT.test(text)) {
    names.add('env');
    for (const m of text.matchAll(/\benv\s+as\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  }
  if (names.size === 0) return names;
  const copies = [...text.matchAll(NAME_ALIAS)].map((m) => [m[1]!, m[2]!] as const);
  for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
    const before = names.size;
    for (const [alias, of] of copies) if (names.has(of)) names.add(alias);
    if (names.size === before) break;
  }
  return names;
}

/** True when the file can read env at all: a file without the word `env` or a `loadEnv` call gets no visitors. */
export function mayReadEnv(text: string): boolean {
  // indexOf finds candidates at memchr speed; a regex starting with \b tries every position.
  for (let i = text.indexOf('env'); i !== -1; i = text.indexOf('env', i + 3)) {
    if (!isWordCode(text.charCodeAt(i - 1)) && !isWordCode(text.charCodeAt(i + 3))) return true;
  }
  return text.includes('loadEnv');
}

/** [A-Za-z0-9_], as \b sees a word; NaN (before the start, past the end) is no word. */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

interface FileEnvFacts {
  readonly mayReadEnv: boolean;
  readonly mayLoadEnv: boolean;
  readonly aliases: ReadonlySet<string>;
}

/** Could this node be an env object? A syntactic check that lets the scope alone for most nodes. */
function mayBeEnvObject(node: TSESTree.Node, facts: FileEnvFacts): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.MemberExpression:
      return isEnvMember(node);
    case AST_NODE_TYPES.Identifier:
      return facts.aliases.has(node.name);
    case AST_NODE_TYPES.CallExpression:
      return facts.mayLoadEnv && isLoadEnvCall(node);
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return mayBeEnvObject(node.expression, facts);
    default:
      return false;
  }
}

// Both env rules look at the same file: the text is scanned once per parse, not once per rule.
const factsBySource = new WeakMap<object, FileEnvFacts>();

function fileEnvFacts(sourceCode: Readonly<TSESLint.SourceCode>): FileEnvFacts {
  let facts = factsBySource.get(sourceCode);
  if (!facts) {
    const { text } = sourceCode;
    const may = mayReadEnv(text);
    facts = { mayReadEnv: may, mayLoadEnv: may && text.includes('loadEnv'), aliases: may ? envAliasCandidates(text) : new Set() };
    factsBySource.set(sourceCode, facts);
  }
  return facts;
}

/** True when the linted file can read env at all (mayReadEnv over its text, once per parse). */
export function sourceMayReadEnv(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return fileEnvFacts(sourceCode).mayReadEnv;
}

/**
 * Calls `onRead` for every env read in the file: member reads, destructuring from an env
 * object, and uses of names imported from SvelteKit's `$env/static/*` modules. Runs on every
 * keystroke: syntactic checks come first, scope analysis only for real candidates.
 */
export function envReadVisitors(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, onRead: (read: EnvRead) => void): TSESLint.RuleListener {
  const { sourceCode } = context;
  const facts = fileEnvFacts(sourceCode);
  if (!facts.mayReadEnv) return {};
  return {
    MemberExpression(node) {
      if (!mayBeEnvObject(node.object, facts)) return;
      const read = memberEnvRead(node, sourceCode.getScope(node));
      if (read) onRead(read);
    },
    VariableDeclarator(node) {
      if (node.id.type !== AST_NODE_TYPES.ObjectPattern || !node.init || !mayBeEnvObject(node.init, facts)) return;
      for (const read of destructuredEnvReads(node.id, node.init, sourceCode.getScope(node))) onRead(read);
    },
    AssignmentExpression(node) {
      if (node.left.type !== AST_NODE_TYPES.ObjectPattern || !mayBeEnvObject(node.right, facts)) return;
      for (const read of destructuredEnvReads(node.left, node.right, sourceCode.getScope(node))) onRead(read);
    },
    ImportDeclaration(node) {
      const source = node.source.value;
      if (!SVELTEKIT_STATIC.has(source)) return;
      for (const specifier of node.specifiers) {
        if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) continue;
        // The import is the read: SvelteKit inlines every name imported from $env/static/*, used or not.
        onRead({ name: importedName(specifier), node: specifier, source: source as EnvSource });
      }
    },
  };
}
