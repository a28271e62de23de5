import type { WalletInfo } from '../../../src/core/accounts/account.js';
import { InMemoryCandleSource } from '../../../src/core/adapters/exchange-paper/candle-source.js';
import { PaperExchange, type PaperExchangeOptions } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import { makeExecuteOrder } from '../../../src/core/execution/execute-order.js';
import { Decimal } from '../../../src/core/money.js';
import type { Candle, Exchange } from '../../../src/core/ports.js';
import type { ExecuteOrder } from '../../../src/core/positions/execute-position-exit.js';
import type { PositionRecord } from '../../../src/core/positions/position-record.js';
import type { PositionSide } from '../../../src/core/risk/trade-intent.js';
import { silentLogger } from '../../../src/logger.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

/** The injected price paths start here; 120 one-minute candles of history come before it (for ATR(100)). */
export const T0 = Date.parse('2025-10-06T12:00:00Z');
export const MINUTE = 60_000;
const HISTORY = 120;

/** Round market rules, so every figure in a test can be checked by hand. */
const rules = {
  amountStep: new Decimal('0.001'),
  priceTick: new Decimal('0.01'),
  minQty: new Decimal('0.001'),
  minNotional: new Decimal(5),
  makerFeeRate: new Decimal('0.001'),
  takerFeeRate: new Decimal('0.001'),
};

/**
 * One-minute candles of a symbol: 120 minutes of history around `path[0]` (±0.5 % wicks, so the ATR
 * is about 1 % of the price), then one flat candle per element of `path` from T0 on, then the last
 * price for two more hours. The mark in minute k (k ≥ 0) is exactly path[k].
 */
export function pathCandles(path: readonly number[]): Candle[] {
  const candles: Candle[] = [];
  const p0 = path[0]!;
  for (let i = -HISTORY; i < 0; i++) {
    const px = new Decimal(p0);
    candles.push({ openAt: new Date(T0 + i * MINUTE), open: px, high: px.mul('1.005'), low: px.mul('0.995'), close: px, volume: new Decimal(1000) });
  }
  const flat = [...path, ...Array.from({ length: 120 }, () => path[path.length - 1]!)];
  flat.forEach((p, k) => {
    const px = new Decimal(p);
    candles.push({ openAt: new Date(T0 + k * MINUTE), open: px, high: px, low: px, close: px, volume: new Decimal(1000) });
  });
  return candles;
}

export interface MonitorWorld {
  readonly t: TestDatabase;
  readonly accounts: PrismaAccountRepository;
  readonly store: PrismaPositionRepository;
  readonly orders: PrismaOrderRepository;
  readonly clock: ManualClock;
  readonly notifier: RecordingNotifier;
  /** One paper exchange per wallet, as in production. */
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly executorFor: (exchange: Exchange) => ExecuteOrder;
  /** Symbols whose ticker requests fail (an exchange fault for one market). */
  readonly failingTickers: Set<string>;
  /** Registers a user (with a paper wallet) and returns its ids. */
  addUser(telegramId: string): Promise<{ userId: number; walletId: number }>;
  /** Buys the position's quantity on the user's paper wallet at minute 0, then stores the position. */
  openPosition(o: { userId: number; walletId: number; symbol: string; side?: PositionSide; entry: number; stop: number; qty: string; buy?: boolean }): Promise<PositionRecord>;
  /** Moves the clock to the middle of minute k of the paths. */
  atMinute(k: number): void;
  close(): Promise<void>;
}

/**
 * A temp database, paper exchanges replaying `paths` (symbol → one price per minute from T0), a manual clock and the real executor.
 * `paperOptions` overrides options of every wallet's paper exchange (e.g. restingStops: false).
 */
