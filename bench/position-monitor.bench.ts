/**
 * Latency of one position-monitor tick (makeMonitorPositions, the whole orchestration): 10,000
 * open positions of 100 users over 100 symbols, prices on a deterministic random walk, a tick every
 * 10 simulated seconds; 320 warm-up ticks, then 150 timed ones that cross an hour (a new hourly
 * candle closes, so every market's ATR is recomputed, as once an hour live). The ports are
 * in-memory fakes (store, accounts, exchange, executor, notifier), so the figure excludes exchange
 * and database I/O: it is the monitor's own CPU cost (grouping, one read per symbol, ATR upkeep,
 * rule evaluation, batching writes, acting on exits, alerts). What the fakes stand for is said at
 * each; none of them copies the 10,000 rows per tick, so the garbage the figure includes is the
 * monitor's. Closed positions are reopened between ticks, outside the timed region, so the book
 * stays at 10,000; the event loop then turns once, as the live monitor's does (for 10 s) between
 * ticks, so the garbage collector's own tasks can run between ticks as they would live.
 * Run: npx tsx bench/position-monitor.bench.ts
 */
import { pathToFileURL } from 'node:url';
import type { WalletInfo } from '../src/core/accounts/account.js';
import type { ExecuteOrderRequest, ExecutionResult } from '../src/core/execution/executor-types.js';
import { Decimal, ZERO } from '../src/core/money.js';
import type { Candle, Exchange, Logger, MarketRules, Ticker } from '../src/core/ports.js';
import { AtrCache } from '../src/core/positions/atr-cache.js';
import { makeMonitorPositions, type MonitorRunSummary } from '../src/core/positions/monitor-positions.js';
import { PositionLocks } from '../src/core/positions/position-locks.js';
import type { NewPosition, PositionPatch, PositionRecord } from '../src/core/positions/position-record.js';
import type { ManagedPositionStore, PositionOrderFill } from '../src/core/positions/position-repository.js';
import { defaultRiskSettings } from '../src/core/risk/risk-settings.js';
import { benchMarket, drawPosition, drawSymbolPrices, lcg, price, START_MS, TickTimer, type TickLatency } from './support/position-fixture.js';

/** Figures of one run; latencies in milliseconds per tick (all positions). */
export interface PositionMonitorBenchResult extends TickLatency {
  readonly positions: number;
  readonly symbols: number;
  readonly users: number;
  readonly ticks: number;
  /** Mean microseconds per open position per tick. */
  readonly perPositionUs: number;
  /** Totals over the timed ticks. */
  readonly totals: { readonly saved: number; readonly stopsMoved: number; readonly scaleOuts: number; readonly closed: number; readonly healthAlerts: number; readonly failures: number };
}

const TICK_MS = 10_000;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/**
 * A stored row as one object literal shape, like the Prisma mapper makes (one hidden class, so the
 * monitor's reads stay monomorphic as in production): the patch's fields over `prev`'s (a field set
 * to null is written; an absent one, or undefined, is left alone, as Prisma does). healthParts is
 * not kept (the engine never reads it back).
 */
function row(prev: PositionRecord, f: PositionPatch): PositionRecord {
  return {
    id: prev.id, userId: prev.userId, walletId: prev.walletId, signalId: prev.signalId, symbol: prev.symbol, side: prev.side, status: or(f.status, prev.status),
    entryPrice: prev.entryPrice, initialStopPrice: prev.initialStopPrice, stopPrice: or(f.stopPrice, prev.stopPrice), targets: prev.targets,
    qtyBase: or(f.qtyBase, prev.qtyBase), initialQtyBase: prev.initialQtyBase, leverage: prev.leverage, realisedPnlUsd: or(f.realisedPnlUsd, prev.realisedPnlUsd),
    unrealisedPnlUsd: or(f.unrealisedPnlUsd, prev.unrealisedPnlUsd), feesUsd: or(f.feesUsd, prev.feesUsd), initialRiskUsd: prev.initialRiskUsd,
    rMultiple: or(f.rMultiple, prev.rMultiple), trailingActive: or(f.trailingActive, prev.trailingActive), trailingStopPrice: or(f.trailingStopPrice, prev.trailingStopPrice),
    bestPrice: or(f.bestPrice, prev.bestPrice), scaleOutsDone: or(f.scaleOutsDone, prev.scaleOutsDone), exchangeStopOrderId: or(f.exchangeStopOrderId, prev.exchangeStopOrderId),
    healthScore: or(f.healthScore, prev.healthScore), closeReason: or(f.closeReason, prev.closeReason), openedAt: prev.openedAt, closedAt: or(f.closedAt, prev.closedAt),
    pendingExit: or(f.pendingExit, prev.pendingExit), lastAlerts: or(f.lastAlerts, prev.lastAlerts),
  };
}

