/**
 * Throughput and overhead of the order executor against the paper exchange (latency 0, flat
 * one-minute candles, a frozen replay clock): orders per second with an in-memory repository and
 * with the real Prisma repository on a temp SQLite file, and the time the executor adds to a bare
 * exchange round trip (executor time minus submitOrder time, p50/p99). Every order is a small
 * market buy: fill estimate, ticker and candles read, intent stored, sent with a cap, recorded,
 * one execution log row. Run: npx tsx bench/executor.bench.ts
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Decimal } from '../src/core/money.js';
import type { Candle, Exchange } from '../src/core/ports.js';
import { InMemoryCandleSource } from '../src/core/adapters/exchange-paper/candle-source.js';
import { PaperExchange } from '../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayClock } from '../src/core/adapters/exchange-paper/replay-clock.js';
import { ReplayPriceFeed } from '../src/core/adapters/exchange-paper/replay-price-feed.js';
import { makeSeededRandom } from '../src/core/adapters/exchange-paper/seeded-random.js';
import { PrismaAccountRepository } from '../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../src/core/adapters/store-prisma/prisma-order-repository.js';
import { makeExecuteOrder } from '../src/core/execution/execute-order.js';
import type { ExecuteOrderRequest } from '../src/core/execution/executor-types.js';
import type { OrderRepository } from '../src/core/execution/order-repository.js';
import type { RiskDecision } from '../src/core/risk/risk-decision.js';
import { silentLogger } from '../src/logger.js';
import { InMemoryOrderRepository } from '../test/support/in-memory-order-repository.js';
import { createTestDatabase } from '../test/support/temp-db.js';

/** Figures of one run: throughput in orders per second, latencies in milliseconds. */
export interface ExecutorBenchResult {
  readonly inMemory: { readonly orders: number; readonly ordersPerSecond: number; readonly p50Ms: number; readonly p99Ms: number };
  readonly prisma: { readonly orders: number; readonly ordersPerSecond: number; readonly p50Ms: number; readonly p99Ms: number };
  readonly bareSubmit: { readonly p50Ms: number; readonly p99Ms: number };
  /** Executor (in-memory repository) minus bare submitOrder, at the same percentile. */
  readonly overhead: { readonly p50Ms: number; readonly p99Ms: number };
  readonly loadAverage1m: number;
}

const T0 = Date.parse('2025-01-01T00:00:00Z');
const SYMBOL = 'BTC/USDT';
const qtyBase = new Decimal('0.5'); // $50 at 100: above the paper minimum notional
const decision: RiskDecision = {
  kind: 'approved',
  size: { qtyBase, notionalUsd: qtyBase.mul(100), riskUsd: new Decimal(1), riskPctOfEquity: 0.01, rr: 2, heatAfterPct: 1, feesUsd: new Decimal(0), leverage: 1 },
  checks: [],
  adjustments: [],
};

function flatCandles(count: number): Candle[] {
  const p = new Decimal(100);
  return Array.from({ length: count }, (_, i) => ({ openAt: new Date(T0 + i * 60_000), open: p, high: p.mul('1.001'), low: p.mul('0.999'), close: p, volume: new Decimal(50) }));
}

function paperExchange(): { exchange: PaperExchange; clock: ReplayClock } {
  const clock = new ReplayClock({ startAt: new Date(T0 + 120 * 60_000), speed: 0 });
  const feed = new ReplayPriceFeed({ source: new InMemoryCandleSource([{ symbol: SYMBOL, timeframe: '1m', candles: flatCandles(240) }]), timeframe: '1m' });
  const exchange = new PaperExchange({ feed, clock, latencyMs: 0, sleep: async () => {}, initialBalances: new Map([['USDT', new Decimal('1e12')]]), maxClosedOrders: 1000 });
  return { exchange, clock };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function timeExecutor(exchange: Exchange, clock: ReplayClock, orders: OrderRepository, count: number, userId: number, walletId: number) {
  const executeOrder = makeExecuteOrder({
    exchange, orders, clock, elapsedMs: () => performance.now(), sleep: async () => {}, random: makeSeededRandom(Math.floor(performance.now())), log: silentLogger,
  });
  const request: ExecuteOrderRequest = {
    userId, walletId, symbol: SYMBOL, side: 'buy', qtyBase, purpose: 'entry', urgency: 'normal', signalPriceQuote: new Decimal(100), maxSlippagePct: new Decimal('0.5'), riskDecision: decision,
  };
  for (let i = 0; i < Math.min(50, count); i++) await executeOrder(request); // warm-up
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const result = await executeOrder(request);
    samples.push(performance.now() - t0);
    if (result.kind !== 'filled') throw new Error(`bench order not filled: ${result.kind}`);
  }
  const wallMs = performance.now() - started;
  samples.sort((a, b) => a - b);
  return { orders: count, ordersPerSecond: Math.round(count / (wallMs / 1000)), p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99) };
}

