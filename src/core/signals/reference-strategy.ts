import type { Candle } from '../ports.js';
import { Decimal, ONE, ZERO, maxDec, minDec } from '../money.js';
import { computeWilderAtr } from '../market/candles.js';
import type { PositionSide } from '../risk/trade-intent.js';

/** A trade proposed by a strategy from closed candles. Prices in quote units. */
export interface StrategySignal {
  readonly side: PositionSide;
  /** Open time of the candle whose close triggered the signal (the signal exists from its close on). */
  readonly candleOpenAt: Date;
  /** The trigger candle's close: where a market entry right after it is expected to fill. */
  readonly entryPriceQuote: Decimal;
  /** entry -/+ stopAtr * ATR: below the entry for a long, above it for a short. */
  readonly stopPriceQuote: Decimal;
  /** One target per `targetsR` multiple of the entry-to-stop distance, nearest first. */
  readonly targetPricesQuote: readonly Decimal[];
  /** Ratio 0.5..0.95 from the trend's efficiency ratio (see evaluateReferenceStrategy). */
  readonly confidence: Decimal;
  /** Why it fired, for the journal: BREAKOUT_LONG or BREAKOUT_SHORT. */
  readonly reason: 'BREAKOUT_LONG' | 'BREAKOUT_SHORT';
  /** Indicator values at the trigger candle. */
  readonly atrQuote: Decimal;
  readonly trendMaQuote: Decimal;
  /** Kaufman efficiency ratio over `trendBars`, 0..1 (1: a straight line). */
  readonly efficiency: Decimal;
}

/** Parameters; lengths count candles of whatever timeframe is passed. */
export interface ReferenceStrategyParams {
  /** Breakout channel: the close must clear the high (low) of this many preceding candles. */
  readonly channelBars: number;
  /** Simple moving average of closes that defines the trend, and the efficiency-ratio window. */
  readonly trendBars: number;
  /** The moving average must have risen (fallen) over this many candles. */
  readonly slopeBars: number;
  readonly atrPeriod: number;
  /** Stop distance in ATRs. */
  readonly stopAtr: Decimal;
  /** Targets as multiples of the stop distance (R), ascending; the first sets the signal's R:R. */
  readonly targetsR: readonly Decimal[];
  /** No signal below this efficiency ratio (a choppy market); it maps to confidence 0.5. */
  readonly minEfficiency: Decimal;
  /** Efficiency ratio that maps to the top confidence, 0.95. */
  readonly fullEfficiency: Decimal;
  /** Shorts need a futures wallet; spot users may turn them off. */
  readonly allowShorts: boolean;
}

/**
 * Defaults for hourly candles, chosen on Binance 1h data of BTC, ETH, SOL, BNB, XRP, ADA and DOGE
 * before 2024-01-01 only: a coarse grid (channel 24/48/96 candles, stop 1.5/2/3 ATR, first target
 * 1.5/2 R, shorts on/off), then the efficiency filter 0/0.1/0.15/0.2 at channel 72 and stop 2.5 ATR;
 * middle settings were kept rather than the best corner of the grid. Data from 2024 on was not
 * looked at while choosing them: it is the out-of-sample period of bench/strategy-report.ts.
 */
export const defaultReferenceStrategyParams: ReferenceStrategyParams = Object.freeze({
  channelBars: 72,
  trendBars: 200,
  slopeBars: 24,
  atrPeriod: 14,
  stopAtr: new Decimal('2.5'),
  targetsR: Object.freeze([new Decimal(2), new Decimal(3), new Decimal(4)]),
  minEfficiency: new Decimal('0.1'),
  fullEfficiency: new Decimal('0.4'),
  allowShorts: true,
});

const MIN_CONFIDENCE = new Decimal('0.5');
const CONFIDENCE_SPAN = new Decimal('0.45');
// Wilder's ATR is seeded from this many periods of candles, so the answer does not depend on how much history is passed.
const ATR_SEED_PERIODS = 5;

/** How many trailing candles evaluateReferenceStrategy reads; fewer gives null, more are ignored. */
export function referenceStrategyLookback(p: ReferenceStrategyParams): number {
  return Math.max(p.channelBars + 2, p.trendBars + p.slopeBars, p.trendBars + 1, p.atrPeriod * ATR_SEED_PERIODS);
}