function or<T>(patched: T | undefined, stored: T): T {
  return patched === undefined ? stored : patched;
}

/**
 * The store in memory, standing in for the database: rows are immutable objects replaced on every
 * write, the open rows also kept in an array so listing them is one array copy rather than a query.
 * What it leaves out is the database's own cost, the I/O the benchmark excludes: reading the open
 * rows (a real store returns fresh objects with freshly parsed decimals every tick; this one returns
 * the same objects until they are written) and committing the batched writes.
 */
class InMemoryPositionStore implements ManagedPositionStore {
  readonly rows = new Map<number, PositionRecord>();
  readonly #open: PositionRecord[] = [];
  readonly #openIndex = new Map<number, number>();
  #nextId = 1;

  async create(p: NewPosition): Promise<PositionRecord> {
    const record: PositionRecord = {
      id: this.#nextId++, userId: p.userId, walletId: p.walletId, signalId: null, symbol: p.symbol, side: p.side, status: 'open',
      entryPrice: p.entryPrice, initialStopPrice: p.stopPrice, stopPrice: p.stopPrice, targets: p.targets, qtyBase: p.qtyBase, initialQtyBase: p.qtyBase,
      leverage: new Decimal(1), realisedPnlUsd: ZERO, unrealisedPnlUsd: ZERO, feesUsd: p.feesUsd, initialRiskUsd: p.initialRiskUsd, rMultiple: null,
      trailingActive: false, trailingStopPrice: null, bestPrice: p.entryPrice, scaleOutsDone: 0, exchangeStopOrderId: null, healthScore: null,
      closeReason: null, openedAt: p.openedAt, closedAt: null, pendingExit: null, lastAlerts: {},
    };
    this.rows.set(record.id, record);
    this.#openIndex.set(record.id, this.#open.length);
    this.#open.push(record);
    return record;
  }
  async findForUser(userId: number, id: number) {
    const r = this.rows.get(id);
    return r && r.userId === userId ? r : null;
  }
  async listOpen(userId: number) {
    return this.#open.filter((r) => r.userId === userId);
  }
  async listAllOpen() {
    return this.#open.slice();
  }
  async update(id: number, patch: PositionPatch): Promise<PositionRecord> {
    return this.#write(id, patch);
  }
  /** One transaction: applied together, in order. */
  async updateMany(updates: readonly { positionId: number; patch: PositionPatch }[]) {
    for (const u of updates) this.#write(u.positionId, u.patch);
  }
  #write(id: number, patch: PositionPatch): PositionRecord {
    const next = row(this.rows.get(id)!, patch);
    this.rows.set(id, next);
    const at = this.#openIndex.get(id);
    if (at === undefined) return next;
    if (next.status !== 'closed') {
      this.#open[at] = next;
      return next;
    }
    const last = this.#open.pop()!;
    this.#openIndex.delete(id);
    if (last.id !== id) {
      this.#open[at] = last;
      this.#openIndex.set(last.id, at);
    }
    return next;
  }
  async listClosedOutcomes() {
    return [];
  }
  async ordersSince(): Promise<PositionOrderFill[]> {
    return [];
  }
}

const HOUR_MS = 3_600_000;
const HISTORY_HOURS = 101;

/**
 * Hourly candles as an exchange's candle endpoint gives them: closed candles only, oldest first.
 * Before the start, 101 hours at the starting price with ±0.4 % ranges (ATR about 0.8 % of the
 * price); from then on each hour's candle is built from the prices the walk visits and closes when
 * the clock passes the hour, so a new candle (and with it a new ATR) appears on the hour, as live.
 */
class HourlyCandles {
  readonly #closed = new Map<string, Candle[]>();
  readonly #forming = new Map<string, { openAtMs: number; open: Decimal; high: Decimal; low: Decimal; close: Decimal }>();

