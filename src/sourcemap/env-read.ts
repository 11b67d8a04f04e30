// The text recogniser of env reads lives in src/env, shared with the import walk of the rules.
export { envVarAt } from '../env/env-read-text.js';
