import type { VerifyOptions } from './index.js';

export const DEFAULT_API_URL = 'https://api.cencori.com';
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Where keys may be sent comes only from the command line or the environment, never from a
 * config file in the scanned repository. (The verification issue adds URL checks here.)
 */
export function resolveVerifyOptions(values: { offline?: boolean; 'api-url'?: string; timeout?: string }, env: NodeJS.ProcessEnv): VerifyOptions {
  return {
    offline: values.offline === true || env.CENCORI_SCAN_OFFLINE === '1',
    apiUrl: values['api-url'] ?? env.CENCORI_API_URL ?? DEFAULT_API_URL,
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
}