  constructor(prices: ReadonlyMap<string, Decimal>, startMs: number) {
    const firstOpenMs = Math.floor(startMs / HOUR_MS) * HOUR_MS;
    for (const [symbol, last] of prices) {
      const p = last.toNumber();
      this.#closed.set(symbol, Array.from({ length: HISTORY_HOURS }, (_, i): Candle => ({
        openAt: new Date(firstOpenMs - (HISTORY_HOURS - i) * HOUR_MS), open: price(p), high: price(p * 1.004), low: price(p * 0.996), close: price(p), volume: new Decimal(1000),
      })));
      this.#forming.set(symbol, { openAtMs: firstOpenMs, open: last, high: last, low: last, close: last });
    }
  }

  /** Records the price of `symbol` at `nowMs`, first closing the forming candle if its hour has passed. */
  observe(symbol: string, last: Decimal, nowMs: number): void {
    let c = this.#forming.get(symbol)!;
    if (nowMs >= c.openAtMs + HOUR_MS) {
      this.#closed.get(symbol)!.push({ openAt: new Date(c.openAtMs), open: c.open, high: c.high, low: c.low, close: c.close, volume: new Decimal(1000) });
      c = { openAtMs: Math.floor(nowMs / HOUR_MS) * HOUR_MS, open: last, high: last, low: last, close: last };
      this.#forming.set(symbol, c);
    }
    if (last.gt(c.high)) c.high = last;
    if (last.lt(c.low)) c.low = last;
    c.close = last;
  }

  /** The latest `limit` closed candles, in a new array as a response would be (the candle objects are shared, as a client cache would). */
  latest(symbol: string, limit: number): Candle[] {
    return this.#closed.get(symbol)!.slice(-limit);
  }
}

/** An exchange that answers from memory: the current price of each symbol and its closed hourly candles. */
function fakeExchange(markets: Map<string, MarketRules>, prices: Map<string, Decimal>, candles: HourlyCandles, clock: { now(): Date }): Exchange {
  const fail = () => Promise.reject(new Error('not used by the monitor benchmark'));
  return {
    id: 'bench',
    loadMarkets: async () => markets,
    market: (s) => markets.get(s)!,
    fetchTicker: async (s): Promise<Ticker> => {
      const last = prices.get(s)!;
      return { symbol: s, bid: last, ask: last, last, at: clock.now() };
    },
    fetchCandles: async (s, _timeframe, limit) => candles.latest(s, limit),
    estimateFill: fail, fetchBalances: fail, submitOrder: fail, fetchOrderByClientId: fail, fetchOpenOrders: fail, cancelOrder: fail,
  };
}

/** Fills every exit in full at the price it was decided at, with a 0.1 % fee. */
async function fakeExecute(req: ExecuteOrderRequest): Promise<ExecutionResult> {
  const px = req.signalPriceQuote!;
  return {
    kind: 'filled',
    fill: {
      requestedQtyBase: req.qtyBase, filledQtyBase: req.qtyBase, fillPct: new Decimal(100), avgPriceQuote: px, feeQuote: req.qtyBase.mul(px).mul('0.001'),
      slippageVsSignalPct: ZERO, slippageVsSendPct: ZERO, expectedSlippagePct: ZERO, route: null, clientOrderIds: [], attempts: 1, executionTimeMs: 0,
    },
  };
}