/**
 * The reference trend-breakout strategy, evaluated at the last candle (which must be closed):
 *
 * - Long when the close is above the highest high of the `channelBars` candles before it, the
 *   previous close was not already above its own channel (a fresh breakout, not every candle of a
 *   run), the close is above the `trendBars` simple moving average of closes, and that average is
 *   higher than `slopeBars` candles ago. Short is the mirror image (when `allowShorts`).
 * - The trend must be orderly: Kaufman's efficiency ratio |close - close[trendBars ago]| / sum of
 *   |close-to-close moves| over `trendBars` is at least `minEfficiency`.
 * - Entry is the close; stop = entry -/+ stopAtr * ATR (Wilder, `atrPeriod`, seeded over the last
 *   5 periods); targets at `targetsR` multiples of that distance: 2R / 3R / 4R by default, so every
 *   signal has R:R >= 2 to its first target before fees.
 * - Confidence = 0.5 + 0.45 * clamp((efficiency - minEfficiency) / (fullEfficiency - minEfficiency), 0, 1),
 *   rounded down to 2 decimals: in the pre-2024 data, higher efficiency came with better outcomes.
 *
 * Default parameters were chosen on data before 2024-01-01 only (see defaultReferenceStrategyParams).
 * Pure and free of look-ahead: reads only the last referenceStrategyLookback(params) candles given
 * (oldest first), no clock. Returns null when there is no signal or too little history, and never
 * a signal whose stop or targets would be at or below zero. Gaps in the candles are not filled.
 */
export function evaluateReferenceStrategy(
  candles: readonly Candle[],
  params: ReferenceStrategyParams = defaultReferenceStrategyParams,
): StrategySignal | null {
  const lookback = referenceStrategyLookback(params);
  if (candles.length < lookback) return null;
  const w = candles.length === lookback ? candles : candles.slice(candles.length - lookback);
  const i = w.length - 1;
  const last = w[i]!;
  const close = last.close;
  const N = params.channelBars;

  // Cheap comparisons first: on most candles nothing breaks out and nothing else is computed.
  const channel = channelAt(w, i, N);
  const side: PositionSide | null = close.gt(channel.high) ? 'long' : params.allowShorts && close.lt(channel.low) ? 'short' : null;
  if (side === null) return null;
  const isLong = side === 'long';
  const previous = channelAt(w, i - 1, N);
  const previousClose = w[i - 1]!.close;
  if (isLong ? previousClose.gt(previous.high) : previousClose.lt(previous.low)) return null;

  const ma = meanClose(w, i, params.trendBars);
  const maBefore = meanClose(w, i - params.slopeBars, params.trendBars);
  if (isLong ? !(close.gt(ma) && ma.gt(maBefore)) : !(close.lt(ma) && ma.lt(maBefore))) return null;

  const efficiency = efficiencyRatio(w, i, params.trendBars);
  if (efficiency.lt(params.minEfficiency)) return null;

  const atr = computeWilderAtr(w.slice(w.length - params.atrPeriod * ATR_SEED_PERIODS), params.atrPeriod);
  if (atr === null || !atr.gt(0)) return null;
  const risk = atr.mul(params.stopAtr);
  const direction = isLong ? ONE : ONE.neg();
  const stop = close.minus(risk.mul(direction));
  const targets = params.targetsR.map((r) => close.plus(risk.mul(r).mul(direction)));
  if (!stop.gt(0) || targets.some((t) => !t.gt(0))) return null;

  const span = params.fullEfficiency.minus(params.minEfficiency);
  const strength = span.gt(0) ? minDec(ONE, maxDec(ZERO, efficiency.minus(params.minEfficiency).div(span))) : ONE;
  return {
    side,
    candleOpenAt: last.openAt,
    entryPriceQuote: close,
    stopPriceQuote: stop,
    targetPricesQuote: targets,
    confidence: MIN_CONFIDENCE.plus(CONFIDENCE_SPAN.mul(strength)).toDecimalPlaces(2, Decimal.ROUND_DOWN),
    reason: isLong ? 'BREAKOUT_LONG' : 'BREAKOUT_SHORT',
    atrQuote: atr,
    trendMaQuote: ma,
    efficiency,
  };
}

/** Highest high and lowest low of the `bars` candles before index `i`. */
function channelAt(w: readonly Candle[], i: number, bars: number): { high: Decimal; low: Decimal } {
  let high = w[i - bars]!.high;
  let low = w[i - bars]!.low;
  for (let j = i - bars + 1; j < i; j++) {
    const c = w[j]!;
    if (c.high.gt(high)) high = c.high;
    if (c.low.lt(low)) low = c.low;
  }
  return { high, low };
}

/** Simple mean of the `bars` closes ending at index `i`. */
function meanClose(w: readonly Candle[], i: number, bars: number): Decimal {
  let sum = ZERO;
  for (let j = i - bars + 1; j <= i; j++) sum = sum.plus(w[j]!.close);
  return sum.div(bars);
}

/** Net move over total path of the closes across `bars` candles ending at `i`; 0 on a flat path. */
function efficiencyRatio(w: readonly Candle[], i: number, bars: number): Decimal {
  let path = ZERO;
  for (let j = i - bars + 1; j <= i; j++) path = path.plus(w[j]!.close.minus(w[j - 1]!.close).abs());
  return path.isZero() ? ZERO : w[i]!.close.minus(w[i - bars]!.close).abs().div(path);
}
