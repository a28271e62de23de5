import type { Candle } from '../../ports.js';
import type { Decimal } from '../../money.js';
import type { PricePathPoint } from '../../market/candles.js';

/**
 * What the market did for one symbol over one stretch of time: the price path, its ends and
 * extremes, and the base volume traded. The paper exchange fills resting limit orders from these.
 */
export interface PriceMove {
  /** Exclusive start of the stretch. */
  readonly fromAt: Date;
  /** Inclusive end of the stretch. */
  readonly toAt: Date;
  readonly open: Decimal;
  readonly low: Decimal;
  readonly high: Decimal;
  readonly close: Decimal;
  /** Base-asset volume traded during the stretch (estimated pro rata inside a candle). */
  readonly volumeBase: Decimal;
  /**
   * Vertices of the price path, linear in between: fraction 0 is fromAt, 1 is toAt. Volume is taken
   * to trade evenly over the stretch, so the volume traded beyond a price is proportional to the
   * time spent there: splitting a stretch in two leaves the volume available to an order unchanged.
   */
  readonly path: readonly PricePathPoint[];
}

/**
 * Market data the paper exchange trades against. The replay feed implements it over stored candles;
 * a live feed (public exchange data) can implement it too. Every method answers "as of `at`" and
 * must never reveal anything after `at`.
 */
export interface PriceFeed {
  /** The feed's native candle timeframe ("5m"): the resolution of its prices and volumes. */
  readonly baseTimeframe: string;
  /** Symbols with prices ("BTC/USDT"), sorted. */
  symbols(): Promise<readonly string[]>;
  /** Last traded (mid) price at `at`, in quote units. Throws NoPriceDataError when there is none yet. */
  priceAt(symbol: string, at: Date): Promise<Decimal>;
  /**
   * Price moves during (fromAt, toAt], oldest first; empty when nothing traded (a data gap).
   * Consecutive moves together cover the stretch, so limit orders can be checked in time order.
   */
  movesBetween(symbol: string, fromAt: Date, toAt: Date): Promise<readonly PriceMove[]>;
  /**
   * Up to `limit` closed candles of `timeframe`, oldest first, ending with the latest candle whose
   * close time (open + timeframe) is at or before `at`. Never a candle still open at `at`.
   */
  candlesUntil(symbol: string, timeframe: string, at: Date, limit: number): Promise<readonly Candle[]>;
}
