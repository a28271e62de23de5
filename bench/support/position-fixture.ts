/**
 * What the two position benchmarks (position-rules: evaluatePosition alone; position-monitor: the
 * whole monitor tick) share: deterministic random numbers, a book of markets over five orders of
 * magnitude of price, positions drawn the same way (60 % long, initial stop 1–4 % away, $1,000–
 * $10,000 notional), and the latency summary they print. One copy, so both measure the same book.
 */
import { Decimal } from '../../src/core/money.js';
import type { MarketRules } from '../../src/core/ports.js';
import type { PositionSide } from '../../src/core/risk/trade-intent.js';

/** Midnight UTC, 1 October 2025: the benchmarks' clock starts near it. */
export const START_MS = Date.UTC(2025, 9, 1);

/** Deterministic pseudo-random numbers in [0, 1) (a benchmark must not depend on Math.random). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A price as an exchange would quote it: eight significant digits. */
export const price = (x: number): Decimal => new Decimal(x.toPrecision(8));

/** Starting prices of `n` markets, log-uniform from 0.1 to 10,000 (from a penny coin to BTC). */
export function drawSymbolPrices(n: number, rand: () => number): number[] {
  return Array.from({ length: n }, () => 10 ** (-1 + 5 * rand()));
}

/** Market `S<k>/USDT` priced about `px`: amount step and price tick as the venues use at that price. */
export function benchMarket(k: number, px: number, o: { marketType: 'spot' | 'futures'; makerFeeRate: string; takerFeeRate: string }): MarketRules {
  const step = px > 1000 ? '0.00001' : px > 10 ? '0.001' : '1';
  return {
    symbol: `S${k}/USDT`,
    base: `S${k}`,
    quote: 'USDT',
    marketType: o.marketType,
    amountStep: new Decimal(step),
    priceTick: new Decimal(px > 1000 ? '0.01' : px > 10 ? '0.001' : '0.00001'),
    minQty: new Decimal(step),
    minNotional: new Decimal(5),
    makerFeeRate: new Decimal(o.makerFeeRate),
    takerFeeRate: new Decimal(o.takerFeeRate),
  };
}

/** The trade of a new position, before either benchmark stores it its own way. */
export interface DrawnPosition {
  readonly side: PositionSide;
  readonly entry: Decimal;
  readonly stop: Decimal;
  readonly qty: Decimal;
}

/** A position entered at `px` on `m`: 60 % long, stop 1–4 % away, $1,000–$10,000 worth (at least 1,000 steps). */
export function drawPosition(rand: () => number, px: number, m: MarketRules): DrawnPosition {
  const long = rand() < 0.6;
  const stopPct = 0.01 + 0.03 * rand();
  const qty = new Decimal(((1000 + 9000 * rand()) / px).toPrecision(6)).toNearest(m.amountStep, Decimal.ROUND_DOWN);
  return {
    side: long ? 'long' : 'short',
    entry: price(px),
    stop: price(px * (long ? 1 - stopPct : 1 + stopPct)),
    qty: qty.isZero() ? m.amountStep.mul(1000) : qty,
  };
}

/** Latency figures of the timed ticks, milliseconds per tick (all positions). */
export interface TickLatency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /**
   * CPU time (user + system, all threads, so GC included) per tick: less sensitive than wall time
   * to other processes competing for the cores.
   */
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
}

/** Collects wall and CPU time per timed tick. */
export class TickTimer {
  readonly #wall: Float64Array;
  readonly #cpu: Float64Array;
  #n = 0;
  #cpu0: NodeJS.CpuUsage = process.cpuUsage();
  #t0 = 0n;

  constructor(ticks: number) {
    this.#wall = new Float64Array(ticks);
    this.#cpu = new Float64Array(ticks);
  }

  start(): void {
    this.#cpu0 = process.cpuUsage();
    this.#t0 = process.hrtime.bigint();
  }

  /** Ends the tick started last; records it when `timed` (warm-up ticks are not). */
  stop(timed: boolean): void {
    const ms = Number(process.hrtime.bigint() - this.#t0) / 1e6;
    const cpu = process.cpuUsage(this.#cpu0);
    if (!timed) return;
    this.#wall[this.#n] = ms;
    this.#cpu[this.#n] = (cpu.user + cpu.system) / 1000;
    this.#n++;
  }

  summary(): TickLatency {
    const wall = this.#wall.slice(0, this.#n);
    const cpu = this.#cpu.slice(0, this.#n);
    const mean = wall.reduce((s, x) => s + x, 0) / wall.length;
    wall.sort();
    cpu.sort();
    return {
      p50Ms: percentile(wall, 0.5),
      p99Ms: percentile(wall, 0.99),
      maxMs: wall[wall.length - 1]!,
      meanMs: mean,
      cpuP50Ms: percentile(cpu, 0.5),
      cpuP99Ms: percentile(cpu, 0.99),
    };
  }
}

/** The q-quantile of sorted samples (nearest rank below: p99 of 150 ticks is the second largest). */
function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
