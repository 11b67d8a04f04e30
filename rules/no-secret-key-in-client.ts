import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import { ASTUtils, AST_NODE_TYPES } from '@typescript-eslint/utils';
import { boundaryOf, PAGES_SERVER_FUNCTIONS, type Boundary } from '../src/env/boundary.js';
import { projectEnvFor, projectRootOf, publicPrefixOf, secretVerdict, type ProjectEnv, type SecretVerdict } from '../src/env/index.js';
import { configMayInline } from '../src/env/config-inlines.js';
import { secretReaderBehind } from '../src/env/client-imports.js';
import { clientModuleExporting } from '../src/env/client-component.js';
import { resolveImport } from '../src/env/resolve-import.js';
import { findKeys, maskKey } from '../src/keys/index.js';
import { createRule } from './utils/create-rule.js';
import { directivesOf } from './utils/directives.js';
import { envReadVisitors, sourceMayReadEnv } from './utils/env-read-visitors.js';
import { sourceMayHoldKey } from './utils/source-may-hold-key.js';
import { identifierEnvRead, memberEnvRead } from './utils/env-reads.js';
import { enclosingFunction, exportedNameOfFunction, hasUseServerDirective } from './no-secret-key-in-client-utils/function-facts.js';
import { isFunction } from './utils/is-function.js';

export type Options = [
  {
    clientFiles?: string[];
    checkImports?: boolean;
  },
];
export type MessageIds =
  | 'secretReadInClient'
  | 'sdkWithoutKeyInClient'
  | 'sdkWithSecretKeyInClient'
  | 'secretPropToClientComponent'
  | 'secretInPageProps'
  | 'clientImportsSecretReader'
  | 'secretReturnedFromServerAction'
  | 'secretReturnedFromLoader'
  | 'secretInResponse'
  | 'secretInInlineHtml';

// The SDK's two entry points; without an apiKey both read CENCORI_API_KEY, a secret key.
const SDK_CONSTRUCTORS = new Set(['Cencori']);
const SDK_FACTORIES = new Set(['createCencori']);
/** A word every SDK entry point's name holds: a file without it creates no SDK client. */
const SDK_NAME = 'Cencori';
// Page data functions whose returned props Next.js serialises into the HTML (__NEXT_DATA__).
const PROPS_FUNCTIONS = new Set(['getServerSideProps', 'getStaticProps']);
// How far a value is followed through `const` bindings before giving up.
const MAX_VALUE_DEPTH = 4;
// Calls whose result carries their first argument's value: `json(x)`, `JSON.stringify(x)`, `String(x)`.
const VALUE_WRAPPERS = new Set(['json', 'data', 'defer', 'stringify', 'String', 'structuredClone']);
// Functions that build an HTTP response body from their first argument.
const RESPONSE_BODY_METHODS = new Set(['json', 'send', 'end', 'write', 'jsonp']);
const RESPONSE_CLASSES = new Set(['Response', 'NextResponse']);
// SvelteKit files whose `load` runs on the server and whose result is sent to the page.
const SVELTEKIT_SERVER_LOAD = /(?:^|[\\/])\+(?:page|layout)\.server\.[cm]?[jt]s$/;
// SvelteKit endpoints: what GET/POST/... put into their response goes to the requester.
const SVELTEKIT_ENDPOINT = /(?:^|[\\/])\+server\.[cm]?[jt]s$/;
// h3 (Nuxt server routes, Nitro): the handler's return value is the response body.
const EVENT_HANDLER_FACTORIES = new Set(['defineEventHandler', 'eventHandler', 'defineCachedEventHandler']);
// React Router / Remix route module exports whose results are serialised for the browser.
const ROUTE_DATA_EXPORTS = new Set(['loader', 'action']);

type TopLevel = TSESTree.ProgramStatement;

