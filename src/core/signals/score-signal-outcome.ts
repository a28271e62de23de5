import type { Candle } from '../ports.js';
import { type Decimal, ZERO } from '../money.js';
import type { PositionSide } from '../risk/trade-intent.js';

/** The levels of a trade to score; StrategySignal and SignalPrices-with-side both fit. */
export interface ScoredTrade {
  readonly side: PositionSide;
  readonly entryPriceQuote: Decimal;
  readonly stopPriceQuote: Decimal;
  readonly targetPricesQuote: readonly Decimal[];
}

export interface SignalOutcome {
  /**
   * True when price reached entry + 1R before the stop, false when the stop came first (a candle
   * touching both counts as the stop: "stop-first"), null when neither happened within the window.
   */
  readonly reachedOneRFirst: boolean | null;
  /** Result in R (multiples of the entry-to-stop distance), before fees and slippage. */
  readonly realisedR: Decimal;
  /** STOP: the rest was stopped; TARGETS: every target filled; TIME: closed at the window's last close. */
  readonly exit: 'STOP' | 'TARGETS' | 'TIME';
  /** Candles from entry to exit (1 is the candle after the trigger). */
  readonly barsHeld: number;
}

/**
 * Scores a trade over the candles after its trigger candle (oldest first; pass at most the holding
 * window): equal parts of the position exit at each target, the rest at the original stop (no
 * trailing, no break-even move), and whatever is left at the last candle's close. Within a candle
 * the stop is checked before targets, the pessimistic reading of a candle that touched both.
 * A stop that gaps is filled at the stop price (optimistic for gaps; hourly crypto rarely gaps).
 * Returns realisedR 0 and reachedOneRFirst null for an empty window. Throws RangeError for a trade
 * without targets or with the stop at the entry: no strategy or parser produces one.
 */
export function scoreSignalOutcome(trade: ScoredTrade, later: readonly Candle[]): SignalOutcome {
  const isLong = trade.side === 'long';
  const entry = trade.entryPriceQuote;
  const risk = entry.minus(trade.stopPriceQuote).abs();
  if (risk.isZero() || trade.targetPricesQuote.length === 0) throw new RangeError('A scored trade needs a stop away from the entry and a target');
  const toR = (price: Decimal) => (isLong ? price.minus(entry) : entry.minus(price)).div(risk);
  const oneR = isLong ? entry.plus(risk) : entry.minus(risk);
  const touchesAdverse = (c: Candle, level: Decimal) => (isLong ? c.low.lte(level) : c.high.gte(level));
  const touchesFavourable = (c: Candle, level: Decimal) => (isLong ? c.high.gte(level) : c.low.lte(level));

  const parts = trade.targetPricesQuote.length;
  // Sum the R of each equal part and divide once at the end, so thirds add up exactly.
  const result = (sumR: Decimal) => sumR.div(parts);
  let remaining = parts;
  let sumR = ZERO;
  let reachedOneRFirst: boolean | null = null;
  for (const [k, candle] of later.entries()) {
    if (touchesAdverse(candle, trade.stopPriceQuote)) {
      reachedOneRFirst ??= false;
      sumR = sumR.plus(toR(trade.stopPriceQuote).mul(remaining));
      return { reachedOneRFirst, realisedR: result(sumR), exit: 'STOP', barsHeld: k + 1 };
    }
    if (reachedOneRFirst === null && touchesFavourable(candle, oneR)) reachedOneRFirst = true;
    while (remaining > 0) {
      const target = trade.targetPricesQuote[parts - remaining]!;
      if (!touchesFavourable(candle, target)) break;
      sumR = sumR.plus(toR(target));
      remaining--;
    }
    if (remaining === 0) return { reachedOneRFirst, realisedR: result(sumR), exit: 'TARGETS', barsHeld: k + 1 };
  }
  const lastCandle = later[later.length - 1];
  if (lastCandle) sumR = sumR.plus(toR(lastCandle.close).mul(remaining));
  return { reachedOneRFirst, realisedR: result(sumR), exit: 'TIME', barsHeld: later.length };
}
