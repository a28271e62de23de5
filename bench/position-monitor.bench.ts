/**
 * Latency of one position-monitor tick (makeMonitorPositions, the whole orchestration): 10,000
 * open positions of 100 users over 100 symbols, prices on a deterministic random walk, a tick every
 * 10 simulated seconds. The ports are in-memory fakes (store, accounts, exchange, executor,
 * notifier), so the figure excludes exchange and database I/O: it is the monitor's own CPU cost
 * (grouping, one read per symbol, rule evaluation, batching writes, acting on exits, alerts).
 * Closed positions are reopened between ticks, outside the timed region, so the book stays at
 * 10,000. Run: npx tsx bench/position-monitor.bench.ts
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

/** Figures of one run; latencies in milliseconds per tick (all positions). */
export interface PositionMonitorBenchResult {
  readonly positions: number;
  readonly symbols: number;
  readonly users: number;
  readonly ticks: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Mean microseconds per open position per tick. */
  readonly perPositionUs: number;
  /**
   * CPU time (user + system, all threads, so GC included) per tick: less sensitive than wall time
   * to other processes competing for the cores.
   */
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
  /** Totals over the timed ticks. */
  readonly totals: { readonly saved: number; readonly stopsMoved: number; readonly scaleOuts: number; readonly closed: number; readonly healthAlerts: number; readonly failures: number };
}

const TICK_MS = 10_000;
const START_MS = Date.UTC(2025, 9, 1);

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const price = (x: number) => new Decimal(x.toPrecision(8));
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function market(k: number, px: number): MarketRules {
  const step = px > 1000 ? '0.00001' : px > 10 ? '0.001' : '1';
  return {
    symbol: `S${k}/USDT`, base: `S${k}`, quote: 'USDT', marketType: 'spot',
    amountStep: new Decimal(step), priceTick: new Decimal(px > 1000 ? '0.01' : px > 10 ? '0.001' : '0.00001'),
    minQty: new Decimal(step), minNotional: new Decimal(5), makerFeeRate: new Decimal('0.001'), takerFeeRate: new Decimal('0.001'),
  };
}

/**
 * A stored row as one object literal shape, like the Prisma mapper makes (one hidden class, so the
 * monitor's reads stay monomorphic as in production): `f`'s fields over `prev`'s.
 */
function row(prev: PositionRecord, f: Partial<PositionRecord>): PositionRecord {
  const v = <K extends keyof PositionRecord>(k: K): PositionRecord[K] => (k in f ? (f[k] as PositionRecord[K]) : prev[k]);
  return {
    id: prev.id, userId: prev.userId, walletId: prev.walletId, signalId: prev.signalId, symbol: prev.symbol, side: prev.side, status: v('status'),
    entryPrice: prev.entryPrice, initialStopPrice: prev.initialStopPrice, stopPrice: v('stopPrice'), targets: prev.targets, qtyBase: v('qtyBase'),
    initialQtyBase: prev.initialQtyBase, leverage: prev.leverage, realisedPnlUsd: v('realisedPnlUsd'), unrealisedPnlUsd: v('unrealisedPnlUsd'),
    feesUsd: v('feesUsd'), initialRiskUsd: prev.initialRiskUsd, rMultiple: v('rMultiple'), trailingActive: v('trailingActive'),
    trailingStopPrice: v('trailingStopPrice'), bestPrice: v('bestPrice'), scaleOutsDone: v('scaleOutsDone'), exchangeStopOrderId: v('exchangeStopOrderId'),
    healthScore: v('healthScore'), closeReason: v('closeReason'), openedAt: prev.openedAt, closedAt: v('closedAt'), pendingExit: v('pendingExit'),
    lastAlerts: v('lastAlerts'),
  };
}

/** The store in memory; the open rows also in an array (the monitor's work list), closed ones swapped out. */
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
    const { healthParts: _parts, ...fields } = patch;
    const next = row(this.rows.get(id)!, fields);
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
  async updateMany(updates: readonly { positionId: number; patch: PositionPatch }[]) {
    for (const u of updates) await this.update(u.positionId, u.patch);
  }
  async listClosedOutcomes() {
    return [];
  }
  async ordersSince(): Promise<PositionOrderFill[]> {
    return [];
  }
}

