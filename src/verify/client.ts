import { setTimeout as sleep } from 'node:timers/promises';
import type { SecretValue } from '../keys/index.js';
import { VERSION } from '../version.js';
import type { Verification } from '../scan/model.js';

/** What Cencori said of one key. */
export interface VerificationResult {
  status: Verification;
  /** Why the status is `unknown`. */
  reason?: string;
}

/**
 * Cencori's GET /v1/models answers 200 to any key that exists and is not revoked (it reads the
 * database directly, so a revocation shows at once) and bills nothing. A key it does not know
 * (revoked or never issued: it cannot tell these apart) gets 401 with code `invalid_api_key`.
 * Source: cencori/cencori app/api/v1/models/route.ts.
 */
export const MODELS_PATH = '/v1/models';

/** Cencori logs each call in the key owner's request logs: say honestly who is calling. */
export const USER_AGENT = `cencori-scan/${VERSION}`;
export const CLIENT_APP = 'cencori-scan';

/** A 401 body is small; a server that sends more is not Cencori and gets no more reading. */
const MAX_BODY_BYTES = 16 * 1024;

export interface RequestContext {
  /** Base URL, already checked by checkApiUrl. */
  apiUrl: string;
  /** Aborts when the run's verification budget runs out. */
  signal: AbortSignal;
  /** performance.now() value at which the budget runs out. */
  deadline: number;
  /** The budget, for messages. */
  timeoutMs: number;
}

/**
 * One key, one request (two only after a 429 whose Retry-After fits the remaining budget).
 * Never throws: every failure is `unknown` with a reason written by us, never text from the
 * server (which could echo the key back).
 */
export async function checkKey(secret: SecretValue, ctx: RequestContext): Promise<VerificationResult> {
  const first = await requestOnce(secret, ctx);
  if (first.kind === 'answer') return first.result;
  const waitMs = first.retryAfterMs;
  if (waitMs === undefined) return unknown('rate limited by Cencori (HTTP 429 without a usable Retry-After)');
  if (performance.now() + waitMs >= ctx.deadline) {
    return unknown(`rate limited by Cencori (HTTP 429, Retry-After ${formatMs(waitMs)} does not fit the ${formatMs(ctx.timeoutMs)} budget)`);
  }
  try {
    await sleep(waitMs, undefined, { signal: ctx.signal });
  } catch {
    return unknown(`no answer within ${formatMs(ctx.timeoutMs)}`);
  }
  const second = await requestOnce(secret, ctx);
  // Wait once only: a second 429 means the budget is better spent elsewhere.
  return second.kind === 'answer' ? second.result : unknown('rate limited by Cencori (HTTP 429 twice)');
}

type Attempt = { kind: 'answer'; result: VerificationResult } | { kind: 'rate-limited'; retryAfterMs: number | undefined };

async function requestOnce(secret: SecretValue, ctx: RequestContext): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(`${ctx.apiUrl}${MODELS_PATH}`, {
      method: 'GET',
      headers: {
        // Cencori reads this header first. Node's fetch sends it as is (`_` is a valid token
        // character in RFC 9110), and unlike `Authorization: Bearer` it is accepted for every key
        // format: Cencori only takes a Bearer token whose prefix is in its own list.
        CENCORI_API_KEY: secret.reveal(),
        'User-Agent': USER_AGENT,
        'X-Cencori-App': CLIENT_APP,
        Accept: 'application/json',
      },
      // Never follow: a redirect would carry the key to wherever the Location header says.
      redirect: 'manual',
      signal: ctx.signal,
    });
  } catch (error) {
    return { kind: 'answer', result: unknown(describeFetchError(error, ctx)) };
  }
  try {
    return await interpret(response, ctx);
  } catch (error) {
    return { kind: 'answer', result: unknown(describeFetchError(error, ctx)) };
  } finally {
    // Free the connection whatever was read (a no-op once the body is consumed).
    await response.body?.cancel().catch(() => undefined);
  }
}

async function interpret(response: Response, ctx: RequestContext): Promise<Attempt> {
  const status = response.status;
  if (status === 200) return answer({ status: 'live' });
  if (status === 401) {
    const code = errorCodeOf(await readSmallBody(response, ctx));
    if (code === 'invalid_api_key') return answer({ status: 'invalid' });
    // e.g. `missing_api_key`: the key header did not arrive (a proxy stripping it), so nothing was learnt.
    return answer(unknown(`HTTP 401${code ? ` (${code})` : ''} without Cencori's invalid-key answer`));
  }
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
  if (status >= 300 && status < 400) return answer(unknown(`HTTP ${status} redirect, not followed`));
  return answer(unknown(`HTTP ${status} from Cencori`));
}

const answer = (result: VerificationResult): Attempt => ({ kind: 'answer', result });

export function unknown(reason: string): VerificationResult {
  return { status: 'unknown', reason };
}

async function readSmallBody(response: Response, ctx: RequestContext): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BODY_BYTES && !ctx.signal.aborted) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  reader.releaseLock();
  return Buffer.concat(chunks).toString('utf8');
}

/** The `error.code` of an OpenAI-style error body, only if it looks like a code (never echoes other text). */
function errorCodeOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    const code = parsed?.error?.code;
    return typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when neither. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describeFetchError(error: unknown, ctx: RequestContext): string {
  if (ctx.signal.aborted) return `no answer within ${formatMs(ctx.timeoutMs)}`;
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' && /^[A-Z_]+$/.test(cause.code) ? cause.code : undefined;
  switch (code) {
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset before Cencori answered';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'cannot resolve the API host: offline, or DNS failed';
    case undefined:
      return 'network error';
    default:
      return `network error (${code})`;
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
