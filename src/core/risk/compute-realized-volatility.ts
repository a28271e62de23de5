import { Decimal } from '../money.js';
import type { Candle } from '../ports.js';
import { computeLogReturns } from './compute-log-returns.js';

/**
 * Realised volatility: the sample standard deviation of the last `lookback` close-to-close log
 * returns, as a ratio per candle (0.02 is two per cent per candle of the series' timeframe).
 * Returns null with fewer than `lookback` returns or fewer than two, so the risk-parity sizer
 * refuses with VOLATILITY_UNKNOWN instead of sizing on noise.
 */
export function computeRealizedVolatility(candles: readonly Candle[], lookback = 30): Decimal | null {
  const { values } = computeLogReturns(candles);
  if (!Number.isInteger(lookback) || lookback < 2 || values.length < lookback) return null;
  const start = values.length - lookback;
  let mean = 0;
  for (let k = start; k < values.length; k++) mean += values[k]!;
  mean /= lookback;
  let squares = 0;
  for (let k = start; k < values.length; k++) squares += (values[k]! - mean) ** 2;
  const stdev = Math.sqrt(squares / (lookback - 1));
  // Rounded to 12 significant digits: the float noise beyond that is not information.
  return new Decimal(stdev.toPrecision(12));
}
