import type { Clock } from '../../../src/core/ports.js';
import { CcxtExchange } from '../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { FAKE_API_KEY, FAKE_SECRET, type FakeExchangeServer } from './fake-exchange-server.js';
import { makeFakeFetch } from './fake-fetch.js';

export interface CcxtOnFakeServerOptions {
  readonly apiKey?: string;
  readonly secret?: string;
  /** ccxt request timeout; short so hang faults end quickly. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  /** Extra ccxt options merged over the test defaults. */
  readonly ccxtOptions?: Readonly<Record<string, unknown>>;
}

/**
 * A CcxtExchange running the REAL ccxt binance class against the fake server: spot markets only,
 * no currencies or margin lookups, no rate limiter, a short timeout, and a fetch that refuses
 * every host but Binance's (redirected to 127.0.0.1).
 */
export function makeCcxtOnFakeServer(server: FakeExchangeServer, o: CcxtOnFakeServerOptions = {}): CcxtExchange {
  const extra = o.ccxtOptions ?? {};
  return new CcxtExchange({
    exchangeId: 'binance',
    marketType: 'spot',
    credentials: { apiKey: o.apiKey ?? FAKE_API_KEY, secret: o.secret ?? FAKE_SECRET },
    ...(o.clock ? { clock: o.clock } : {}),
    ccxtOptions: {
      fetchImplementation: makeFakeFetch(server.url),
      enableRateLimit: false,
      timeout: o.timeoutMs ?? 500,
      ...extra,
      options: {
        fetchMarkets: { types: ['spot'] },
        fetchCurrencies: false,
        fetchMargins: false,
        ...((extra['options'] ?? {}) as Record<string, unknown>),
      },
    },
  });
}
