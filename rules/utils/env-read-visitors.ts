import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';

/** Where a read takes its variable from. */
export type EnvSource =
  | 'process.env'
  | 'import.meta.env'
  | '$env/static/public'
  | '$env/dynamic/public'
  | '$env/static/private'
  | '$env/dynamic/private';

export interface EnvRead {
  readonly name: string;
  /** The narrowest node naming the variable: `process.env.X`, a destructured key, an imported binding's use. */
  readonly node: TSESTree.Node;
  readonly source: EnvSource;
}

// SvelteKit's env modules (https://svelte.dev/docs/kit/$env-static-public): static ones export
// each variable by name, dynamic ones export an `env` object.
const SVELTEKIT_STATIC = new Set<string>(['$env/static/public', '$env/static/private']);
const SVELTEKIT_DYNAMIC = new Set<string>(['$env/dynamic/public', '$env/dynamic/private']);

export function isPublicSvelteKitSource(source: EnvSource): boolean {
  return source === '$env/static/public' || source === '$env/dynamic/public';
}

type Scope = TSESLint.Scope.Scope;

/** `process.env`, `import.meta.env` or SvelteKit's dynamic `env`: the env object `node` denotes, if any. */
export function envObjectSource(node: TSESTree.Node, scope: Scope): EnvSource | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    if (ASTUtils.getPropertyName(node, scope) !== 'env') return undefined;
    const object = node.object;
    if (object.type === AST_NODE_TYPES.MetaProperty && object.meta.name === 'import' && object.property.name === 'meta') return 'import.meta.env';
    // `process` must be the global one: a local variable named process is someone else's object.
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'process') {
      const variable = ASTUtils.findVariable(scope, object);
      if (!variable || variable.defs.length === 0) return 'process.env';
    }
    return undefined;
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const def = ASTUtils.findVariable(scope, node)?.defs[0];
    // `const env = process.env; env.X`: an alias of the env object reads it too.
    if (def?.type === 'Variable' && def.parent.kind === 'const' && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init && def.node.init.type !== AST_NODE_TYPES.Identifier) {
      return envObjectSource(def.node.init, scope);
    }
    if (def?.type !== 'ImportBinding' || def.node.type !== AST_NODE_TYPES.ImportSpecifier || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const source = def.parent.source.value;
    if (SVELTEKIT_DYNAMIC.has(source) && importedName(def.node) === 'env') return source as EnvSource;
  }
  return undefined;
}

function importedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
}

/** The read `process.env.X` / `process.env['X']` / `import.meta.env.X` / `env.X` is, if it is one. */
export function memberEnvRead(node: TSESTree.MemberExpression, scope: Scope): EnvRead | undefined {
  const source = envObjectSource(node.object, scope);
  if (!source) return undefined;
  const name = ASTUtils.getPropertyName(node, scope);
  return name === null ? undefined : { name, node, source };
}

/** The variable a name destructured from an env object reads (`const { X: key } = process.env`). */
export function destructuredEnvRead(pattern: TSESTree.ObjectPattern, init: TSESTree.Expression, scope: Scope): EnvRead[] {
  const source = envObjectSource(init, scope);
  if (!source) return [];
  const reads: EnvRead[] = [];
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = ASTUtils.getPropertyName(property, scope);
    if (name !== null) reads.push({ name, node: property.key, source });
  }
  return reads;
}

/** `X.env` or `X['env']`: the shape of `process.env` and `import.meta.env`, checked without scope analysis. */
function isEnvMember(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const { property } = node;
  return node.computed ? property.type === AST_NODE_TYPES.Literal && property.value === 'env' : property.type === AST_NODE_TYPES.Identifier && property.name === 'env';
}

/**
 * Local names that may stand for an env object (`const env = process.env`, SvelteKit's dynamic
 * `env`), read from the text once per file so the scope is consulted only for those names.
 */
function envAliasCandidates(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*(?:process|import\s*\.\s*meta)\s*\.\s*env\b(?!\s*[.[])/g)) names.add(m[1]!);
  if (text.includes('$env/dynamic/')) {
    names.add('env');
    for (const m of text.matchAll(/\benv\s+as\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  }
  return names;
}

/** Could this node be an env object? A syntactic check that lets the scope alone for most nodes. */
function mayBeEnvObject(node: TSESTree.Node, aliases: ReadonlySet<string>): boolean {
  return isEnvMember(node) || (node.type === AST_NODE_TYPES.Identifier && aliases.has(node.name));
}

/** True when the file can read env at all: a file without the word `env` gets no visitors. */
export function mayReadEnv(text: string): boolean {
  return /\benv\b/.test(text);
}

interface FileEnvFacts {
  readonly mayReadEnv: boolean;
  readonly aliases: ReadonlySet<string>;
}

// Both env rules look at the same file: the text is scanned once per parse, not once per rule.
const factsBySource = new WeakMap<object, FileEnvFacts>();

function fileEnvFacts(sourceCode: Readonly<TSESLint.SourceCode>): FileEnvFacts {
  let facts = factsBySource.get(sourceCode);
  if (!facts) {
    const may = mayReadEnv(sourceCode.text);
    facts = { mayReadEnv: may, aliases: may ? envAliasCandidates(sourceCode.text) : new Set() };
    factsBySource.set(sourceCode, facts);
  }
  return facts;
}

/**
 * Calls `onRead` for every env read in the file: member reads, destructuring from an env
 * object, and uses of names imported from SvelteKit's `$env/static/*` modules. Runs on every
 * keystroke: syntactic checks come first, scope analysis only for real candidates.
 */
export function envReadVisitors(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, onRead: (read: EnvRead) => void): TSESLint.RuleListener {
  const { sourceCode } = context;
  const { mayReadEnv: readsEnv, aliases } = fileEnvFacts(sourceCode);
  if (!readsEnv) return {};
  return {
    MemberExpression(node) {
      if (!mayBeEnvObject(node.object, aliases)) return;
      const read = memberEnvRead(node, sourceCode.getScope(node));
      if (read) onRead(read);
    },
    VariableDeclarator(node) {
      if (node.id.type !== AST_NODE_TYPES.ObjectPattern || !node.init || !mayBeEnvObject(node.init, aliases)) return;
      for (const read of destructuredEnvRead(node.id, node.init, sourceCode.getScope(node))) onRead(read);
    },
    AssignmentExpression(node) {
      if (node.left.type !== AST_NODE_TYPES.ObjectPattern || !mayBeEnvObject(node.right, aliases)) return;
      for (const read of destructuredEnvRead(node.left, node.right, sourceCode.getScope(node))) onRead(read);
    },
    ImportDeclaration(node) {
      const source = node.source.value;
      if (!SVELTEKIT_STATIC.has(source)) return;
      for (const specifier of node.specifiers) {
        if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) continue;
        const name = importedName(specifier);
        const uses = sourceCode.getDeclaredVariables(specifier).flatMap((v) => v.references);
        // An unused import still names the variable: report it where it is imported.
        if (uses.length === 0) onRead({ name, node: specifier, source: source as EnvSource });
        for (const use of uses) onRead({ name, node: use.identifier, source: source as EnvSource });
      }
    },
  };
}

/** The directive prologue of the linted file: 'use client', 'use server', 'use strict'. */
export function directivesOf(program: TSESTree.Program): string[] {
  const directives: string[] = [];
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || typeof statement.directive !== 'string') break;
    directives.push(statement.directive);
  }
  return directives;
}
