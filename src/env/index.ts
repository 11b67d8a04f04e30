export { PUBLIC_ENV_PREFIXES, PUBLIC_PREFIX_FRAMEWORKS, publicPrefixOf, type PublicEnvPrefix } from './secret-env-names.js';
export { isSecretKeyName, knownSecretNames, secretVerdict, WELL_KNOWN_SECRET_NAMES, type SecretVerdict } from './secret-verdict.js';
export { parseDotenv, type DotenvEntry } from './dotenv-parse.js';
export { expandAll, expandString, type ExpandedValue } from './expand.js';
export { DOTENV_MODES, dotenvFilesFor, projectEnvFor, secretEnvVarsFor, describeEvidence, type DotenvMode, type EnvEvidence, type ProjectEnv } from './project-env.js';
export { projectRootOf, isNextProject } from './project-root.js';
