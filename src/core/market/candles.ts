import type { Candle } from '../ports.js';
import { Decimal, ONE, ZERO, maxDec, minDec } from '../money.js';

/**
 * Pure helpers over candle arrays: timeframes, true range / ATR, returns, realised volatility,
 * aggregation, and the deterministic price path the replay feed assumes inside one candle.
 * Candles are always oldest first. Nothing here reads a clock or a file.
 */

const MINUTE_MS = 60_000;
const WEEK_MS = 7 * 24 * 60 * MINUTE_MS;
/** 1970-01-01 was a Thursday: weekly candles (Binance) open on Monday 00:00 UTC, four days later. */
const MONDAY_OFFSET_MS = 4 * 24 * 60 * MINUTE_MS;

const unitMs: Readonly<Record<string, number>> = { m: MINUTE_MS, h: 60 * MINUTE_MS, d: 24 * 60 * MINUTE_MS, w: WEEK_MS };

/**
 * Length of a timeframe in milliseconds: "5m" -> 300000. Supports minutes, hours, days and weeks
 * ("1M" months are not fixed-length and are refused). Throws on anything else: a bad timeframe is a bug.
 */
export function timeframeToMs(timeframe: string): number {
  const match = /^(\d+)([mhdw])$/.exec(timeframe);
  const unit = match ? unitMs[match[2]!] : undefined;
  const count = match ? Number(match[1]) : 0;
  if (unit === undefined || count <= 0) throw new Error(`Unsupported timeframe: ${timeframe}`);
  return count * unit;
}

/**
 * Open time (ms) of the timeframe bucket holding `atMs`. Buckets are aligned to the Unix epoch,
 * except whole weeks, which open on Monday 00:00 UTC as on Binance.
 */
export function bucketStartMs(atMs: number, timeframeMs: number): number {
  const offset = timeframeMs % WEEK_MS === 0 ? MONDAY_OFFSET_MS : 0;
  return Math.floor((atMs - offset) / timeframeMs) * timeframeMs + offset;
}

/**
 * True range of each candle, in quote units: max(high - low, |high - prevClose|, |low - prevClose|).
 * The first candle has no previous close, so its true range is high - low.
 */
export function computeTrueRanges(candles: readonly Candle[]): Decimal[] {
  return candles.map((c, i) => {
    const range = c.high.minus(c.low);
    const prev = i > 0 ? candles[i - 1] : undefined;
    if (!prev) return range;
    return maxDec(range, maxDec(c.high.minus(prev.close).abs(), c.low.minus(prev.close).abs()));
  });
}

/**
 * Wilder's average true range over `period` candles, in quote units, at the last candle.
 * Seeded with the simple mean of the first `period` true ranges, then smoothed:
 * atr = (prevAtr * (period - 1) + tr) / period. Returns null with fewer than `period` candles.
 */
export function computeWilderAtr(candles: readonly Candle[], period: number): Decimal | null {
  if (!Number.isInteger(period) || period <= 0) throw new Error(`ATR period must be a positive integer: ${period}`);
  if (candles.length < period) return null;
  const ranges = computeTrueRanges(candles);
  let atr = ranges.slice(0, period).reduce((sum, tr) => sum.plus(tr), ZERO).div(period);
  for (let i = period; i < ranges.length; i++) atr = atr.mul(period - 1).plus(ranges[i]!).div(period);
  return atr;
}

/** Close-to-close simple returns as ratios (0.01 is +1 %): one fewer than the candles. */
export function computeSimpleReturns(candles: readonly Candle[]): Decimal[] {
  const out: Decimal[] = [];
  for (let i = 1; i < candles.length; i++) out.push(candles[i]!.close.div(candles[i - 1]!.close).minus(ONE));
  return out;
}

/** Close-to-close natural log returns: ln(close_i / close_{i-1}); one fewer than the candles. */
export function computeLogReturns(candles: readonly Candle[]): Decimal[] {
  const out: Decimal[] = [];
  for (let i = 1; i < candles.length; i++) out.push(candles[i]!.close.div(candles[i - 1]!.close).ln());
  return out;
}

/**
 * Realised volatility per candle: the sample standard deviation (n - 1) of close-to-close log
 * returns, as a ratio (0.01 is 1 % per candle, not annualised: multiply by sqrt(candles per year)).
 * Returns null with fewer than three candles (two returns).
 */
export function computeRealisedVolatility(candles: readonly Candle[]): Decimal | null {
  const returns = computeLogReturns(candles);
  if (returns.length < 2) return null;
  const mean = returns.reduce((sum, r) => sum.plus(r), ZERO).div(returns.length);
  const squares = returns.reduce((sum, r) => sum.plus(r.minus(mean).pow(2)), ZERO);
  return squares.div(returns.length - 1).sqrt();
}

/**
 * Merges candles into a larger timeframe: first open, highest high, lowest low, last close,
 * summed volume per bucket (see bucketStartMs). Buckets with no source candle are absent
 * (exchange outages are not filled). The last bucket may be incomplete: the caller decides
 * whether it is closed.
 */
