import type { Decimal } from '../money.js';

/**
 * Market data for one evaluation of one position, in quote per unit. The monitor builds one per
 * symbol and evaluation and shares it across that symbol's positions.
 */
export interface PositionTick {
  /** Mark price now (the last price of the interval). */
  readonly markPriceQuote: Decimal;
  /**
   * Highest price traded since the previous evaluation (a candle's high); defaults to the mark.
   * With it a wick through a stop or a level counts even when the mark is back inside.
   */
  readonly highPriceQuote?: Decimal;
  /** Lowest price traded since the previous evaluation; defaults to the mark. */
  readonly lowPriceQuote?: Decimal;
  /** Average true range of the monitor's timeframe (e.g. Wilder ATR(14) of 1h candles); null when unknown. */
  readonly atrQuote: Decimal | null;
  /**
   * Longer-run ATR on the same timeframe (e.g. ATR(100)): the baseline of the volatility regime.
   * Null or absent: the health score leaves that part out.
   */
  readonly baselineAtrQuote?: Decimal | null;
  readonly now: Date;
}
