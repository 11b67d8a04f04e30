import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 (port 0) that answers GET /v1/models as Cencori does
 * (cencori/cencori app/api/v1/models/route.ts): it reads the key from the CENCORI_API_KEY header,
 * else from `Authorization: Bearer` when the token has a Cencori prefix. Each key can be given
 * a behaviour; keys it was not told about are unknown to it, as to Cencori: 401 invalid_api_key.
 */
export type Behaviour =
  | 'live'
  | 'revoked'
  | 'unavailable'
  | 'hang'
  | 'reset'
  /** Answers as Cencori does when no key header arrived (a proxy stripped it): 401 missing_api_key. */
  | 'key-stripped'
  | { rateLimit: string; then?: Behaviour; times?: number }
  | { redirect: string };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  /** The key the request carried (CENCORI_API_KEY header, else a Cencori Bearer token). */
  key: string | undefined;
}

export interface FakeCencori {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: RecordedRequest[];
  /** Requests that carried this key. */
  requestsFor(key: string): RecordedRequest[];
  set(key: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

/** Cencori's exact 401 body for a key it does not know (revoked or never issued). */
export const INVALID_KEY_BODY = JSON.stringify({ error: { message: 'Invalid API key', type: 'invalid_request_error', code: 'invalid_api_key' } });
export const MISSING_KEY_BODY = JSON.stringify({
  error: { message: 'Missing API key or valid session. Use Authorization: Bearer <key>', type: 'invalid_request_error', code: 'missing_api_key' },
});
const CENCORI_PREFIXES = ['cake_', 'cencori_', 'cen_', 'csk_', 'cpk_', 'csk_test_', 'cpk_test_'];

function keyOf(headers: http.IncomingHttpHeaders): string | undefined {
  const direct = headers.cencori_api_key;
  if (typeof direct === 'string' && direct.trim() !== '') return direct.trim();
  const bearer = /^bearer\s+(\S+)/i.exec(headers.authorization ?? '')?.[1];
  return bearer && CENCORI_PREFIXES.some((p) => bearer.startsWith(p)) ? bearer : undefined;
}

export async function startFakeCencori(initial: Record<string, Behaviour> = {}): Promise<FakeCencori> {
  const behaviours = new Map<string, Behaviour>(Object.entries(initial));
  const rateLimitHits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const json = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  const answer = (key: string, behaviour: Behaviour, req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (behaviour === 'live') return json(res, 200, JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o', object: 'model' }], providers: [] }));
    if (behaviour === 'revoked') return json(res, 401, INVALID_KEY_BODY);
    if (behaviour === 'unavailable') return json(res, 503, JSON.stringify({ error: { message: 'Service unavailable' } }));
    if (behaviour === 'key-stripped') return json(res, 401, MISSING_KEY_BODY);
    if (behaviour === 'hang') return; // never answers; close() tears the socket down
    if (behaviour === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if ('redirect' in behaviour) {
      res.writeHead(302, { location: behaviour.redirect });
      res.end();
      return;
    }
    const seen = (rateLimitHits.get(key) ?? 0) + 1;
    rateLimitHits.set(key, seen);
    if (seen <= (behaviour.times ?? Infinity)) return json(res, 429, JSON.stringify({ error: { message: 'Rate limit exceeded' } }), { 'retry-after': behaviour.rateLimit });
    return answer(key, behaviour.then ?? 'live', req, res);
  };

  const server = http.createServer((req, res) => {
    const key = keyOf(req.headers);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, key });
    if (url.pathname !== '/v1/models' || req.method !== 'GET') return json(res, 404, JSON.stringify({ error: { message: 'Not found' } }));
    if (key === undefined) return json(res, 401, MISSING_KEY_BODY);
    answer(key, behaviours.get(key) ?? 'revoked', req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsFor: (key) => requests.filter((r) => r.key === key),
    set: (key, behaviour) => void behaviours.set(key, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A bare server that only counts hits: the target of a redirect that must never be followed. */
export async function startHitCounter(): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => res.end('{}'));
  // Counted per connection: reaching this server at all is the failure, a request or not.
  server.on('connection', () => hits++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