/** An exchange that answers from memory: the current price of each symbol and a fixed ATR history. */
function fakeExchange(markets: Map<string, MarketRules>, prices: Map<string, Decimal>, candles: Map<string, Candle[]>, clock: { now(): Date }): Exchange {
  const fail = () => Promise.reject(new Error('not used by the monitor benchmark'));
  return {
    id: 'bench',
    loadMarkets: async () => markets,
    market: (s) => markets.get(s)!,
    fetchTicker: async (s): Promise<Ticker> => {
      const last = prices.get(s)!;
      return { symbol: s, bid: last, ask: last, last, at: clock.now() };
    },
    fetchCandles: async (s) => candles.get(s)!,
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

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs the benchmark and returns its figures (also printed when the file is executed). */
export async function runPositionMonitorBench(options: { positions?: number; symbols?: number; users?: number; ticks?: number; warmup?: number } = {}): Promise<PositionMonitorBenchResult> {
  const nPositions = options.positions ?? 10_000;
  const nSymbols = options.symbols ?? 100;
  const nUsers = options.users ?? 100;
  const nTicks = options.ticks ?? 150;
  const warmup = options.warmup ?? 20;
  const rand = lcg(7);
  let nowMs = START_MS;
  const clock = { now: () => new Date(nowMs) };
  const px = Array.from({ length: nSymbols }, () => 10 ** (-1 + 5 * rand()));
  const markets = new Map<string, MarketRules>(px.map((p, k) => [`S${k}/USDT`, market(k, p)]));
  const prices = new Map<string, Decimal>(px.map((p, k) => [`S${k}/USDT`, price(p)]));
  // 101 hourly candles with ±0.4 % ranges: ATR about 0.8 % of the price.
  const candles = new Map<string, Candle[]>(px.map((p, k) => [`S${k}/USDT`, Array.from({ length: 101 }, (_, i): Candle => ({
    openAt: new Date(START_MS - (101 - i) * 3_600_000), open: price(p), high: price(p * 1.004), low: price(p * 0.996), close: price(p), volume: new Decimal(1000),
  }))]));
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
    const entry = prices.get(symbol)!;
    const long = rand() < 0.6;
    const stopPct = 0.01 + 0.03 * rand();
    const stop = price(entry.toNumber() * (long ? 1 - stopPct : 1 + stopPct));
    let qty = new Decimal(((1000 + 9000 * rand()) / entry.toNumber()).toPrecision(6)).toNearest(m.amountStep, Decimal.ROUND_DOWN);
    if (qty.isZero()) qty = m.amountStep.mul(1000);
    const u = (i % nUsers) + 1;
    await store.create({
      userId: u, walletId: u, symbol, side: long ? 'long' : 'short', entryPrice: entry, stopPrice: stop, targets: [], qtyBase: qty,
      feesUsd: ZERO, initialRiskUsd: entry.minus(stop).abs().mul(qty), openedAt: new Date(nowMs),
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

  const samples = new Float64Array(nTicks);
  const cpuSamples = new Float64Array(nTicks);
  const totals = { saved: 0, stopsMoved: 0, scaleOuts: 0, closed: 0, healthAlerts: 0, failures: 0 };
  let opened = nPositions;
  for (let t = 0; t < warmup + nTicks; t++) {
    nowMs += TICK_MS;
    // A random walk of about 0.06 % per 10 s (roughly 1.5 % per hour: a busy crypto day).
    for (const [symbol, p] of prices) prices.set(symbol, price(p.toNumber() * Math.exp(0.0006 * (rand() - 0.5) * 3.46)));
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const result = await monitor();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(c0);
    if (result.kind !== 'ran') throw new Error('a benchmark tick was skipped');
    if (t >= warmup) {
      samples[t - warmup] = ms;
      cpuSamples[t - warmup] = (cpu.user + cpu.system) / 1000;
      addTotals(totals, result);
    }
    const closedNow = result.closed;
    for (let i = 0; i < closedNow; i++) await open(opened++);
  }
  const mean = samples.reduce((s, x) => s + x, 0) / nTicks;
  samples.sort();
  cpuSamples.sort();
  return {
    positions: nPositions, symbols: nSymbols, users: nUsers, ticks: nTicks,
    p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99), maxMs: samples[samples.length - 1]!, meanMs: mean,
    perPositionUs: (mean * 1000) / nPositions, cpuP50Ms: percentile(cpuSamples, 0.5), cpuP99Ms: percentile(cpuSamples, 0.99), totals,
  };
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
