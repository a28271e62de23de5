/**
 * Latency of one position-monitor tick: 10,000 open positions over 100 symbols, each evaluated
 * with evaluatePosition (which includes positionHealth) against its symbol's tick. Prices follow a
 * deterministic random walk; exits are filled and closed positions reopened between ticks, outside
 * the timed region, so the book stays at 10,000. No I/O. The whole tick's evaluations are kept until
 * the bookkeeping, as a monitor that batches its writes would keep them: that makes the young
 * generation of the garbage collector copy them, which is most of the gap between p50 and p99
 * (compare a run with `node --max-semi-space-size=64 --import tsx bench/position-rules.bench.ts`).
 * Run: npx tsx bench/position-rules.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { Decimal, ZERO } from '../src/core/money.js';
import type { MarketRules } from '../src/core/ports.js';
import { applyExitFill } from '../src/core/positions/apply-exit-fill.js';
import { defaultPositionRules } from '../src/core/positions/build-position-rules.js';
import { evaluatePosition } from '../src/core/positions/evaluate-position.js';
import type { ManagedPosition } from '../src/core/positions/managed-position.js';
import type { PositionTick } from '../src/core/positions/position-tick.js';

/** Figures of one run; latencies in milliseconds per tick (all positions). */
export interface PositionRulesBenchResult {
  readonly positions: number;
  readonly symbols: number;
  readonly ticks: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Mean microseconds per position evaluation. */
  readonly perPositionUs: number;
  /**
   * CPU time (user + system, all threads, so GC included) per tick: less sensitive than wall time
   * to other processes competing for the cores.
   */
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
  /** Actions emitted over the timed ticks, by kind. */
  readonly actions: Readonly<Record<string, number>>;
}

const MINUTE_MS = 60_000;
const START_MS = Date.UTC(2025, 9, 1);

