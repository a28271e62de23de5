import { Decimal, ZERO } from '../money.js';
import type { Candle } from '../ports.js';

/**
 * Average true range over the last `period` candles (a simple mean of true ranges), in quote per
 * unit. A true range is max(high − low, |high − previous close|, |low − previous close|), so a gap
 * between candles counts as movement. Needs `period + 1` candles, oldest first; returns null with
 * fewer (the risk-parity sizer then refuses with VOLATILITY_UNKNOWN rather than guessing).
 */
export function computeAtr(candles: readonly Candle[], period = 14): Decimal | null {
  if (!Number.isInteger(period) || period < 1 || candles.length < period + 1) return null;
  let sum = ZERO;
  for (let k = candles.length - period; k < candles.length; k++) {
    const c = candles[k]!;
    const prevClose = candles[k - 1]!.close;
    const range = c.high.minus(c.low);
    const up = c.high.minus(prevClose).abs();
    const down = c.low.minus(prevClose).abs();
    sum = sum.plus(Decimal.max(range, up, down));
  }
  return sum.div(period);
}