export async function createMonitorWorld(paths: Readonly<Record<string, readonly number[]>>, paperOptions: Partial<PaperExchangeOptions> = {}): Promise<MonitorWorld> {
  const t = await createTestDatabase();
  const accounts = new PrismaAccountRepository(t.db);
  const store = new PrismaPositionRepository(t.db);
  const orders = new PrismaOrderRepository(t.db);
  const clock = new ManualClock(new Date(T0 + 30_000));
  const notifier = new RecordingNotifier();
  const feed = new ReplayPriceFeed({
    source: new InMemoryCandleSource(Object.entries(paths).map(([symbol, path]) => ({ symbol, timeframe: '1m', candles: pathCandles(path) }))),
    timeframe: '1m',
  });
  const failingTickers = new Set<string>();
  const exchanges = new Map<number, Exchange>();
  const exchangeForWallet = async (wallet: WalletInfo): Promise<Exchange> => {
    let exchange = exchanges.get(wallet.id);
    if (!exchange) {
      const paper = new PaperExchange({
        feed, clock, latencyMs: 0, sleep: async () => {},
        marketRules: Object.fromEntries(Object.keys(paths).map((s) => [s, rules])),
        // No spread and a deep book: fills at the mark, so the figures stay round.
        fillModel: { baseSpreadBps: new Decimal(0), volatilitySpreadFactor: new Decimal(0), minDepthQuotePerBps: new Decimal(100_000), depthShare: new Decimal('0.05') },
        initialBalances: new Map([['USDT', new Decimal(100_000)]]),
        ...paperOptions,
      });
      await paper.loadMarkets();
      exchange = withTickerFaults(paper, failingTickers);
      exchanges.set(wallet.id, exchange);
    }
    return exchange;
  };
  let seed = 11;
  const executors = new WeakMap<Exchange, ExecuteOrder>();
  const executorFor = (exchange: Exchange): ExecuteOrder => {
    let execute = executors.get(exchange);
    if (!execute) {
      execute = makeExecuteOrder({
        exchange, orders, clock, elapsedMs: () => performance.now(), sleep: async () => {}, random: makeSeededRandom(seed++), log: silentLogger,
        config: { volatilityTimeframe: '5m' },
      });
      executors.set(exchange, execute);
    }
    return execute;
  };
  let buys = 0;
  const walletOf = async (userId: number) => (await accounts.listWallets(userId))[0]!;
  return {
    t, accounts, store, orders, clock, notifier, exchangeForWallet, executorFor, failingTickers,
    async addUser(telegramId) {
      const { user } = await accounts.registerUser({ telegramId, displayName: `Trader ${telegramId}`, timezone: 'UTC', paperStartingBalanceUsd: new Decimal(100_000), now: clock.now() });
      return { userId: user.id, walletId: (await walletOf(user.id)).id };
    },
    async openPosition(o) {
      const qty = new Decimal(o.qty);
      if (o.buy !== false) {
        const exchange = await exchangeForWallet(await walletOf(o.userId));
        const bought = await exchange.submitOrder({ clientOrderId: `test-buy-${++buys}`, symbol: o.symbol, side: 'buy', type: 'market', qtyBase: qty });
        if (bought.kind !== 'accepted') throw new Error(`test entry refused: ${JSON.stringify(bought)}`);
      }
      const entry = new Decimal(o.entry);
      const stop = new Decimal(o.stop);
      return store.create({
        userId: o.userId, walletId: o.walletId, symbol: o.symbol, side: o.side ?? 'long', entryPrice: entry, stopPrice: stop, targets: [],
        qtyBase: qty, feesUsd: entry.mul(qty).mul('0.001'), initialRiskUsd: entry.minus(stop).abs().mul(qty), openedAt: new Date(T0 - 60 * MINUTE),
      });
    },
    atMinute(k) {
      clock.set(new Date(T0 + k * MINUTE + 30_000));
    },
    close: () => t.close(),
  };
}

/** The exchange, except that fetchTicker fails for the symbols in `failing` (an outage of one market). */
function withTickerFaults(exchange: Exchange, failing: ReadonlySet<string>): Exchange {
  return new Proxy(exchange, {
    get(target, key, receiver) {
      if (key === 'fetchTicker') {
        return async (symbol: string) => {
          if (failing.has(symbol)) throw new Error(`injected fault: ${symbol} ticker unavailable`);
          return target.fetchTicker(symbol);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
