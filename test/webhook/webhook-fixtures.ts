import type { AddressInfo } from 'node:net';
import { Decimal } from '../../src/core/money.js';
import type { Logger } from '../../src/core/ports.js';
import { createWebhookServer } from '../../src/webhook/create-webhook-server.js';
import type { SubmitSignalResult, WebhookDeps, WebhookLimits, WebhookSubmission } from '../../src/webhook/webhook-deps.js';
import { hashWebhookSecret, isWebhookSecretMatch } from '../../src/webhook/webhook-secret.js';

export const SECRET = 'tv-secret-0123456789abcdef';
export const OTHER_SECRET = 'tv-secret-of-user-eight-xyz';

/** A logger that keeps every record as JSON text, so tests can search all of it. */
export function recordingLogger(lines: string[], bindings: object = {}): Logger {
  const write = (level: string) => (fields: object, msg: string) => {
    lines.push(JSON.stringify({ level, ...bindings, ...fields, msg }));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

export interface StoredSignal {
  readonly userId: number;
  readonly key: string;
  readonly submission: WebhookSubmission;
  readonly signalId: string;
}

export interface TestServer {
  readonly url: string;
  readonly origin: string;
  readonly stored: StoredSignal[];
  readonly logs: string[];
  /** Moves the fixed clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * The real server on 127.0.0.1, an ephemeral port, with an in-memory store that honours
 * idempotency keys (as the database will) and a fixed clock that only moves when told.
 */
export async function startTestServer(opts: { limits?: Partial<WebhookLimits>; submitDelayMs?: number; failSubmit?: boolean } = {}): Promise<TestServer> {
  const users = new Map([
    [hashWebhookSecret(SECRET), 7],
    [hashWebhookSecret(OTHER_SECRET), 8],
  ]);
  const stored: StoredSignal[] = [];
  const logs: string[] = [];
  let nowMs = Date.UTC(2025, 9, 2, 12);
  const deps: WebhookDeps = {
    async authenticate(secret) {
      for (const [hash, userId] of users) if (isWebhookSecretMatch(secret, hash)) return { userId };
      return null;
    },
    async submitSignal(userId, submission, key): Promise<SubmitSignalResult> {
      if (opts.submitDelayMs) await new Promise((r) => setTimeout(r, opts.submitDelayMs));
      if (opts.failSubmit) throw new Error('database is locked');
      const existing = stored.find((s) => s.userId === userId && s.key === key);
      if (existing) return { status: 'duplicate', signalId: existing.signalId };
      const signalId = `sig-${stored.length + 1}`;
      stored.push({ userId, key, submission, signalId });
      return { status: 'accepted', signalId };
    },
    knownSymbols: () => ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
    lastPrice: (symbol) => (symbol === 'BTC/USDT' ? new Decimal('45010') : undefined),
    clock: { now: () => new Date(nowMs) },
    log: recordingLogger(logs),
    ...(opts.limits ? { limits: opts.limits } : {}),
  };
  const server = createWebhookServer(deps);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/webhook/signal`,
    origin,
    stored,
    logs,
    advance: (ms) => {
      nowMs += ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

let keyCounter = 0;

/** A valid alert body; override any field. */
export function alert(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  keyCounter++;
  return {
    secret: SECRET,
    idempotency_key: `alert-${keyCounter}`,
    symbol: 'BTCUSDT',
    side: 'buy',
    entry: 45000,
    stop: 44000,
    targets: [48000, 50000],
    confidence: 0.8,
    note: 'TradingView breakout',
    ...overrides,
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}