export function aggregateCandles(candles: readonly Candle[], timeframe: string): Candle[] {
  const tfMs = timeframeToMs(timeframe);
  const out: Candle[] = [];
  let current: { openAt: Date; open: Decimal; high: Decimal; low: Decimal; close: Decimal; volume: Decimal } | null = null;
  for (const c of candles) {
    const start = bucketStartMs(c.openAt.getTime(), tfMs);
    if (current && current.openAt.getTime() === start) {
      current.high = maxDec(current.high, c.high);
      current.low = minDec(current.low, c.low);
      current.close = c.close;
      current.volume = current.volume.plus(c.volume);
    } else {
      if (current) out.push(Object.freeze(current));
      current = { openAt: new Date(start), open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
    }
  }
  if (current) out.push(Object.freeze(current));
  return out;
}

/** One vertex of the assumed intra-candle path: `fraction` of the candle's duration (0..1) and the price. */
export interface PricePathPoint {
  readonly fraction: Decimal;
  readonly price: Decimal;
}

/** Path vertices in order; they sit at fractions 0, 1/3, 2/3 and 1 of the candle. */
function pathPrices(c: Candle): readonly [Decimal, Decimal, Decimal, Decimal] {
  // A rising candle most plausibly dipped first and rallied into the close; a falling one the reverse.
  // Deterministic on purpose: the same candle always gives the same fills.
  return c.close.gte(c.open) ? [c.open, c.low, c.high, c.close] : [c.open, c.high, c.low, c.close];
}

/**
 * The deterministic price path assumed inside a candle: open -> low -> high -> close for a bullish
 * (or flat) candle, open -> high -> low -> close for a bearish one, each leg taking a third of the
 * candle's duration. Used to interpolate a price at an instant and to decide limit-order touches.
 */
export function pricePathWithinCandle(c: Candle): readonly PricePathPoint[] {
  return pathPrices(c).map((price, k) => ({ fraction: new Decimal(k).div(3), price }));
}

/**
 * Price at `fraction` (0..1, clamped) of the candle's duration, linear along pricePathWithinCandle.
 * fraction 0 is the open, 1 the close.
 */
export function priceWithinCandle(c: Candle, fraction: Decimal): Decimal {
  const points = pathPrices(c);
  const scaled = Decimal.min(Decimal.max(fraction, ZERO), ONE).mul(3);
  const leg = Math.min(scaled.floor().toNumber(), 2);
  const from = points[leg]!;
  const to = points[leg + 1]!;
  return from.plus(to.minus(from).mul(scaled.minus(leg)));
}

/**
 * The assumed path between fractions `from` and `to` (0 <= from < to <= 1) of a candle, as vertices
 * whose fractions are rescaled to the stretch: 0 at `from`, 1 at `to`. The ends are interpolated;
 * the candle's own vertices strictly inside the stretch are kept. Throws on an empty stretch.
 */
export function subPathWithinCandle(c: Candle, from: Decimal, to: Decimal): PricePathPoint[] {
  if (!(from.gte(0) && to.lte(1) && from.lt(to))) throw new RangeError(`Invalid candle stretch ${from.toString()}..${to.toString()}`);
  const length = to.minus(from);
  const points: PricePathPoint[] = [{ fraction: ZERO, price: priceWithinCandle(c, from) }];
  const vertices = pathPrices(c);
  for (const k of [1, 2]) {
    const at = new Decimal(k).div(3);
    if (from.mul(3).lt(k) && to.mul(3).gt(k)) points.push({ fraction: at.minus(from).div(length), price: vertices[k]! });
  }
  points.push({ fraction: ONE, price: priceWithinCandle(c, to) });
  return points;
}

/** Open, extremes and close of a price path. */
export interface PathRange {
  readonly open: Decimal;
  readonly low: Decimal;
  readonly high: Decimal;
  readonly close: Decimal;
}

/** First, lowest, highest and last price of a non-empty path. */
export function summarisePath(points: readonly PricePathPoint[]): PathRange {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) throw new RangeError('Empty price path');
  let low = first.price;
  let high = first.price;
  for (const p of points) {
    low = minDec(low, p.price);
    high = maxDec(high, p.price);
  }
  return { open: first.price, low, high, close: last.price };
}

/**
 * Share of a path's duration (0..1) spent at or below `level` (side 'below') or at or above it
 * ('above'), the path being linear between its vertices. A level met at a single instant counts
 * for nothing; a flat stretch exactly at the level counts in full.
 */
export function shareOfPathBeyond(points: readonly PricePathPoint[], level: Decimal, side: 'below' | 'above'): Decimal {
  let share = ZERO;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const span = b.fraction.minus(a.fraction);
    const lo = minDec(a.price, b.price);
    const hi = maxDec(a.price, b.price);
    const inside = side === 'below' ? hi.lte(level) : lo.gte(level);
    const outside = side === 'below' ? lo.gt(level) : hi.lt(level);
    if (inside) share = share.plus(span);
    else if (!outside) share = share.plus(span.mul(side === 'below' ? level.minus(lo) : hi.minus(level)).div(hi.minus(lo)));
  }
  return share;
}
