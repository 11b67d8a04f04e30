/** What a `.cencoriscanrc.json` (or package.json's "cencori-scan" key) may hold. */
export interface ScanConfig {
  /** Path globs (relative to the config file's folder) never scanned. */
  ignore: string[];
  /** How publishable (cpk_) keys are treated: shown as warnings, blocking, or not at all. */
  publishable: 'warn' | 'block' | 'off';
  /**
   * Let keys that Cencori reports as invalid (revoked or never existed) pass. Off by default:
   * an invalid key is still a key in the code. `unknown` never passes.
   */
  allowInvalid: boolean;
}

export const DEFAULT_CONFIG: ScanConfig = Object.freeze({ ignore: [], publishable: 'warn', allowInvalid: false });

/** Options that only the command line or the environment may set, never a file in the scanned repository. */
export const FORBIDDEN_IN_FILE: Record<string, string> = {
  apiUrl: 'the API URL comes only from --api-url or CENCORI_API_URL, so a repository cannot send your keys to its own server',
  api_url: 'the API URL comes only from --api-url or CENCORI_API_URL, so a repository cannot send your keys to its own server',
  apiURL: 'the API URL comes only from --api-url or CENCORI_API_URL, so a repository cannot send your keys to its own server',
  offline: 'use --offline or CENCORI_SCAN_OFFLINE=1',
};

type Validator = (value: unknown, where: string) => string | undefined;

const isStringArray: Validator = (v, where) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0)
    ? undefined
    : `${where} must be an array of non-empty strings`;

const oneOf =
  (...allowed: string[]): Validator =>
  (v, where) =>
    typeof v === 'string' && allowed.includes(v) ? undefined : `${where} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(v)}`;

const isBoolean: Validator = (v, where) => (typeof v === 'boolean' ? undefined : `${where} must be true or false, got ${JSON.stringify(v)}`);

export const VALIDATORS: Record<keyof ScanConfig, Validator> = {
  ignore: isStringArray,
  publishable: oneOf('warn', 'block', 'off'),
  allowInvalid: isBoolean,
};