/** Runs the benchmark and returns its figures (also printed when the file is executed). */
export async function runPositionMonitorBench(options: { positions?: number; symbols?: number; users?: number; ticks?: number; warmup?: number } = {}): Promise<PositionMonitorBenchResult> {
  const nPositions = options.positions ?? 10_000;
  const nSymbols = options.symbols ?? 100;
  const nUsers = options.users ?? 100;
  const nTicks = options.ticks ?? 150;
  // Long enough for the rarer paths (first stop hits, scale-outs, trailing activations, health
  // alerts, the first new hourly candle) to have run and been optimised before timing: the first of
  // each costs a JIT deoptimisation (a tick or two at 50–150 ms, once per process), which is not
  // the steady state the figures describe.
  const warmup = options.warmup ?? 320;
  const rand = lcg(7);
  // The clock reaches midnight 70 ticks into the timed run: the timed ticks cross the hour, when a
  // new candle closes and every market's ATR is recomputed (as once an hour live). With the default
  // warm-up, the warm-up crosses the previous hour (at its 30th tick), so that path is warm too.
  let nowMs = START_MS - (warmup + 70) * TICK_MS;
  const clock = { now: () => new Date(nowMs) };
  const px = drawSymbolPrices(nSymbols, rand);
  const markets = new Map<string, MarketRules>(px.map((p, k) => [`S${k}/USDT`, benchMarket(k, p, { marketType: 'spot', makerFeeRate: '0.001', takerFeeRate: '0.001' })]));
  const prices = new Map<string, Decimal>(px.map((p, k) => [`S${k}/USDT`, price(p)]));
  const candles = new HourlyCandles(prices, nowMs);
  const exchange = fakeExchange(markets, prices, candles, clock);
  const wallets = new Map<number, WalletInfo>();
  for (let u = 1; u <= nUsers; u++) {
    wallets.set(u, {
      id: u, userId: u, label: 'Paper', exchangeId: 'bench', mode: 'paper', marketType: 'spot', hasCredentials: false, paperStartingBalanceUsd: null,
      autoTradeEnabled: false, autoMinConfidence: new Decimal('0.75'), autoTrailingStop: true, autoScaleOut: true, autoDca: false, tradingPaused: false,
    });
  }
  const store = new InMemoryPositionStore();
  const open = async (i: number) => {
    const k = i % nSymbols;
    const symbol = `S${k}/USDT`;
    const m = markets.get(symbol)!;
    const d = drawPosition(rand, prices.get(symbol)!.toNumber(), m);
    const u = (i % nUsers) + 1;
    await store.create({
      userId: u, walletId: u, symbol, side: d.side, entryPrice: d.entry, stopPrice: d.stop, targets: [], qtyBase: d.qty,
      feesUsd: ZERO, initialRiskUsd: d.entry.minus(d.stop).abs().mul(d.qty), openedAt: new Date(nowMs),
    });
  };
  for (let i = 0; i < nPositions; i++) await open(i);

  const monitor = makeMonitorPositions({
    store,
    accounts: { riskSettings: async () => defaultRiskSettings, listWallets: async (userId) => [wallets.get(userId)!] },
    orders: { updateOrder: () => Promise.reject(new Error('no pending exits in the benchmark')) },
    exchangeForWallet: async () => exchange,
    executorFor: () => fakeExecute,
    atr: new AtrCache({ timeframe: '1h', period: 14, baselinePeriod: 100, ttlMs: 5 * 60_000, log: silent }),
    locks: new PositionLocks(),
    notifier: { notify: async () => {} },
    clock,
    log: silent,
  });

  const timer = new TickTimer(nTicks);
  const totals = { saved: 0, stopsMoved: 0, scaleOuts: 0, closed: 0, healthAlerts: 0, failures: 0 };
  let opened = nPositions;
  for (let t = 0; t < warmup + nTicks; t++) {
    nowMs += TICK_MS;
    // A random walk of about 0.06 % per 10 s (roughly 1.5 % per hour: a busy crypto day).
    for (const [symbol, p] of prices) {
      const next = price(p.toNumber() * Math.exp(0.0006 * (rand() - 0.5) * 3.46));
      prices.set(symbol, next);
      candles.observe(symbol, next, nowMs);
    }
    timer.start();
    const result = await monitor();
    timer.stop(t >= warmup);
    if (result.kind !== 'ran') throw new Error('a benchmark tick was skipped');
    if (t >= warmup) addTotals(totals, result);
    const closedNow = result.closed;
    for (let i = 0; i < closedNow; i++) await open(opened++);
    // The live monitor runs every 10 s and the event loop turns in between, where the garbage
    // collector's tasks (incremental marking, finalising a full collection) run; ticks run back to
    // back without ever yielding would take all of that work in. One turn of the loop stands for
    // the gap (a sleep would also let whatever else runs on the machine evict the caches).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const latency = timer.summary();
  return { positions: nPositions, symbols: nSymbols, users: nUsers, ticks: nTicks, ...latency, perPositionUs: (latency.meanMs * 1000) / nPositions, totals };
}

function addTotals(totals: { -readonly [K in keyof PositionMonitorBenchResult['totals']]: number }, r: MonitorRunSummary): void {
  totals.saved += r.saved;
  totals.stopsMoved += r.stopsMoved;
  totals.scaleOuts += r.scaleOuts;
  totals.closed += r.closed;
  totals.healthAlerts += r.healthAlerts;
  totals.failures += r.failures.length;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runPositionMonitorBench();
  const f = (x: number) => x.toFixed(2);
  console.log(
    `position monitor: ${r.positions.toLocaleString('en-US')} open positions of ${r.users} users over ${r.symbols} symbols, ${r.ticks} ticks, ` +
      `exchange and database I/O excluded (in-memory ports): p50 ${f(r.p50Ms)} ms, p99 ${f(r.p99Ms)} ms, max ${f(r.maxMs)} ms per tick ` +
      `(mean ${f(r.meanMs)} ms, ${f(r.perPositionUs)} µs per position; target < 50 ms); CPU time p50 ${f(r.cpuP50Ms)} ms, p99 ${f(r.cpuP99Ms)} ms; ` +
      `over the timed ticks ${JSON.stringify(r.totals)}`,
  );
}