export default createRule<Options, MessageIds>({
  name: 'no-secret-key-in-client',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow Cencori secret keys where they reach the browser: client component props, server action results, responses, loader data, inline HTML; and secret reads in client code',
      recommended: true,
    },
    messages: {
      secretReadInClient:
        '{{name}} holds a Cencori secret key (decided by {{evidence}}), and this is client code ({{reason}}): in the browser it is undefined, so this call cannot work. Do not "fix" it with a public prefix (that would ship the key); make the call in a server route or server action.',
      sdkWithoutKeyInClient:
        'The Cencori SDK is created in client code ({{reason}}) without an apiKey: it would read CENCORI_API_KEY, a secret key, which is undefined in the browser. Call Cencori from a server route or server action, or pass a publishable key (cpk_).',
      sdkWithSecretKeyInClient:
        'The Cencori SDK is created in client code ({{reason}}) with a secret key ({{value}}). Call Cencori from server code, or pass a publishable key (cpk_).',
      secretPropToClientComponent:
        "{{name}} (a Cencori secret key, decided by {{evidence}}) is passed as prop `{{prop}}` to <{{component}}>, a 'use client' component ({{file}}): Next.js serialises its props into the page sent to the browser. Keep the key on the server; call Cencori from a server action or route handler.",
      clientImportsSecretReader:
        "This is client code ({{reason}}) and it imports {{module}}{{via}}, which reads {{name}} (a Cencori secret key, decided by {{evidence}}) at line {{line}}: a bundler that inlines process.env would ship the key (Next.js and Vite replace it with undefined). Keep the read on the server.",
      secretReturnedFromServerAction:
        "{{name}} (a Cencori secret key, decided by {{evidence}}) is in the value this server action returns: Next.js sends a server action's result to the browser that called it. Use the key inside the action and return only its results.",
      secretReturnedFromLoader:
        '{{name}} (a Cencori secret key, decided by {{evidence}}) is in the data {{fn}} returns: {{framework}} serialises it into the page for the browser. Use the key inside {{fn}} and return only its results.',
      secretInResponse:
        '{{name}} (a Cencori secret key, decided by {{evidence}}) is put into the response of this {{kind}}: whoever requests it gets the key. Use the key on the server and respond with its results only.',
      secretInInlineHtml:
        '{{name}} (a Cencori secret key, decided by {{evidence}}) is written into the HTML ({{how}}): every visitor can read it in the page source. Keep the key on the server.',
      secretInPageProps:
        '{{name}} (a Cencori secret key, decided by {{evidence}}) is returned in the props of {{fn}}: Next.js serialises page props into the HTML (__NEXT_DATA__). Use the key inside {{fn}} and return only its results.',
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
          checkImports: {
            type: 'boolean',
            description:
              'Also report, at each import in client code, a module without a directive that reads a secret. Off by default: Next.js and Vite replace such reads with undefined in client bundles (the t3-env pattern is safe); turn it on for a bundler that inlines process.env.',
          },
        },
      },
    ],
    defaultOptions: [{ clientFiles: [], checkImports: false }],
  },
  create(context, [{ clientFiles = [], checkImports = false }]) {
    const { sourceCode } = context;
    // A secret reaches a value only through an env read or a written key, and the SDK only by its
    // name: a file with none of them (most of an app) needs no listener, nor its boundary worked out.
    const fileMayReadEnv = sourceMayReadEnv(sourceCode);
    const fileMayHoldKey = sourceMayHoldKey(sourceCode);
    if (!checkImports && !fileMayReadEnv && !fileMayHoldKey && !sourceCode.text.includes(SDK_NAME)) return {};
    const boundary: Boundary = boundaryOf(context.filename, directivesOf(sourceCode.ast), { clientFiles, cwd: context.cwd });
    let projectEnv: ProjectEnv | undefined;
    const envOfProject = (): ProjectEnv => (projectEnv ??= projectEnvFor(context.filename));

    const verdicts = new Map<string, SecretVerdict | undefined>();
    function verdictOf(name: string): SecretVerdict | undefined {
      if (!verdicts.has(name)) verdicts.set(name, secretVerdict(name, envOfProject()));
      return verdicts.get(name);
    }
    const isSecretVar = (name: string): boolean => verdictOf(name) !== undefined;
    /** For messages: what made `label` (a variable, or a written key shown masked) a secret. */
    const evidenceFor = (label: string): string => verdictOf(label)?.evidence ?? 'the key written in the code';

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
        case AST_NODE_TYPES.AwaitExpression:
          return secretIn(node.argument, depth);
        case AST_NODE_TYPES.CallExpression: {
          const name = calleeName(node.callee);
          const first = node.arguments[0];
          return name && VALUE_WRAPPERS.has(name) && first && first.type !== AST_NODE_TYPES.SpreadElement ? secretIn(first, depth) : undefined;
        }
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
      if (def?.type === 'ImportBinding') {
        const read = identifierEnvRead(identifier, scope);
        return read && isSecretVar(read.name) ? read.name : undefined;
      }
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
    /**
     * The file of the 'use client' module a JSX element's component comes from: an import
     * (through barrels too), or a `dynamic(() => import('./x'))` / `lazy(() => import('./x'))` binding.
     */
    function clientComponentFile(name: TSESTree.JSXTagNameExpression): string | undefined {
      let root: TSESTree.Node = name;
      while (root.type === AST_NODE_TYPES.JSXMemberExpression) root = root.object;
      if (root.type !== AST_NODE_TYPES.JSXIdentifier) return undefined;
      // <div>, <span>: a lowercase plain tag is an HTML element, not a component.
      if (name === root && !/^[A-Z]/.test(root.name)) return undefined;
      const variable = ASTUtils.findVariable(sourceCode.getScope(name), root.name);
      const lazyTarget = variable && lazyImportOf(variable.defs[0]);
      if (lazyTarget) {
        const file = resolveImport(context.filename, lazyTarget);
        return file && clientModuleExporting(file, 'default');
      }
      const def = variable?.defs.find((d) => d.type === 'ImportBinding');
      if (def?.type !== 'ImportBinding' || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
      const file = resolveImport(context.filename, def.parent.source.value);
      if (!file) return undefined;
      return clientModuleExporting(file, exportedNameOf(def.node, name));
    }

    /** `const X = dynamic(() => import('./x'))`, `lazy(...)`, `React.lazy(...)`: the specifier imported. */
    function lazyImportOf(def: { type: string; node: TSESTree.Node } | undefined): string | undefined {
      if (def?.type !== 'Variable' || def.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
      const init = def.node.init;
      if (init?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const callee = calleeName(init.callee);
      if (callee !== 'dynamic' && callee !== 'lazy') return undefined;
      const loader = init.arguments[0];
      if (!loader || !isFunction(loader) || !loader.body) return undefined;
      let body: TSESTree.Node = loader.body;
      if (body.type === AST_NODE_TYPES.BlockStatement) {
        const ret = body.body.find((st): st is TSESTree.ReturnStatement => st.type === AST_NODE_TYPES.ReturnStatement);
        if (!ret?.argument) return undefined;
        body = ret.argument;
      }
      return body.type === AST_NODE_TYPES.ImportExpression && body.source.type === AST_NODE_TYPES.Literal && typeof body.source.value === 'string' ? body.source.value : undefined;
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
          data: { name: secret, prop, component: sourceCode.getText(node.name), file: displayPath(target), evidence: evidenceFor(secret) },
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
      if (secret) context.report({ node: props, messageId: 'secretInPageProps', data: { name: secret, fn, evidence: evidenceFor(secret) } });
    }

    // ---- server code whose results are sent to the browser ----
    const fileIsServerAction = directivesOf(sourceCode.ast).includes('use server');
    const isSvelteKitServerLoad = SVELTEKIT_SERVER_LOAD.test(context.filename);
    const isSvelteKitEndpoint = SVELTEKIT_ENDPOINT.test(context.filename);
    const responderKind =
      boundary.reason === 'it is a Next.js route handler' ? 'route handler' : boundary.reason === 'it is a Next.js API route' ? 'API route' : isSvelteKitEndpoint ? 'SvelteKit endpoint' : undefined;

    /** What the browser gets from a function's return value, if anything: a server action's result or a loader's data. */
    function returnKindOf(
      fn: TSESTree.FunctionLike,
    ): { messageId: 'secretReturnedFromServerAction' } | { messageId: 'secretReturnedFromLoader'; fn: string; framework: string } | { messageId: 'secretInResponse'; kind: string } | undefined {
      if (hasUseServerDirective(fn)) return { messageId: 'secretReturnedFromServerAction' };
      const parent = fn.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === fn) {
        const factory = calleeName(parent.callee);
        if (factory && EVENT_HANDLER_FACTORIES.has(factory)) return { messageId: 'secretInResponse', kind: 'server route (h3 event handler)' };
      }
      const exported = exportedNameOfFunction(fn);
      if (exported === undefined) return undefined;
      if (fileIsServerAction) return { messageId: 'secretReturnedFromServerAction' };
      if (isSvelteKitServerLoad && exported === 'load') return { messageId: 'secretReturnedFromLoader', fn: 'load', framework: 'SvelteKit' };
      if (ROUTE_DATA_EXPORTS.has(exported) && boundary.kind !== 'client') return { messageId: 'secretReturnedFromLoader', fn: exported, framework: 'React Router (Remix)' };
      return undefined;
    }

    function checkReturned(value: TSESTree.Node, fn: TSESTree.FunctionLike | undefined): void {
      if (!fn) return;
      const kind = returnKindOf(fn);
      if (!kind) return;
      const secret = secretIn(value);
      if (!secret) return;
      if (kind.messageId === 'secretReturnedFromServerAction') context.report({ node: value, messageId: kind.messageId, data: { name: secret, evidence: evidenceFor(secret) } });
      else if (kind.messageId === 'secretInResponse') context.report({ node: value, messageId: kind.messageId, data: { name: secret, kind: kind.kind, evidence: evidenceFor(secret) } });
      else context.report({ node: value, messageId: kind.messageId, data: { name: secret, fn: kind.fn, framework: kind.framework, evidence: evidenceFor(secret) } });
    }

    /** `Response.json(x)`, `new Response(x)`, `NextResponse.json(x)`, `res.json(x)` / `res.status(200).send(x)`. */
    function responseBodyOf(node: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Node | undefined {
      const first = node.arguments[0];
      if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const callee = node.callee;
      if (node.type === AST_NODE_TYPES.NewExpression) return callee.type === AST_NODE_TYPES.Identifier && RESPONSE_CLASSES.has(callee.name) ? first : undefined;
      // SvelteKit's `json(x)` / `text(x)` from @sveltejs/kit.
      if (isSvelteKitEndpoint && callee.type === AST_NODE_TYPES.Identifier && (callee.name === 'json' || callee.name === 'text')) return first;
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return undefined;
      return RESPONSE_BODY_METHODS.has(callee.property.name) ? first : undefined;
    }

    function checkResponse(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const body = responseBodyOf(node);
      const secret = body && secretIn(body);
      if (!secret) return;
      context.report({ node: body, messageId: 'secretInResponse', data: { name: secret, kind: responderKind!, evidence: evidenceFor(secret) } });
    }

    function checkInlineHtml(node: TSESTree.JSXOpeningElement): void {
      for (const attribute of node.attributes) {
        if (attribute.type !== AST_NODE_TYPES.JSXAttribute || attribute.name.type !== AST_NODE_TYPES.JSXIdentifier || attribute.name.name !== 'dangerouslySetInnerHTML') continue;
        const value = attribute.value;
        if (value?.type !== AST_NODE_TYPES.JSXExpressionContainer || value.expression.type === AST_NODE_TYPES.JSXEmptyExpression) continue;
        const secret = secretIn(value.expression);
        if (secret) context.report({ node: attribute, messageId: 'secretInInlineHtml', data: { name: secret, how: 'dangerouslySetInnerHTML', evidence: evidenceFor(secret) } });
      }
      if (node.name.type !== AST_NODE_TYPES.JSXIdentifier || node.name.name !== 'script' || node.parent.type !== AST_NODE_TYPES.JSXElement) return;
      for (const child of node.parent.children) {
        if (child.type !== AST_NODE_TYPES.JSXExpressionContainer || child.expression.type === AST_NODE_TYPES.JSXEmptyExpression) continue;
        const secret = secretIn(child.expression);
        if (secret) context.report({ node: child, messageId: 'secretInInlineHtml', data: { name: secret, how: 'an inline <script>', evidence: evidenceFor(secret) } });
      }
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
      const found = secretReaderBehind(context.filename, node.source.value, (name) => !publicPrefixOf(name) && isSecretVar(name));
      if (!found) return;
      const via = found.chain.length > 1 ? ` (through ${found.chain.slice(0, -1).map(displayPath).join(' -> ')})` : '';
      context.report({
        node: node.source,
        messageId: 'clientImportsSecretReader',
        data: { reason: boundary.reason, module: displayPath(found.file), via, name: found.name, line: found.line, evidence: evidenceFor(found.name) },
      });
    }

    const listener: TSESLint.RuleListener = {};
    if (boundary.kind === 'client' || boundary.kind === 'pages') {
      Object.assign(
        listener,
        envReadVisitors(context, (read) => {
          // A public-prefixed variable is exposed wherever it is read: no-public-secret-env reports it, once.
          if (publicPrefixOf(read.name) || !isClientAt(read.node)) return;
          const verdict = verdictOf(read.name);
          if (!verdict) return;
          // next.config `env` or Vite `define` inlines it after all: no-secret-env-inlining reports that, at the config.
          if (configMayInline(context.filename, read.name)) return;
          context.report({ node: read.node, messageId: 'secretReadInClient', data: { name: read.name, evidence: verdict.evidence, reason: boundary.reason } });
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
        },
        checkImports ? { 'ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration': checkClientImport } : {},
      );
    }
    const valuesMayBeSecret = fileMayReadEnv || fileMayHoldKey;
    if (boundary.kind === 'pages' && valuesMayBeSecret) listener.ReturnStatement = checkPageProps;
    if ((boundary.kind === 'server' || boundary.kind === 'unknown') && valuesMayBeSecret) {
      listener.JSXOpeningElement = (node) => {
        checkJsxProps(node);
        checkInlineHtml(node);
      };
      if (responderKind) {
        listener.CallExpression = checkResponse;
        listener.NewExpression = checkResponse;
      }
      const previous = listener.ReturnStatement;
      listener.ReturnStatement = (node) => {
        previous?.(node);
        if (node.argument) checkReturned(node.argument, enclosingFunction(node));
      };
      listener['ArrowFunctionExpression[expression=true]'] = (node: TSESTree.ArrowFunctionExpression) => checkReturned(node.body, node);
    }
    return listener;
  },
});
