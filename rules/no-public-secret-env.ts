import { projectEnvFor, publicPrefixOf, PUBLIC_PREFIX_FRAMEWORKS, secretVerdict, type ProjectEnv } from '../src/env/index.js';
import { createRule } from './utils/create-rule.js';
import { envReadVisitors } from './utils/env-read-visitors.js';
import { isPublicSvelteKitSource, type EnvRead } from './utils/env-reads.js';

export type Options = [
  {
    additionalPublicPrefixes?: string[];
  },
];
export type MessageIds = 'secretInEnvFile' | 'secretByName';

export default createRule<Options, MessageIds>({
  name: 'no-public-secret-env',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow browser-exposed env vars (NEXT_PUBLIC_, VITE_, PUBLIC_, ...) that hold a Cencori secret key',
      recommended: true,
    },
    messages: {
      secretInEnvFile:
        '{{name}} holds a Cencori secret key (decided by {{evidence}}), and {{exposure}}: every visitor can read it. Move the key to a variable without a public prefix, use it only in server code, and rotate it.',
      secretByName:
        '{{name}} is named like a Cencori secret key (decided by {{evidence}}), and {{exposure}}: every visitor could read it. Keep secret keys in server-only variables; browser code takes a publishable key (cpk_).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          additionalPublicPrefixes: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: "More prefixes your bundler exposes to the browser, e.g. a Vite `envPrefix` such as 'APP_'.",
          },
        },
      },
    ],
    defaultOptions: [{ additionalPublicPrefixes: [] }],
  },
  create(context, [{ additionalPublicPrefixes = [] }]) {
    // Read lazily: most files never touch an env var, and those pay nothing.
    let projectEnv: ProjectEnv | undefined;
    const envOfProject = (): ProjectEnv => (projectEnv ??= projectEnvFor(context.filename));

    function exposureOf(read: EnvRead): string | undefined {
      if (isPublicSvelteKitSource(read.source)) return `SvelteKit's ${read.source} sends it to the browser`;
      const prefix = publicPrefixOf(read.name);
      if (prefix) return `its ${prefix} prefix makes ${PUBLIC_PREFIX_FRAMEWORKS[prefix]} copy it into the browser bundle`;
      const extra = additionalPublicPrefixes.find((p) => read.name.startsWith(p));
      return extra ? `its ${extra} prefix (additionalPublicPrefixes) exposes it to the browser` : undefined;
    }

    return envReadVisitors(context, (read) => {
      const exposure = exposureOf(read);
      if (!exposure) return;
      // The project's .env files decide first; the name decides only when they say nothing.
      const verdict = secretVerdict(read.name, envOfProject());
      if (verdict?.decidedBy === 'env-file') {
        context.report({ node: read.node, messageId: 'secretInEnvFile', data: { name: read.name, evidence: verdict.evidence, exposure } });
      } else if (verdict) {
        context.report({ node: read.node, messageId: 'secretByName', data: { name: read.name, evidence: verdict.evidence, exposure } });
      }
    });
  },
});
