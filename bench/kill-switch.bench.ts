/**
 * Time-to-flat of the kill switch: 50 open positions on the paper exchange (bundled October 2025
 * candles, 50 ms simulated latency on every call), closed within an order rate limit of 10 orders
 * per second, against the ideal: positions / rate + one round trip (the last order cannot leave
 * before (n − 1) / rate and needs at least one round trip). The kill includes everything the user
 * waits for: KILLED stored through the risk context, the open-order sweep, 50 closes through the
 * executor with Prisma on SQLite, and the read-back that verifies flat.
 * Run: npx tsx bench/kill-switch.bench.ts
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Decimal, floorToStep } from '../src/core/money.js';
import type { Clock } from '../src/core/ports.js';
import { PaperExchange } from '../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../src/core/adapters/exchange-paper/replay-price-feed.js';
import { makeSeededRandom } from '../src/core/adapters/exchange-paper/seeded-random.js';
import { PrismaAccountRepository } from '../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from '../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import { makeExecuteOrder } from '../src/core/execution/execute-order.js';
import { makeLoadRiskContext } from '../src/core/risk/load-risk-context.js';
import { makeKillSwitch } from '../src/core/safety/kill-switch.js';
import type { KillReport } from '../src/core/safety/kill-switch-types.js';
import { silentLogger } from '../src/logger.js';
import { createTestDatabase } from '../test/support/temp-db.js';

export interface KillSwitchBenchResult {
  readonly positions: number;
  readonly ordersPerSecond: number;
  readonly latencyMs: number;
  readonly timeToFlatMs: number;
  /** positions / rate + one round trip, ms. */
  readonly idealMs: number;
  /** timeToFlatMs / idealMs: 1.2 is 20 % over the ideal. */
  readonly ratio: number;
  readonly report: KillReport;
}

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BNB/USDT', 'XRP/USDT', 'ADA/USDT', 'DOGE/USDT'];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs the benchmark once and returns its figures (also printed when the file is executed). */
export async function runKillSwitchBench(o: { positions?: number; ordersPerSecond?: number; latencyMs?: number } = {}): Promise<KillSwitchBenchResult> {
  const count = o.positions ?? 50;
  const rate = o.ordersPerSecond ?? 10;
  const latencyMs = o.latencyMs ?? 50;
  const clock: Clock = { now: () => new Date('2025-10-08T12:00:00Z') };
  const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');
  const exchange = new PaperExchange({ feed, clock, latencyMs, initialBalances: new Map([['USDT', new Decimal(1_000_000)]]) });
  const db = await createTestDatabase();
  try {
    const accounts = new PrismaAccountRepository(db.db);
    const positions = new PrismaPositionRepository(db.db);
    const orders = new PrismaOrderRepository(db.db);
    const tradingStates = new PrismaTradingStateStore(db.db);
    const notifier = { notify: async () => {} };
    const { user } = await accounts.registerUser({ telegramId: '1', displayName: 'bench', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(1_000_000), now: clock.now() });
    const [wallet] = await accounts.listWallets(user.id);
    const markets = await exchange.loadMarkets();

    // ~$300 a position, round robin over the bundled markets; one buy per market holds them all.
    const plan = Array.from({ length: count }, (_, i) => SYMBOLS[i % SYMBOLS.length]!);
    const qtyOf = new Map<string, Decimal>();
    for (const symbol of SYMBOLS) {
      const price = (await exchange.fetchTicker(symbol)).ask;
      qtyOf.set(symbol, floorToStep(new Decimal(300).div(price), markets.get(symbol)!.amountStep));
    }
    await Promise.all(
      SYMBOLS.map(async (symbol) => {
        const total = qtyOf.get(symbol)!.mul(plan.filter((s) => s === symbol).length);
        const bought = await exchange.submitOrder({ clientOrderId: `bench-${symbol}`, symbol, side: 'buy', type: 'market', qtyBase: total });
        if (bought.kind !== 'accepted' || !bought.order.filledQtyBase.eq(total)) throw new Error(`bench setup: buy of ${symbol} not filled`);
      }),
    );
    for (const symbol of plan) {
      const entry = (await feed.priceAt(symbol, clock.now()));
      const qty = qtyOf.get(symbol)!;
      await positions.create({
        userId: user.id, walletId: wallet!.id, symbol, side: 'long', entryPrice: entry, stopPrice: entry.mul('0.98'), targets: [entry.mul('1.04')],
        qtyBase: qty, feesUsd: qty.mul(entry).mul('0.001'), initialRiskUsd: qty.mul(entry).mul('0.02'), openedAt: clock.now(),
      });
    }

    const exchangeForWallet = async () => exchange;
    const random = makeSeededRandom(7);
    const loadRiskContext = makeLoadRiskContext({ accounts, positions, tradingStates, exchangeForWallet, notifier, clock, log: silentLogger });
    const killSwitch = makeKillSwitch({
      accounts, positions, orders, tradingStates, exchangeForWallet, loadRiskContext, notifier, clock, log: silentLogger,
      elapsedMs: () => performance.now(), sleep,
      makeExecutor: (ex) => makeExecuteOrder({ exchange: ex, orders, clock, elapsedMs: () => performance.now(), sleep, random, log: silentLogger }),
      config: { ordersPerSecond: rate },
    });
    const report = await killSwitch.fire(user, 'bench');
    if (report.timeToFlatMs === null || report.closed.length !== count) {
      throw new Error(`bench kill did not end flat: ${report.closed.length} closed, ${report.unclosed.length} left`);
    }
    const idealMs = (count / rate) * 1000 + latencyMs;
    return { positions: count, ordersPerSecond: rate, latencyMs, timeToFlatMs: report.timeToFlatMs, idealMs, ratio: report.timeToFlatMs / idealMs, report };
  } finally {
    await db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runKillSwitchBench();
  console.log(
    `kill switch, ${r.positions} positions on the paper exchange (${r.latencyMs} ms latency, ${r.ordersPerSecond} orders/s): ` +
      `time-to-flat ${(r.timeToFlatMs / 1000).toFixed(2)} s vs ideal ${(r.idealMs / 1000).toFixed(2)} s ` +
      `(positions / rate + one round trip): ratio ${r.ratio.toFixed(3)} (target ≤ 1.2); rounds ${r.report.rounds}, verified flat ${r.report.verification.isFlat}`,
  );
}
