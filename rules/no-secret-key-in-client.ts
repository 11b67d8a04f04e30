import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';
import { boundaryOf, PAGES_SERVER_FUNCTIONS, type Boundary } from '../src/env/boundary.js';
import { describeEvidence, isSecretKeyEnvName, projectEnvFor, projectRootOf, publicPrefixOf, type ProjectEnv } from '../src/env/index.js';
import { secretReaderBehind } from '../src/env/client-imports.js';
import { clientModuleExporting } from '../src/env/client-component.js';
import { resolveImport } from '../src/env/resolve-import.js';
import { findKeys, maskKey, mayContainKey } from '../src/keys/index.js';
import { createRule } from './utils/create-rule.js';
import { directivesOf } from './utils/directives.js';
import { envReadVisitors, mayReadEnv } from './utils/env-read-visitors.js';
import { identifierEnvRead, memberEnvRead } from './utils/env-reads.js';

export type Options = [
  {
    clientFiles?: string[];
  },
];
export type MessageIds =
  | 'secretReadInClient'
  | 'sdkWithoutKeyInClient'
  | 'sdkWithSecretKeyInClient'
  | 'secretPropToClientComponent'
  | 'secretInPageProps'
  | 'clientImportsSecretReader';

// The SDK's two entry points; without an apiKey both read CENCORI_API_KEY, a secret key.
const SDK_CONSTRUCTORS = new Set(['Cencori']);
const SDK_FACTORIES = new Set(['createCencori']);
// Page data functions whose returned props Next.js serialises into the HTML (__NEXT_DATA__).
const PROPS_FUNCTIONS = new Set(['getServerSideProps', 'getStaticProps']);
// How far a value is followed through `const` bindings before giving up.
const MAX_VALUE_DEPTH = 4;

type TopLevel = TSESTree.ProgramStatement;

