import { ScanError, UsageError } from '../errors.js';
import type { VerifyOptions } from './index.js';

export const DEFAULT_API_URL = 'https://api.cencori.com';
export const DEFAULT_TIMEOUT_MS = 5000;
/** Long enough for any sane network; a typo like `--timeout 5000` (seconds) is refused, not obeyed. */
const MAX_TIMEOUT_MS = 120_000;

/** Where the base URL came from, for error messages. */
type UrlSource = '--api-url' | 'CENCORI_API_URL' | 'the default';

/**
 * Where keys may be sent comes only from the command line or the environment, never from a
 * config file in the scanned repository (config/schema.ts FORBIDDEN_IN_FILE rejects one), so a
 * malicious repository cannot point the scan at its own server. The URL is checked here, at
 * startup, so a refused URL costs zero requests: it fails before any file is even read.
 */
export function resolveVerifyOptions(values: { offline?: boolean; 'api-url'?: string; timeout?: string }, env: NodeJS.ProcessEnv): VerifyOptions {
  const fromFlag = values['api-url'];
  const fromEnv = env.CENCORI_API_URL === '' ? undefined : env.CENCORI_API_URL;
  const source: UrlSource = fromFlag !== undefined ? '--api-url' : fromEnv !== undefined ? 'CENCORI_API_URL' : 'the default';
  return {
    offline: values.offline === true || isOfflineEnv(env),
    apiUrl: checkApiUrl(fromFlag ?? fromEnv ?? DEFAULT_API_URL, source),
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeout(values.timeout),
  };
}

/** CENCORI_SCAN_OFFLINE=1 (or true/yes) turns verification off; 0, false or empty leave it on. */
export function isOfflineEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env.CENCORI_SCAN_OFFLINE?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * `500ms`, `5s`, `1.5s`, `1m`. A bare number is refused rather than guessed: `5000` meant as
 * milliseconds but read as seconds hangs a commit, and the other way round never verifies.
 */
export function parseTimeout(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!m) throw new UsageError(`--timeout must be a duration with a unit: ms, s or m (e.g. 500ms, 5s, 1m), got "${text}"`);
  if (m[2] === undefined) throw new UsageError(`--timeout needs a unit: ms, s or m (e.g. ${m[1]}s or ${m[1]}ms), got "${text}"`);
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
  if (ms < 1) throw new UsageError(`--timeout must be more than 0, got "${text}"`);
  if (ms > MAX_TIMEOUT_MS) throw new UsageError(`--timeout must be at most ${MAX_TIMEOUT_MS / 1000}s, got "${text}"`);
  return ms;
}

/**
 * https anywhere, or plain http only to this machine (127.0.0.0/8, ::1, localhost) for tests and
 * local proxies: a key must never cross a network in clear text. Checked on the WHATWG-parsed
 * host, so spellings like `http://127.1` or `http://0x7f.0.0.1` are judged as what they resolve to.
 * Returns the normalised base URL without a trailing slash.
 */
export function checkApiUrl(raw: string, source: UrlSource): string {
  const where = source === 'the default' ? 'the API URL' : `${source}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ScanError(`${where} is not a valid URL`);
  }
  if (url.username !== '' || url.password !== '') throw new ScanError(`${where} must not contain a user name or password`);
  if (url.search !== '' || url.hash !== '') throw new ScanError(`${where} must not have a query or fragment: give the base URL, e.g. ${DEFAULT_API_URL}`);
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new ScanError(`${where} ${url.origin} refused: keys are sent only over https, or over http to this machine (127.0.0.1, ::1, localhost)`);
    }
  } else if (url.protocol !== 'https:') {
    throw new ScanError(`${where} must be an https URL, got a ${url.protocol.replace(/:$/, '')} URL`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return v4 !== null && v4[1] === '127';
}