async function timeBareSubmit(exchange: Exchange, count: number) {
  const samples: number[] = [];
  for (let i = 0; i < count + 50; i++) {
    const t0 = performance.now();
    const outcome = await exchange.submitOrder({ clientOrderId: `bench-bare-${i}`, symbol: SYMBOL, side: 'buy', type: 'market', qtyBase, limitPrice: new Decimal('100.5') });
    if (i >= 50) samples.push(performance.now() - t0);
    if (outcome.kind !== 'accepted') throw new Error(`bare submit not accepted: ${JSON.stringify(outcome)}`);
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99) };
}

/** Runs the benchmark and returns its figures (also printed when the file is executed). */
export async function runExecutorBench(options: { inMemoryOrders?: number; prismaOrders?: number; bareSubmits?: number } = {}): Promise<ExecutorBenchResult> {
  const loadAverage1m = loadavg()[0] ?? 0;
  const bare = paperExchange();
  await bare.exchange.loadMarkets();
  const bareSubmit = await timeBareSubmit(bare.exchange, options.bareSubmits ?? 2000);

  const mem = paperExchange();
  await mem.exchange.loadMarkets();
  const inMemory = await timeExecutor(mem.exchange, mem.clock, new InMemoryOrderRepository(), options.inMemoryOrders ?? 2000, 1, 1);

  const db = await createTestDatabase();
  try {
    const accounts = new PrismaAccountRepository(db.db);
    const { user } = await accounts.registerUser({ telegramId: '1', displayName: 'bench', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(1), now: new Date(T0) });
    const walletId = (await accounts.listWallets(user.id))[0]!.id;
    const sql = paperExchange();
    await sql.exchange.loadMarkets();
    const prisma = await timeExecutor(sql.exchange, sql.clock, new PrismaOrderRepository(db.db), options.prismaOrders ?? 300, user.id, walletId);
    return {
      inMemory,
      prisma,
      bareSubmit,
      overhead: { p50Ms: inMemory.p50Ms - bareSubmit.p50Ms, p99Ms: inMemory.p99Ms - bareSubmit.p99Ms },
      loadAverage1m,
    };
  } finally {
    await db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runExecutorBench();
  const f = (x: number) => x.toFixed(3);
  console.log(
    `executor on the paper exchange (latency 0), small market buys: ` +
      `in-memory repository ${r.inMemory.ordersPerSecond.toLocaleString('en-US')} orders/s (p50 ${f(r.inMemory.p50Ms)} ms, p99 ${f(r.inMemory.p99Ms)} ms, ${r.inMemory.orders} orders); ` +
      `Prisma on SQLite ${r.prisma.ordersPerSecond.toLocaleString('en-US')} orders/s (p50 ${f(r.prisma.p50Ms)} ms, p99 ${f(r.prisma.p99Ms)} ms, ${r.prisma.orders} orders)`,
  );
  console.log(
    `  bare submitOrder p50 ${f(r.bareSubmit.p50Ms)} ms, p99 ${f(r.bareSubmit.p99Ms)} ms; executor overhead (in-memory) p50 ${f(r.overhead.p50Ms)} ms, p99 ${f(r.overhead.p99Ms)} ms ` +
      `(3 extra exchange reads per order: ticker, fill estimate, candles); load avg ${r.loadAverage1m.toFixed(2)}`,
  );
}
