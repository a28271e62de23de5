import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BINANCE_ROUTES, SIGNED_ENDPOINTS, type Params } from './binance-routes.js';
import { FakeExchangeState, FakeVenueError } from './fake-exchange-state.js';
import { FaultPlan, type FaultKind } from './fault-plan.js';

/**
 * A local HTTP server (127.0.0.1, ephemeral port) that speaks enough of Binance's spot REST API
 * for ccxt's real `binance` class: public market data, HMAC-signed account and order endpoints,
 * an in-memory venue (`state`) and per-endpoint fault injection (`faults`).
 */

export const FAKE_API_KEY = 'fake-api-key-5f1c9e0b7a';
export const FAKE_SECRET = 'fake-secret-9d2b4c6e8f0a1b3c';

export interface RecordedRequest {
  readonly method: string;
  /** "METHOD /path", the key faults are injected on. */
  readonly endpoint: string;
  readonly params: Params;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly fault?: FaultKind;
}

export interface FakeExchangeServer {
  /** Base URL, e.g. http://127.0.0.1:43210 */
  readonly url: string;
  readonly state: FakeExchangeState;
  readonly faults: FaultPlan;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** Requests to one endpoint, e.g. requestsTo('POST /api/v3/order'). */
  requestsTo(endpoint: string): RecordedRequest[];
  /** Forgets faults, orders and recorded requests (prices and balances stay): a clean venue for the next test. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeExchangeServerOptions {
  readonly apiKey?: string;
  readonly secret?: string;
  /** Server clock in epoch ms (candles, order times). Defaults to the wall clock. */
  readonly now?: () => number;
}

export async function startFakeExchangeServer(options: FakeExchangeServerOptions = {}): Promise<FakeExchangeServer> {
  const apiKey = options.apiKey ?? FAKE_API_KEY;
  const secret = options.secret ?? FAKE_SECRET;
  const now = options.now ?? (() => Date.now());
  const state = new FakeExchangeState(now);
  const faults = new FaultPlan();
  const requests: RecordedRequest[] = [];

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
    res.end(text);
  };
  const sendVenueError = (res: ServerResponse, e: FakeVenueError) => send(res, e.httpStatus, { code: e.code, msg: e.message });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const rawQuery = method === 'GET' || method === 'DELETE' ? url.search.slice(1) : body;
    const params = Object.fromEntries(new URLSearchParams(rawQuery));
    const endpoint = `${method} ${url.pathname}`;
    const fault = faults.take(endpoint);
    requests.push({ method, endpoint, params, headers: { ...req.headers }, ...(fault ? { fault } : {}) });

    switch (fault) {
      case 'throttle':
        return send(res, 429, { code: -1003, msg: 'Too many requests; please use the websocket for live updates.' }, { 'Retry-After': '1' });
      case 'unavailable':
        return send(res, 503, undefined);
      case 'hang':
        return; // never answered: the client's own timeout ends it
      case 'insufficient-funds':
        return send(res, 400, { code: -2010, msg: 'Account has insufficient balance for requested action.' });
      case 'duplicate-client-id':
        return send(res, 400, { code: -2010, msg: 'Duplicate order sent.' });
      case 'auth-failed':
        return send(res, 401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
      default:
        break;
    }

    const route = BINANCE_ROUTES.get(endpoint);
    if (!route) return send(res, 404, { code: -1, msg: `fake exchange: no route for ${endpoint}` });
    try {
      if (SIGNED_ENDPOINTS.has(endpoint)) checkSigned(req, rawQuery, apiKey, secret);
      const result = route({ state, params, now: now() });
      if (fault === 'execute-then-hang') return; // executed, but the reply is lost
      send(res, 200, result);
    } catch (e) {
      if (e instanceof FakeVenueError) return sendVenueError(res, e);
      send(res, 500, { code: -1000, msg: 'fake exchange: internal error' });
      throw e;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // Surfaces bugs in the fake itself without crashing the test process.
      console.error('fake exchange server error', e);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    faults,
    requests,
    requestsTo: (endpoint) => requests.filter((r) => r.endpoint === endpoint),
    reset: () => {
      faults.clear();
      state.orders.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // hung requests keep their sockets open
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** Binance's signing: X-MBX-APIKEY header, HMAC-SHA256 (hex) of the query string before `&signature=`. */
function checkSigned(req: IncomingMessage, rawQuery: string, apiKey: string, secret: string): void {
  if (req.headers['x-mbx-apikey'] !== apiKey) {
    throw new FakeVenueError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  }
  const at = rawQuery.lastIndexOf('&signature=');
  const payload = at < 0 ? '' : rawQuery.slice(0, at);
  const signature = at < 0 ? '' : rawQuery.slice(at + '&signature='.length);
  const expected = createHmac('sha256', secret).update(payload).digest('hex');
  const ok =
    signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!ok) throw new FakeVenueError(400, -1022, 'Signature for this request is not valid.');
  if (!new URLSearchParams(payload).has('timestamp')) {
    throw new FakeVenueError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