/** Deterministic pseudo-random numbers (a benchmark must not depend on Math.random). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const price = (x: number) => new Decimal(x.toPrecision(8));

function market(k: number, px: number): MarketRules {
  const step = px > 1000 ? '0.00001' : px > 10 ? '0.001' : '1';
  return {
    symbol: `S${k}/USDT`,
    base: `S${k}`,
    quote: 'USDT',
    marketType: 'futures',
    amountStep: new Decimal(step),
    priceTick: new Decimal(px > 1000 ? '0.01' : px > 10 ? '0.001' : '0.00001'),
    minQty: new Decimal(step),
    minNotional: new Decimal(5),
    makerFeeRate: new Decimal('0.0002'),
    takerFeeRate: new Decimal('0.0005'),
  };
}

function openPosition(id: number, symbol: string, px: number, rand: () => number, atMs: number, m: MarketRules): ManagedPosition {
  const long = rand() < 0.6;
  const stopPct = 0.01 + 0.03 * rand();
  const entry = price(px);
  const initialStop = price(px * (long ? 1 - stopPct : 1 + stopPct));
  const qty = new Decimal(((1000 + 9000 * rand()) / px).toPrecision(6)).toNearest(m.amountStep, Decimal.ROUND_DOWN);
  return {
    id,
    symbol,
    side: long ? 'long' : 'short',
    entryPriceQuote: entry,
    initialStopPriceQuote: initialStop,
    stopPriceQuote: initialStop,
    targetPricesQuote: [],
    qtyBase: qty.isZero() ? m.amountStep.mul(1000) : qty,
    initialQtyBase: qty.isZero() ? m.amountStep.mul(1000) : qty,
    openedAt: new Date(atMs),
    trailingActive: false,
    trailingStopPriceQuote: null,
    bestPriceQuote: entry,
    scaleOutsDone: 0,
    realisedPnlUsd: ZERO,
    feesUsd: ZERO,
    feeRate: m.takerFeeRate,
    healthScore: null,
  };
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs the benchmark and returns its figures (also printed when the file is executed). */
export function runPositionRulesBench(options: { positions?: number; symbols?: number; ticks?: number; warmup?: number } = {}): PositionRulesBenchResult {
  const nPositions = options.positions ?? 10_000;
  const nSymbols = options.symbols ?? 100;
  const nTicks = options.ticks ?? 200;
  const warmup = options.warmup ?? 30;
  const rand = lcg(7);
  const prices = Array.from({ length: nSymbols }, () => 10 ** (-1 + 5 * rand()));
  const markets = prices.map((px, k) => market(k, px));
  // Slot i always holds a position on symbol i % nSymbols; a closed position is replaced in its slot.
  let positions = Array.from({ length: nPositions }, (_, i) => openPosition(i, markets[i % nSymbols]!.symbol, prices[i % nSymbols]!, rand, START_MS, markets[i % nSymbols]!));
  let nextId = nPositions;
  const rules = defaultPositionRules;
  const samples = new Float64Array(nTicks);
  const cpuSamples = new Float64Array(nTicks);
  const actions: Record<string, number> = {};

  for (let t = 0; t < warmup + nTicks; t++) {
    // Market data of this tick: one-minute bars of a random walk, about 0.15 % per minute (roughly
    // 1.2 % per hour, a busy crypto day), with wicks.
    const now = new Date(START_MS + (t + 1) * MINUTE_MS);
    const ticks: PositionTick[] = prices.map((px, k) => {
      const close = px * Math.exp(0.0015 * (rand() - 0.5) * 3.46);
      const high = Math.max(px, close) * (1 + 0.0005 * rand());
      const low = Math.min(px, close) * (1 - 0.0005 * rand());
      prices[k] = close;
      const atr = close * 0.0015 * (0.8 + 0.6 * rand());
      return { markPriceQuote: price(close), highPriceQuote: price(high), lowPriceQuote: price(low), atrQuote: price(atr), baselineAtrQuote: price(close * 0.0015), now };
    });

    const results = new Array<ReturnType<typeof evaluatePosition>>(positions.length);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < positions.length; i++) {
      const k = i % nSymbols;
      results[i] = evaluatePosition(positions[i]!, ticks[k]!, rules, markets[k]!);
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(c0);
    if (t >= warmup) {
      samples[t - warmup] = ms;
      cpuSamples[t - warmup] = (cpu.user + cpu.system) / 1000;
    }

    // Bookkeeping outside the timed region: fill every exit at its price, reopen closed positions.
    positions = results.map((r, i) => {
      let p = r.next;
      for (const a of r.actions) {
        if (t >= warmup) actions[a.kind] = (actions[a.kind] ?? 0) + 1;
        if (a.kind === 'SCALE_OUT' || a.kind === 'CLOSE') p = applyExitFill(p, { qtyBase: a.qtyBase, priceQuote: a.priceQuote, feeUsd: ZERO });
      }
      if (p.qtyBase.isZero()) {
        const k = i % nSymbols;
        p = openPosition(nextId++, markets[k]!.symbol, prices[k]!, rand, now.getTime(), markets[k]!);
      }
      return p;
    });
  }
  const mean = samples.reduce((s, x) => s + x, 0) / nTicks;
  samples.sort();
  cpuSamples.sort();
  return {
    positions: nPositions,
    symbols: nSymbols,
    ticks: nTicks,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    maxMs: samples[samples.length - 1]!,
    meanMs: mean,
    perPositionUs: (mean * 1000) / nPositions,
    cpuP50Ms: percentile(cpuSamples, 0.5),
    cpuP99Ms: percentile(cpuSamples, 0.99),
    actions,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = runPositionRulesBench();
  const f = (x: number) => x.toFixed(2);
  console.log(
    `position rules: ${r.positions.toLocaleString('en-US')} open positions over ${r.symbols} symbols, ${r.ticks} ticks: ` +
      `p50 ${f(r.p50Ms)} ms, p99 ${f(r.p99Ms)} ms, max ${f(r.maxMs)} ms per tick (mean ${f(r.meanMs)} ms, ${f(r.perPositionUs)} µs per position); ` +
      `CPU time p50 ${f(r.cpuP50Ms)} ms, p99 ${f(r.cpuP99Ms)} ms; ` +
      `actions ${JSON.stringify(r.actions)}`,
  );
}
