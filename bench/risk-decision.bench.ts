/**
 * Latency of the pre-trade risk gate: 50 open futures positions over 12 symbols, a correlation
 * matrix over those symbols, decideTrade called on a rotating set of 64 intents (a mix of
 * approved, adjusted and rejected decisions). The risk book and the matrix are prepared once, as
 * per tick in production; the cost of also preparing the book on every call is measured apart.
 * Run: npx tsx bench/risk-decision.bench.ts
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Decimal } from '../src/core/money.js';
import type { Candle, MarketRules } from '../src/core/ports.js';
import { buildCorrelationMatrix } from '../src/core/risk/build-correlation-matrix.js';
import { computeLossBudgets } from '../src/core/risk/compute-loss-budgets.js';
import { decideTrade } from '../src/core/risk/decide-trade.js';
import { prepareRiskBook, type RiskBookInput } from '../src/core/risk/prepare-risk-book.js';
import type { TradeDecisionInput } from '../src/core/risk/risk-decision.js';
import { defaultRiskSettings, type RiskSettings, type SizingMethod } from '../src/core/risk/risk-settings.js';
import type { OpenPosition } from '../src/core/risk/summarize-portfolio.js';

/** Figures of one run; latencies in microseconds. */
export interface RiskDecisionBenchResult {
  readonly openPositions: number;
  readonly iterations: number;
  readonly decisionsPerSecond: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
  /** prepareRiskBook (the per-tick work over the 50 positions) plus decideTrade, per call. */
  readonly withBookP50Us: number;
  readonly withBookP99Us: number;
  /** Decisions of the 64 rotating intents by kind. */
  readonly kinds: Readonly<Record<string, number>>;
  /** The machine's 1-minute load average when the run started: latency tails depend on it. */
  readonly loadAverage1m: number;
  /** CPU time over wall time during the timed loop: below 1 the process was waiting for a core. */
  readonly cpuShareOfWall: number;
  /**
   * CPU time of the process per call in the timed loop (timer reads included), microseconds: less
   * noisy than wall-clock percentiles on a shared machine, where other processes take the core.
   */
  readonly cpuUsPerCall: number;
}

const SYMBOLS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'ADA', 'DOGE', 'AVAX', 'LINK', 'DOT', 'LTC', 'TRX'];
const PRICES = [45000, 2400, 100, 300, 0.6, 0.5, 0.08, 35, 15, 7, 70, 0.1];