export default createRule<Options, MessageIds>({
  name: 'no-secret-key-in-client',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow Cencori secret keys in code that reaches the browser: 'use client' modules, pages-router pages, props of client components",
      recommended: true,
    },
    messages: {
      secretReadInClient:
        '{{name}} holds a Cencori secret key{{evidence}}, and this is client code ({{reason}}): the browser would get the key. Read it in server code (a route handler, server action or API route) and call Cencori from there.',
      sdkWithoutKeyInClient:
        'The Cencori SDK is created in client code ({{reason}}) without an apiKey, so it falls back to CENCORI_API_KEY, a secret key. Call Cencori from server code, or pass a publishable key (cpk_).',
      sdkWithSecretKeyInClient:
        'The Cencori SDK is created in client code ({{reason}}) with a secret key ({{value}}). Call Cencori from server code, or pass a publishable key (cpk_).',
      secretPropToClientComponent:
        "{{name}} (a Cencori secret key) is passed as prop `{{prop}}` to <{{component}}>, a 'use client' component ({{file}}): Next.js serialises its props into the page sent to the browser. Keep the key on the server; call Cencori from a server action or route handler.",
      clientImportsSecretReader:
        "This is client code ({{reason}}) and it imports {{module}}{{via}}, which reads {{name}} (a Cencori secret key) at line {{line}}: everything a client module imports is bundled for the browser. Keep that module on the server: add `import 'server-only'` to it and call it from server code.",
      secretInPageProps:
        '{{name}} (a Cencori secret key) is returned in the props of {{fn}}: Next.js serialises page props into the HTML (__NEXT_DATA__). Use the key inside {{fn}} and return only its results.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          clientFiles: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: "Globs, relative to ESLint's working directory, of files that run in the browser whatever their directives, e.g. ['src/**/*.{ts,tsx}'] for a Vite single-page app.",
          },
        },
      },
    ],
    defaultOptions: [{ clientFiles: [] }],
  },
  create(context, [{ clientFiles = [] }]) {
    const { sourceCode } = context;
    const boundary: Boundary = boundaryOf(context.filename, directivesOf(sourceCode.ast), { clientFiles, cwd: context.cwd });
    // A secret reaches a value only through an env read or a written key: files with neither skip the value checks.
    const fileMayReadEnv = mayReadEnv(sourceCode.text);
    const fileMayHoldKey = mayContainKey(sourceCode.text);
    let projectEnv: ProjectEnv | undefined;
    const envOfProject = (): ProjectEnv => (projectEnv ??= projectEnvFor(context.filename));

    function isSecretVar(name: string): boolean {
      if (isSecretKeyEnvName(name)) return true;
      return envOfProject().vars.get(name)?.kind === 'secret';
    }

    function evidenceOf(name: string): string {
      const evidence = envOfProject().vars.get(name);
      return evidence?.kind === 'secret' ? ` (${describeEvidence(evidence)})` : '';
    }

    // ---- pages router: which top-level statements Next.js keeps out of the client bundle ----
    const serverOnlyMemo = new Map<TopLevel, boolean>();

    function topLevelOf(node: TSESTree.Node): TopLevel | undefined {
      let current: TSESTree.Node = node;
      while (current.parent && current.parent.type !== AST_NODE_TYPES.Program) current = current.parent;
      return current.parent ? (current as TopLevel) : undefined;
    }

    function declaredNames(statement: TopLevel): string[] {
      const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) return declaration.id ? [declaration.id.name] : [];
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        return declaration.declarations.flatMap((d) => (d.id.type === AST_NODE_TYPES.Identifier ? [d.id.name] : []));
      }
      return [];
    }

    /**
     * Next.js removes getServerSideProps/getStaticProps/getStaticPaths from the browser build,
     * and with them every top-level helper used only by them: such statements are server code.
     */
    function isServerOnly(statement: TopLevel, visiting: Set<TopLevel> = new Set()): boolean {
      const memo = serverOnlyMemo.get(statement);
      if (memo !== undefined) return memo;
      if (visiting.has(statement)) return true;
      visiting.add(statement);
      let result: boolean;
      if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
        result = declaredNames(statement).some((n) => PAGES_SERVER_FUNCTIONS.has(n));
      } else if (statement.type === AST_NODE_TYPES.FunctionDeclaration || statement.type === AST_NODE_TYPES.VariableDeclaration) {
        const uses = sourceCode
          .getDeclaredVariables(statement)
          .concat(statement.type === AST_NODE_TYPES.VariableDeclaration ? statement.declarations.flatMap((d) => sourceCode.getDeclaredVariables(d)) : [])
          .flatMap((v) => v.references)
          .filter((r) => !r.init);
        result = uses.length > 0 && uses.every((r) => {
          const user = topLevelOf(r.identifier);
          return user !== undefined && (user === statement || isServerOnly(user, visiting));
        });
      } else {
        result = false;
      }
      visiting.delete(statement);
      // Inside a cycle, a result leans on the assumption made for the statement being decided:
      // only the outermost answer is final.
      if (visiting.size === 0) serverOnlyMemo.set(statement, result);
      return result;
    }

    function isClientAt(node: TSESTree.Node): boolean {
      if (boundary.kind === 'client') return true;
      if (boundary.kind !== 'pages') return false;
      const statement = topLevelOf(node);
      return statement === undefined || !isServerOnly(statement);
    }

    // ---- values that carry a secret key ----
    /** A label for the secret `node` evaluates to or contains (env var name or masked key), if any. */
    function secretIn(node: TSESTree.Node, depth = 0): string | undefined {
      if (depth > MAX_VALUE_DEPTH) return undefined;
      switch (node.type) {
        case AST_NODE_TYPES.MemberExpression: {
          if (!fileMayReadEnv) return undefined;
          const read = memberEnvRead(node, sourceCode.getScope(node));
          return read && isSecretVar(read.name) ? read.name : undefined;
        }
        case AST_NODE_TYPES.Identifier:
          return secretBinding(node, depth);
        case AST_NODE_TYPES.Literal:
          return typeof node.value === 'string' ? secretKeyIn(node.value) : undefined;
        case AST_NODE_TYPES.TemplateLiteral: {
          const value = ASTUtils.getStaticValue(node, sourceCode.getScope(node));
          if (value && typeof value.value === 'string') return secretKeyIn(value.value);
          return firstOf(node.expressions, depth);
        }
        case AST_NODE_TYPES.ObjectExpression:
          return firstOf(node.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? p.value : p.argument)), depth);
        case AST_NODE_TYPES.ArrayExpression:
          return firstOf(node.elements.flatMap((e) => (e ? [e.type === AST_NODE_TYPES.SpreadElement ? e.argument : e] : [])), depth);
        case AST_NODE_TYPES.ConditionalExpression:
          return firstOf([node.consequent, node.alternate], depth);
        case AST_NODE_TYPES.LogicalExpression:
          return firstOf([node.left, node.right], depth);
        case AST_NODE_TYPES.BinaryExpression:
          return node.operator === '+' ? firstOf([node.left, node.right], depth) : undefined;
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSSatisfiesExpression:
        case AST_NODE_TYPES.TSTypeAssertion:
        case AST_NODE_TYPES.ChainExpression:
          return secretIn(node.expression, depth);
        default:
          return undefined;
      }
    }

    function firstOf(nodes: readonly TSESTree.Node[], depth: number): string | undefined {
      for (const n of nodes) {
        const found = secretIn(n, depth);
        if (found) return found;
      }
      return undefined;
    }

    /** A `const` bound to a secret: `const key = process.env.X` or `const { X } = process.env`. */
    function secretBinding(identifier: TSESTree.Identifier, depth: number): string | undefined {
      if (!fileMayReadEnv && !fileMayHoldKey) return undefined;
      const scope = sourceCode.getScope(identifier);
      const def = ASTUtils.findVariable(scope, identifier)?.defs[0];
      if (def?.type !== 'Variable' || def.parent.kind !== 'const' || !def.node.init) return undefined;
      if (def.node.id.type === AST_NODE_TYPES.Identifier) return secretIn(def.node.init, depth + 1);
      const read = identifierEnvRead(identifier, scope);
      return read && isSecretVar(read.name) ? read.name : undefined;
    }

    function secretKeyIn(text: string): string | undefined {
      const key = findKeys(text).find((k) => k.format.kind === 'secret');
      return key ? maskKey(key.key) : undefined;
    }

    // ---- the SDK ----
    function checkSdk(node: TSESTree.NewExpression | TSESTree.CallExpression, callee: TSESTree.Node): void {
      if (!isClientAt(node)) return;
      const options = node.arguments[0];
      if (options === undefined) {
        context.report({ node: callee, messageId: 'sdkWithoutKeyInClient', data: { reason: boundary.reason } });
        return;
      }
      if (options.type === AST_NODE_TYPES.ObjectExpression) {
        const apiKey = options.properties.find(
          (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && ASTUtils.getPropertyName(p, sourceCode.getScope(p)) === 'apiKey',
        );
        if (!apiKey) {
          // `{ ...config }` may carry the key: no claim either way.
          if (options.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement)) return;
          context.report({ node: callee, messageId: 'sdkWithoutKeyInClient', data: { reason: boundary.reason } });
          return;
        }
        reportSecretSdkKey(apiKey.value);
        return;
      }
      reportSecretSdkKey(options);
    }

    // Env reads are reported where they are read; here only keys written into the call.
    function reportSecretSdkKey(value: TSESTree.Node): void {
      const scope = sourceCode.getScope(value);
      const staticValue = ASTUtils.getStaticValue(value, scope);
      const masked = staticValue && typeof staticValue.value === 'string' ? secretKeyIn(staticValue.value) : undefined;
      if (masked) context.report({ node: value, messageId: 'sdkWithSecretKeyInClient', data: { reason: boundary.reason, value: masked } });
    }

    function calleeName(callee: TSESTree.Node): string | undefined {
      if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
      if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier) return callee.property.name;
      return undefined;
    }

    // ---- server component -> client component props ----
    /** The file of the 'use client' module a JSX element's component comes from, through barrels too. */
    function clientComponentFile(name: TSESTree.JSXTagNameExpression): string | undefined {
      let root: TSESTree.Node = name;
      while (root.type === AST_NODE_TYPES.JSXMemberExpression) root = root.object;
      if (root.type !== AST_NODE_TYPES.JSXIdentifier) return undefined;
      // <div>, <span>: a lowercase plain tag is an HTML element, not a component.
      if (name === root && !/^[A-Z]/.test(root.name)) return undefined;
      const variable = ASTUtils.findVariable(sourceCode.getScope(name), root.name);
      const def = variable?.defs.find((d) => d.type === 'ImportBinding');
      if (def?.type !== 'ImportBinding' || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
      const file = resolveImport(context.filename, def.parent.source.value);
      if (!file) return undefined;
      return clientModuleExporting(file, exportedNameOf(def.node, name));
    }

    /** Which export of the module the element uses: `<Box>` from `{ ChatBox as Box }` is ChatBox; `<UI.Panel>` is Panel. */
    function exportedNameOf(specifier: TSESTree.Node, name: TSESTree.JSXTagNameExpression): string | undefined {
      if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return 'default';
      if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
        return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
      }
      // import * as UI: <UI.Panel> uses the export Panel.
      if (name.type === AST_NODE_TYPES.JSXMemberExpression && name.object.type === AST_NODE_TYPES.JSXIdentifier) return name.property.name;
      return undefined;
    }

    function checkJsxProps(node: TSESTree.JSXOpeningElement): void {
      let target: string | null | undefined = null;
      for (const attribute of node.attributes) {
        const value = attribute.type === AST_NODE_TYPES.JSXSpreadAttribute ? attribute.argument : attribute.value;
        if (!value || value.type === AST_NODE_TYPES.JSXElement || value.type === AST_NODE_TYPES.JSXFragment) continue;
        const expression = value.type === AST_NODE_TYPES.JSXExpressionContainer ? value.expression : value;
        if (expression.type === AST_NODE_TYPES.JSXEmptyExpression) continue;
        const secret = secretIn(expression);
        if (!secret) continue;
        // Resolve the component only once a prop carries a secret: most elements never need it.
        if (target === null) target = clientComponentFile(node.name);
        if (!target) return;
        const prop = attribute.type === AST_NODE_TYPES.JSXAttribute ? sourceCode.getText(attribute.name) : '...';
        context.report({
          node: attribute,
          messageId: 'secretPropToClientComponent',
          data: { name: secret, prop, component: sourceCode.getText(node.name), file: displayPath(target) },
        });
      }
    }

    // Relative to the project, as the .env evidence is: the same in every terminal and editor.
    function displayPath(file: string): string {
      const base = projectRootOf(context.filename) ?? context.cwd;
      return path.relative(base, file).split(path.sep).join('/');
    }

    function checkPageProps(node: TSESTree.ReturnStatement): void {
      const statement = topLevelOf(node);
      const fn = statement && declaredNames(statement).find((n) => PROPS_FUNCTIONS.has(n));
      if (!fn || statement?.type !== AST_NODE_TYPES.ExportNamedDeclaration || node.argument?.type !== AST_NODE_TYPES.ObjectExpression) return;
      const props = node.argument.properties.find(
        (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && ASTUtils.getPropertyName(p, sourceCode.getScope(p)) === 'props',
      );
      const secret = props && secretIn(props.value);
      if (secret) context.report({ node: props, messageId: 'secretInPageProps', data: { name: secret, fn } });
    }

    // ---- modules without a directive that a client module pulls into the bundle ----
    function checkClientImport(node: TSESTree.ImportDeclaration | TSESTree.ExportNamedDeclaration | TSESTree.ExportAllDeclaration): void {
      if (!node.source || (node.type === AST_NODE_TYPES.ImportDeclaration ? node.importKind : node.exportKind) === 'type') return;
      if (node.type === AST_NODE_TYPES.ImportDeclaration) {
        if (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === AST_NODE_TYPES.ImportSpecifier && s.importKind === 'type')) return;
        // Pages router: an import used only by getServerSideProps & co. is stripped with them.
        if (boundary.kind === 'pages' && node.specifiers.length > 0) {
          const uses = sourceCode.getDeclaredVariables(node).flatMap((v) => v.references);
          if (uses.length > 0 && uses.every((r) => { const s = topLevelOf(r.identifier); return s !== undefined && isServerOnly(s); })) return;
        }
      }
      const env = envOfProject();
      const found = secretReaderBehind(context.filename, node.source.value, (name) => !publicPrefixOf(name) && isSecretVar(name), env);
      if (!found) return;
      const via = found.chain.length > 1 ? ` (through ${found.chain.slice(0, -1).map(displayPath).join(' -> ')})` : '';
      context.report({
        node: node.source,
        messageId: 'clientImportsSecretReader',
        data: { reason: boundary.reason, module: displayPath(found.file), via, name: found.name, line: found.line },
      });
    }

    const listener: TSESLint.RuleListener = {};
    if (boundary.kind === 'client' || boundary.kind === 'pages') {
      Object.assign(
        listener,
        envReadVisitors(context, (read) => {
          // A public-prefixed variable is exposed wherever it is read: no-public-secret-env reports it, once.
          if (publicPrefixOf(read.name) || !isSecretVar(read.name) || !isClientAt(read.node)) return;
          context.report({ node: read.node, messageId: 'secretReadInClient', data: { name: read.name, evidence: evidenceOf(read.name), reason: boundary.reason } });
        }),
        {
          NewExpression(node: TSESTree.NewExpression) {
            const name = calleeName(node.callee);
            if (name && SDK_CONSTRUCTORS.has(name)) checkSdk(node, node.callee);
          },
          CallExpression(node: TSESTree.CallExpression) {
            const name = calleeName(node.callee);
            if (name && SDK_FACTORIES.has(name)) checkSdk(node, node.callee);
          },
          'ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration': checkClientImport,
        },
      );
    }
    const valuesMayBeSecret = fileMayReadEnv || fileMayHoldKey;
    if (boundary.kind === 'pages' && valuesMayBeSecret) listener.ReturnStatement = checkPageProps;
    if ((boundary.kind === 'server' || boundary.kind === 'unknown') && valuesMayBeSecret) listener.JSXOpeningElement = checkJsxProps;
    return listener;
  },
});
