import { computeLogReturns, computeRealisedVolatility } from '../../market/candles.js';
import { Decimal, HUNDRED } from '../../money.js';
import type { Candle } from '../../ports.js';
import type { Anomaly } from './anomaly.js';

export interface PriceShockSettings {
  /** Candles before the last one that set the normal volatility. */
  readonly lookback: number;
  /** A last move above this multiple of the normal per-candle volatility is a shock… */
  readonly multiple: number;
  /** …and at least this large, percent, so a dead-calm market does not call every tick a shock. */
  readonly minMovePct: Decimal;
}

export const defaultPriceShockSettings: PriceShockSettings = Object.freeze({ lookback: 48, multiple: 6, minMovePct: new Decimal(1) });

/**
 * A price move beyond a multiple of recent volatility: the last candle's close-to-close log
 * return against the standard deviation of the `lookback` returns before it (a 6-sigma candle).
 * Candles oldest first, closed ones only. Pure; null without enough candles or when the move is normal.
 */
export function detectPriceShock(symbol: string, candles: readonly Candle[], s: PriceShockSettings = defaultPriceShockSettings): Anomaly | null {
  if (candles.length < s.lookback + 2) return null;
  const recent = candles.slice(-(s.lookback + 2));
  const returns = computeLogReturns(recent);
  const last = returns[returns.length - 1]!;
  const volatility = computeRealisedVolatility(recent.slice(0, -1));
  if (volatility === null) return null;
  const movePct = last.abs().mul(HUNDRED);
  const threshold = volatility.mul(s.multiple);
  if (last.abs().lte(threshold) || movePct.lt(s.minMovePct)) return null;
  return {
    kind: 'PRICE_SHOCK',
    subject: symbol,
    detail: {
      movePct: last.mul(HUNDRED).toDecimalPlaces(3).toString(),
      volatilityPct: volatility.mul(HUNDRED).toDecimalPlaces(3).toString(),
      sigmas: volatility.isZero() ? 'inf' : last.abs().div(volatility).toDecimalPlaces(1).toString(),
      closedAt: recent[recent.length - 1]!.openAt.toISOString(),
    },
  };
}
