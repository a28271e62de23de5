/**
 * Latency of the position rules alone: 10,000 open positions over 100 symbols, each evaluated with
 * evaluatePosition (trailing stop, scale-out ladder, time exits, health score) against its
 * symbol's one-minute bar. Prices follow a deterministic random walk; exits are filled and closed
 * positions reopened between ticks, outside the timed region, so the book stays at 10,000. No I/O.
 * The whole tick's evaluations are kept until the bookkeeping, as a monitor that batches its writes
 * would keep them, so the young generation of the garbage collector copies them when it runs
 * mid-tick: an evaluation is one small object (its `next` and `health` are built when read), which
 * keeps that copy short (compare a run with `node --max-semi-space-size=64 --import tsx
 * bench/position-rules.bench.ts`, where the young generation rarely runs). The positions and
 * markets are drawn as in position-monitor.bench.ts (bench/support/position-fixture.ts).
 * Run: npx tsx bench/position-rules.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { ZERO } from '../src/core/money.js';
import type { MarketRules } from '../src/core/ports.js';
import { applyExitFill } from '../src/core/positions/apply-exit-fill.js';
import { defaultPositionRules } from '../src/core/positions/build-position-rules.js';
import { evaluatePosition } from '../src/core/positions/evaluate-position.js';
import type { ManagedPosition } from '../src/core/positions/managed-position.js';
import type { PositionTick } from '../src/core/positions/position-tick.js';
import { benchMarket, drawPosition, drawSymbolPrices, lcg, price, START_MS, TickTimer, type TickLatency } from './support/position-fixture.js';

/** Figures of one run; latencies in milliseconds per tick (all positions). */
export interface PositionRulesBenchResult extends TickLatency {
  readonly positions: number;
  readonly symbols: number;
  readonly ticks: number;
  /** Mean microseconds per position evaluation. */
  readonly perPositionUs: number;
  /** Actions emitted over the timed ticks, by kind. */
  readonly actions: Readonly<Record<string, number>>;
}

const MINUTE_MS = 60_000;

function openPosition(id: number, px: number, rand: () => number, atMs: number, m: MarketRules): ManagedPosition {
  const d = drawPosition(rand, px, m);
  return {
    id,
    symbol: m.symbol,
    side: d.side,
    entryPriceQuote: d.entry,
    initialStopPriceQuote: d.stop,
    stopPriceQuote: d.stop,
    targetPricesQuote: [],
    qtyBase: d.qty,
    initialQtyBase: d.qty,
    openedAt: new Date(atMs),
    trailingActive: false,
    trailingStopPriceQuote: null,
    bestPriceQuote: d.entry,
    scaleOutsDone: 0,
    realisedPnlUsd: ZERO,
    feesUsd: ZERO,
    feeRate: m.takerFeeRate,
    healthScore: null,
  };
}

/** Runs the benchmark and returns its figures (also printed when the file is executed). */
export function runPositionRulesBench(options: { positions?: number; symbols?: number; ticks?: number; warmup?: number } = {}): PositionRulesBenchResult {
  const nPositions = options.positions ?? 10_000;
  const nSymbols = options.symbols ?? 100;
  const nTicks = options.ticks ?? 200;
  // Long enough for every path the timed ticks take (stop hits, scale-outs, trailing moves, health
  // alerts) to have run and been optimised: a first one inside the timing would be a deoptimisation.
  const warmup = options.warmup ?? 100;
  const rand = lcg(7);
  const prices = drawSymbolPrices(nSymbols, rand);
  const markets = prices.map((px, k) => benchMarket(k, px, { marketType: 'futures', makerFeeRate: '0.0002', takerFeeRate: '0.0005' }));
  // Slot i always holds a position on symbol i % nSymbols; a closed position is replaced in its slot.
  let positions = Array.from({ length: nPositions }, (_, i) => openPosition(i, prices[i % nSymbols]!, rand, START_MS, markets[i % nSymbols]!));
  let nextId = nPositions;
  const rules = defaultPositionRules;
  const timer = new TickTimer(nTicks);
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
    timer.start();
    for (let i = 0; i < positions.length; i++) {
      const k = i % nSymbols;
      results[i] = evaluatePosition(positions[i]!, ticks[k]!, rules, markets[k]!);
    }
    timer.stop(t >= warmup);

    // Bookkeeping outside the timed region: fill every exit at its price, reopen closed positions.
    positions = results.map((r, i) => {
      let p = r.next;
      for (const a of r.actions) {
        if (t >= warmup) actions[a.kind] = (actions[a.kind] ?? 0) + 1;
        if (a.kind === 'SCALE_OUT' || a.kind === 'CLOSE') p = applyExitFill(p, { qtyBase: a.qtyBase, priceQuote: a.priceQuote, feeUsd: ZERO });
      }
      if (p.qtyBase.isZero()) {
        const k = i % nSymbols;
        p = openPosition(nextId++, prices[k]!, rand, now.getTime(), markets[k]!);
      }
      return p;
    });
  }
  const latency = timer.summary();
  return { positions: nPositions, symbols: nSymbols, ticks: nTicks, ...latency, perPositionUs: (latency.meanMs * 1000) / nPositions, actions };
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
