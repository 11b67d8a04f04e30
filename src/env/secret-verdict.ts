import { describeEvidence, type EnvEvidence, type ProjectEnv } from './project-env.js';
import { publicPrefixOf } from './secret-env-names.js';

/**
 * The one answer to "does this environment variable hold a Cencori secret key?", for every
 * rule. Evidence, strongest first:
 * 1. the rule's `secretVars` option names it;
 * 2. the project's .env files: a secret key in its value says yes, a publishable key or any
 *    other value says no (`CENCORI_SKIP_API_KEY_VERIFY=1` is a setting, not a key);
 * 3. its name, when no .env file sets it: CENCORI_ followed by words ending in KEY, SECRET or
 *    TOKEN, not publishable (`CENCORI_API_KEY`, `NEXT_PUBLIC_CENCORI_SECRET_KEY`). A name that
 *    merely contains KEY somewhere (`CENCORI_SKIP_API_KEY_VERIFY`) is no evidence.
 */
export interface SecretVerdict {
  readonly decidedBy: 'option' | 'env-file' | 'name';
  /**
   * Which evidence decided, in words that follow "decided by" in a message: "its .env value, a
   * Cencori secret key (.env.local:3 sets it to csk_ab12...)", "its name, which has CENCORI_ in it
   * and ends in KEY; no .env file sets it", "the secretVars option, which names it". Masked.
   */
  readonly evidence: string;
  /** Set when a .env file decided. */
  readonly envFile?: EnvEvidence;
}

/** The names the SDK and Cencori's docs use for a secret key. */
export const WELL_KNOWN_SECRET_NAMES: readonly string[] = ['CENCORI_API_KEY', 'CENCORI_TEST_API_KEY', 'CENCORI_KEY'];

const SECRET_NAME = /(?:^|_)CENCORI_(?:[A-Z0-9]+_)*?(?:KEY|SECRET|TOKEN)$/;
const PUBLISHABLE_WORD = /(?:^|_)(?:PUBLISHABLE|PUBLIC|CPK)(?:_|$)/;

/** Is the name, alone, strong evidence of a secret key (public prefix set aside)? */
export function isSecretKeyName(name: string): boolean {
  const prefix = publicPrefixOf(name);
  const bare = prefix ? name.slice(prefix.length) : name;
  return SECRET_NAME.test(bare) && !PUBLISHABLE_WORD.test(bare.slice(bare.indexOf('CENCORI_') + 'CENCORI_'.length));
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Whether `name` holds a secret key in the project `env`, and which evidence says so; undefined when it does not. */
export function secretVerdict(name: string, env: ProjectEnv, optionNames: ReadonlySet<string> = NO_NAMES): SecretVerdict | undefined {
  if (optionNames.has(name)) return { decidedBy: 'option', evidence: 'the secretVars option, which names it' };
  const fromFile = env.vars.get(name);
  if (fromFile) {
    return fromFile.kind === 'secret' ? { decidedBy: 'env-file', evidence: `its .env value, a Cencori secret key (${describeEvidence(fromFile)})`, envFile: fromFile } : undefined;
  }
  if (env.plain.has(name) && !WELL_KNOWN_SECRET_NAMES.includes(name)) return undefined;
  if (!isSecretKeyName(name)) return undefined;
  const setTo = env.plain.get(name);
  const ending = SECRET_WORD_AT_END.exec(name)![1]!;
  const byName = WELL_KNOWN_SECRET_NAMES.includes(name) ? "its name, one Cencori's SDK and docs give a secret key" : `its name, which has CENCORI_ in it and ends in ${ending}`;
  return {
    decidedBy: 'name',
    evidence: setTo ? `${byName}; ${setTo.file}:${setTo.line} sets no key in it, so the deployed value decides` : `${byName}; no .env file sets it`,
  };
}

const SECRET_WORD_AT_END = /(KEY|SECRET|TOKEN)$/;

/** Secret names to test a prefix against (`envPrefix: 'CENCORI_'` exposes which?): well-known ones, then the project's. */
export function knownSecretNames(env: ProjectEnv, optionNames: ReadonlySet<string> = NO_NAMES): string[] {
  return [...new Set([...WELL_KNOWN_SECRET_NAMES, ...optionNames, ...env.secrets.keys()])];
}
