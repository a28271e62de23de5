import type { Candle } from '../ports.js';

/**
 * Log returns between consecutive candles with the instants they span, ready to be aligned with
 * another series: two returns are comparable only when both start and end at the same instants,
 * so an exchange gap in one series never pairs a one-hour move with a three-hour move.
 */
export interface LogReturnSeries {
  /** Open time (ms) of the candle the return starts from. */
  readonly fromMs: Float64Array;
  /** Open time (ms) of the candle the return ends at. */
  readonly toMs: Float64Array;
  /** ln(close_k / close_{k−1}); statistics, not money, so plain floating point. */
  readonly values: Float64Array;
}

/**
 * Computes close-to-close log returns of candles given oldest first. Candles with a non-positive
 * close are skipped (no finite log return), as are candles out of time order.
 */
export function computeLogReturns(candles: readonly Candle[]): LogReturnSeries {
  const n = Math.max(0, candles.length - 1);
  const fromMs = new Float64Array(n);
  const toMs = new Float64Array(n);
  const values = new Float64Array(n);
  let count = 0;
  let prevClose = Number.NaN;
  let prevAt = Number.NaN;
  for (const c of candles) {
    const close = c.close.toNumber();
    const at = c.openAt.getTime();
    if (!(close > 0)) continue;
    if (prevClose > 0 && at > prevAt) {
      fromMs[count] = prevAt;
      toMs[count] = at;
      values[count] = Math.log(close / prevClose);
      count++;
    }
    if (!(at <= prevAt)) {
      prevClose = close;
      prevAt = at;
    }
  }
  return { fromMs: fromMs.subarray(0, count), toMs: toMs.subarray(0, count), values: values.subarray(0, count) };
}