/** Deterministic pseudo-random numbers (a benchmark must not depend on Math.random). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function syntheticCandles(rand: () => number, price: number, beta: number, market: readonly number[]): Candle[] {
  const candles: Candle[] = [];
  let close = price;
  for (let k = 0; k < market.length; k++) {
    close *= Math.exp(beta * market[k]! + 0.004 * (rand() - 0.5));
    const c = new Decimal(close.toPrecision(10));
    candles.push({ openAt: new Date(Date.UTC(2023, 0, 1) + k * 3_600_000), open: c, high: c, low: c, close: c, volume: new Decimal(1) });
  }
  return candles;
}

function market(base: string, price: number): MarketRules {
  const step = price > 1000 ? '0.00001' : price > 10 ? '0.001' : '1';
  return {
    symbol: `${base}/USDT`,
    base,
    quote: 'USDT',
    marketType: 'futures',
    amountStep: new Decimal(step),
    priceTick: new Decimal('0.0001'),
    minQty: new Decimal(step),
    minNotional: new Decimal(5),
    makerFeeRate: new Decimal('0.0002'),
    takerFeeRate: new Decimal('0.0005'),
  };
}

function buildInputs(method: SizingMethod): { inputs: TradeDecisionInput[]; bookInput: RiskBookInput } {
  const rand = lcg(42);
  const marketMoves = Array.from({ length: 800 }, () => 0.01 * (rand() - 0.5));
  const candles = new Map<string, Candle[]>();
  SYMBOLS.forEach((s, k) => candles.set(`${s}/USDT`, syntheticCandles(rand, PRICES[k]!, k % 3 === 0 ? 0.2 : 1, marketMoves)));
  const correlation = buildCorrelationMatrix(candles);

  const positions: OpenPosition[] = [];
  for (let k = 0; k < 50; k++) {
    const s = k % SYMBOLS.length;
    const price = PRICES[s]!;
    const long = k % 4 !== 0;
    positions.push({
      symbol: `${SYMBOLS[s]}/USDT`,
      side: long ? 'long' : 'short',
      entryPriceQuote: new Decimal(price),
      stopPriceQuote: new Decimal((price * (long ? 0.97 : 1.03)).toPrecision(8)),
      qtyBase: new Decimal((40 / price).toPrecision(6)),
      markPriceQuote: new Decimal((price * (1 + 0.01 * (rand() - 0.5))).toPrecision(8)),
      leverage: 3,
      feeRate: new Decimal('0.0005'),
    });
  }
  const settings: RiskSettings = {
    ...defaultRiskSettings,
    positionSizingMethod: method,
    maxOpenPositions: 60,
    maxCorrelatedPositions: 60,
    enablePyramiding: true,
    maxSingleAssetExposurePercent: new Decimal(30),
    maxPortfolioHeat: new Decimal(60),
    maxPositionSizePercent: new Decimal(25),
  };
  const equityUsd = new Decimal('10234.56');
  const lossBudgets = computeLossBudgets({
    now: new Date('2023-06-14T12:00:00Z'),
    timeZone: 'Europe/Berlin',
    equityUsd,
    equityAtDayStartUsd: new Decimal('10300'),
    equityAtWeekStartUsd: new Decimal('10100'),
    equityAtMonthStartUsd: new Decimal('9900'),
    settings,
  });
  const bookInput: RiskBookInput = { settings, account: { equityUsd, availableCashUsd: new Decimal(5000) }, positions, lossBudgets, tradingState: 'active' };
  const book = prepareRiskBook(bookInput);
  const inputs: TradeDecisionInput[] = [];
  for (let k = 0; k < 64; k++) {
    const s = k % SYMBOLS.length;
    const price = PRICES[s]! * (1 + 0.002 * (k % 7));
    const long = k % 5 !== 0;
    const stop = 0.02 + 0.01 * (k % 6); // wider stops give smaller sizes: some fit without a cut
    const entry = new Decimal(price.toPrecision(8));
    inputs.push({
      intent: {
        symbol: `${SYMBOLS[s]}/USDT`,
        side: long ? 'long' : 'short',
        entryPriceQuote: entry,
        stopPriceQuote: new Decimal((price * (long ? 1 - stop : 1 + stop)).toPrecision(8)),
        targetPriceQuote: new Decimal((price * (long ? 1 + 3 * stop : 1 - 3 * stop)).toPrecision(8)),
        confidence: new Decimal(k % 16 === 0 ? '0.6' : '0.8'),
        leverage: 3,
      },
      market: market(SYMBOLS[s]!, PRICES[s]!),
      book,
      correlation,
      tradeHistory: { closedTrades: 40, winningTrades: 22 },
    });
  }
  return { inputs, bookInput };
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs the benchmark and returns its figures (also printed when the file is executed). */
export function runRiskDecisionBench(options: { iterations?: number; warmup?: number; method?: SizingMethod } = {}): RiskDecisionBenchResult {
  const iterations = options.iterations ?? 200_000;
  const warmup = options.warmup ?? 50_000;
  const { inputs, bookInput } = buildInputs(options.method ?? 'fixed_fractional');
  const loadAverage1m = loadavg()[0] ?? 0;
  const kinds: Record<string, number> = {};
  for (let k = 0; k < warmup; k++) decideTrade(inputs[k & 63]!);

  const batchStart = process.hrtime.bigint();
  for (let k = 0; k < iterations; k++) decideTrade(inputs[k & 63]!);
  const batchNs = Number(process.hrtime.bigint() - batchStart);

  const samples = new Float64Array(iterations);
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let k = 0; k < iterations; k++) {
    const input = inputs[k & 63]!;
    const t0 = process.hrtime.bigint();
    const d = decideTrade(input);
    samples[k] = Number(process.hrtime.bigint() - t0) / 1000;
    if (k < 64) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
  }
  const wallUs = Number(process.hrtime.bigint() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  samples.sort();

  const endToEnd = Math.max(1000, Math.floor(iterations / 20));
  const e2e = new Float64Array(endToEnd);
  for (let k = 0; k < endToEnd; k++) {
    const input = inputs[k & 63]!;
    const t0 = process.hrtime.bigint();
    decideTrade({ ...input, book: prepareRiskBook(bookInput) });
    e2e[k] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  e2e.sort();

  return {
    openPositions: bookInput.positions.length,
    iterations,
    decisionsPerSecond: Math.round(iterations / (batchNs / 1e9)),
    p50Us: percentile(samples, 0.5),
    p99Us: percentile(samples, 0.99),
    p999Us: percentile(samples, 0.999),
    maxUs: samples[samples.length - 1]!,
    withBookP50Us: percentile(e2e, 0.5),
    withBookP99Us: percentile(e2e, 0.99),
    kinds,
    loadAverage1m,
    cpuShareOfWall: (cpu.user + cpu.system) / wallUs,
    cpuUsPerCall: (cpu.user + cpu.system) / iterations,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const method of ['fixed_fractional', 'kelly'] as const) {
    const r = runRiskDecisionBench({ method });
    const f = (x: number) => x.toFixed(1);
    console.log(
      `decideTrade [${method}] ${r.openPositions} open positions, ${r.iterations} calls: ` +
        `${r.decisionsPerSecond.toLocaleString('en-US')} decisions/s, p50 ${f(r.p50Us)} µs, p99 ${f(r.p99Us)} µs, ` +
        `p99.9 ${f(r.p999Us)} µs, max ${f(r.maxUs)} µs, CPU ${f(r.cpuUsPerCall)} µs/call; kinds ${JSON.stringify(r.kinds)}; ` +
        `load avg ${r.loadAverage1m.toFixed(2)}, CPU share ${r.cpuShareOfWall.toFixed(2)}`,
    );
    console.log(`  with prepareRiskBook (per-tick work) per call: p50 ${f(r.withBookP50Us)} µs, p99 ${f(r.withBookP99Us)} µs`);
  }
}
