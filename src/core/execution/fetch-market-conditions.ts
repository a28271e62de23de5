import { HUNDRED, type Decimal } from '../money.js';
import { computeWilderAtr } from '../market/candles.js';
import type { Exchange, FillEstimate, Logger, OrderSide, Ticker } from '../ports.js';

/** What the executor knows about the market just before it routes and sends an order. */
export interface MarketConditions {
  readonly ticker: Ticker;
  /** Expected fill of the whole quantity as a market order. */
  readonly estimate: FillEstimate;
  /** The price a market order meets first: the ask for a buy, the bid for a sell. */
  readonly touchPrice: Decimal;
  /** (ask − bid) / mid, percent. */
  readonly spreadPct: Decimal;
  /** Wilder ATR of recent candles in percent of the last close; null when candles were unavailable. */
  readonly volatilityPct: Decimal | null;
}

export interface MarketConditionsOptions {
  /** Candle timeframe for the volatility figure, e.g. "5m". */
  readonly timeframe: string;
  /** ATR period in candles. */
  readonly period: number;
  readonly log: Logger;
}

/**
 * Reads the ticker, the fill estimate for `qtyBase` and recent candles. Volatility only informs
 * routing and the log, so a failed candle read is logged and reported as null rather than
 * blocking an order (a stop must not wait on a chart). Ticker and estimate errors propagate.
 */
export async function fetchMarketConditions(
  exchange: Exchange,
  symbol: string,
  side: OrderSide,
  qtyBase: Decimal,
  options: MarketConditionsOptions,
): Promise<MarketConditions> {
  const candles = exchange.fetchCandles(symbol, options.timeframe, options.period + 1).catch((error: unknown) => {
    options.log.warn({ symbol, timeframe: options.timeframe, err: error }, 'candles unavailable: volatility unknown');
    return null;
  });
  const [ticker, estimate, recent] = await Promise.all([exchange.fetchTicker(symbol), exchange.estimateFill(symbol, side, qtyBase), candles]);
  const mid = ticker.bid.plus(ticker.ask).div(2);
  const spreadPct = mid.gt(0) ? ticker.ask.minus(ticker.bid).div(mid).mul(HUNDRED) : HUNDRED;
  let volatilityPct: Decimal | null = null;
  const last = recent?.[recent.length - 1];
  if (recent && last && last.close.gt(0)) {
    const atr = computeWilderAtr(recent, Math.min(options.period, recent.length));
    volatilityPct = atr === null ? null : atr.div(last.close).mul(HUNDRED);
  }
  return { ticker, estimate, touchPrice: side === 'buy' ? ticker.ask : ticker.bid, spreadPct, volatilityPct };
}
