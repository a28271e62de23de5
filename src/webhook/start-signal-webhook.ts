import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Decimal } from '../core/money.js';
import type { Clock, Logger } from '../core/ports.js';
import type { TradingUseCases } from '../core/trading/trading-use-cases.js';
import { createWebhookServer, SIGNAL_PATH } from './create-webhook-server.js';
import type { WebhookLimits } from './webhook-deps.js';
import type { WebhookSecrets } from './webhook-secrets.js';

export interface SignalWebhookOptions {
  readonly port: number;
  /** Interface to bind; "0.0.0.0" (all) by default, "127.0.0.1" behind a local reverse proxy. */
  readonly host?: string;
  readonly secrets: Pick<WebhookSecrets, 'authenticate'>;
  readonly trading: Pick<TradingUseCases, 'acceptSignal'>;
  /** Markets signals may name. */
  readonly symbols: readonly string[];
  /** Last price of a symbol, for "market" entries; read into a cache every `priceRefreshMs`. */
  readonly lastPrice: (symbol: string) => Promise<Decimal>;
  readonly priceRefreshMs?: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly limits?: Partial<WebhookLimits>;
}

export interface RunningWebhook {
  readonly server: Server;
  /** http://host:port of the listening server. */
  readonly origin: string;
  readonly signalUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the signal webhook: POST /webhook/signal authenticated by the user's secret, each
 * accepted signal stored at once (202) and decided in the background by the trading use cases
 * (source "webhook", the alert's idempotency_key), the outcome sent to the user in the chat.
 * The server's price lookups must be synchronous, so last prices are kept in a small cache
 * refreshed in the background (a market entry is re-priced at the wallet's market when decided).
 */
export async function startSignalWebhook(o: SignalWebhookOptions): Promise<RunningWebhook> {
  const prices = new Map<string, Decimal>();
  const log = o.log.child({ component: 'webhook' });
  const refresh = async () => {
    for (const symbol of o.symbols) {
      try {
        prices.set(symbol, await o.lastPrice(symbol));
      } catch (error) {
        log.warn({ symbol, err: error }, 'webhook price refresh failed');
      }
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh(), o.priceRefreshMs ?? 10_000);
  timer.unref();

  const server = createWebhookServer({
    authenticate: (secret) => o.secrets.authenticate(secret),
    async submitSignal(userId, submission, idempotencyKey) {
      const accepted = await o.trading.acceptSignal({ userId, source: 'webhook', idempotencyKey, signal: submission.signal, note: submission.note });
      return { status: accepted.status, signalId: String(accepted.signalId) };
    },
    knownSymbols: () => o.symbols,
    lastPrice: (symbol) => prices.get(symbol),
    clock: o.clock,
    log,
    ...(o.limits ? { limits: o.limits } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  log.info({ port: address.port, host: address.address }, 'signal webhook listening');
  return {
    server,
    origin,
    signalUrl: `${origin}${SIGNAL_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
