import type { SecretValue } from '../keys/index.js';
import { checkKey, formatMs, unknown, type VerificationResult } from './client.js';

export type { VerificationResult } from './client.js';

export interface VerifyOptions {
  /** Send nothing: every key is `skipped`. */
  offline: boolean;
  /** Checked base URL (https, or http to loopback), no trailing slash. */
  apiUrl: string;
  /** Bounds each request and the whole verification step of a run. */
  timeoutMs: number;
}

/** Requests in flight at once: enough to hide latency, few enough not to trip Cencori's rate limit. */
export const VERIFY_CONCURRENCY = 4;

/**
 * Asks Cencori about each distinct key once (the map is keyed by fingerprint, so a key found in
 * three files costs one request). The whole step shares one deadline, `timeoutMs` from its
 * start: a run waits at most about that long for verification however many keys it found, and
 * keys still queued when the deadline passes are `unknown`, never dropped.
 */
export async function verifySecrets(secrets: ReadonlyMap<string, SecretValue>, options: VerifyOptions): Promise<Map<string, VerificationResult>> {
  const results = new Map<string, VerificationResult>();
  if (options.offline) {
    for (const fp of secrets.keys()) results.set(fp, { status: 'skipped' });
    return results;
  }
  if (secrets.size === 0) return results;

  const controller = new AbortController();
  const deadline = performance.now() + options.timeoutMs;
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const context = { apiUrl: options.apiUrl, signal: controller.signal, deadline, timeoutMs: options.timeoutMs };
  const queue = [...secrets.entries()];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const [fp, secret] = queue[next++]!;
      results.set(
        fp,
        controller.signal.aborted ? unknown(`not checked: the ${formatMs(options.timeoutMs)} verification budget ran out`) : await checkKey(secret, context),
      );
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(VERIFY_CONCURRENCY, queue.length) }, worker));
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return results;
}
