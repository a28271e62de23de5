import type { Decimal } from '../money.js';

/** Direction of a position: a long profits when the price rises, a short when it falls. */
export type PositionSide = 'long' | 'short';

/**
 * A proposed entry, as parsed from a signal or typed by the user, before it is sized.
 * Prices are in the quote currency, which the engine treats as USD (USDT and USDC markets).
 */
export interface TradeIntent {
  /** Market symbol, e.g. "BTC/USDT"; must match `MarketRules.symbol`. */
  readonly symbol: string;
  readonly side: PositionSide;
  /** Expected fill price of the entry. */
  readonly entryPriceQuote: Decimal;
  /** Protective stop: below the entry for a long, above it for a short. */
  readonly stopPriceQuote: Decimal;
  /** First take-profit target: the R:R check and Kelly's payoff ratio use it. */
  readonly targetPriceQuote: Decimal;
  /** Signal confidence as a ratio, 0..1 (0.8 is eighty per cent). */
  readonly confidence: Decimal;
  /** Futures leverage asked for (a whole number >= 1); ignored as 1 on spot. Default 1. */
  readonly leverage?: number;
}
