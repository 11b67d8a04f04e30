export { PUBLIC_ENV_PREFIXES, PUBLIC_PREFIX_FRAMEWORKS, publicPrefixOf, isSecretKeyEnvName, looksLikeSecretKeyName, type PublicEnvPrefix } from './secret-env-names.js';
export { parseDotenv, type DotenvEntry } from './dotenv-parse.js';
export { expandAll, expandString, type ExpandedValue } from './expand.js';
export { DOTENV_MODES, dotenvFilesFor, projectEnvFor, secretEnvVarsFor, describeEvidence, type DotenvMode, type EnvEvidence, type ProjectEnv } from './project-env.js';
export { projectRootOf, isNextProject } from './project-root.js';
