import { Decimal, HUNDRED, ONE, roundToTick } from '../money.js';
import type { OrderSide } from '../ports.js';

/** How much waiting the caller accepts: stops and the kill switch are always urgent. */
export type Urgency = 'patient' | 'normal' | 'urgent';

/** Why a route was chosen (for the log and the chat). */
export type RouteReason =
  | 'URGENT'
  | 'HIGH_VOLATILITY'
  | 'PATIENT'
  | 'WIDE_SPREAD'
  | 'LARGE_VS_LIQUIDITY'
  | 'SMALL_AND_TIGHT'
  /** Set by the executor: the rest of a timed-out limit order, converted to a capped market order. */
  | 'LIMIT_TIMEOUT';

/**
 * - market: taker order that never fills beyond `capPrice` (touch ± max slippage); what the cap
 *   cuts off expires.
 * - limit: rests at `limitPrice` for up to `timeoutMs`, then the executor cancels and reprices it
 *   or converts the rest to a capped market order.
 */
export type OrderRoute =
  | { readonly type: 'market'; readonly capPrice: Decimal; readonly reason: RouteReason }
  | { readonly type: 'limit'; readonly limitPrice: Decimal; readonly timeoutMs: number; readonly reason: RouteReason };

export interface RouteThresholds {
  /** ATR at or above this (percent of price) counts as a fast market: take liquidity. Default 1. */
  readonly highVolatilityPct: Decimal;
  /** A spread above this (percent of mid) is worth saving by posting inside it. Default 0.1. */
  readonly wideSpreadPct: Decimal;
  /** Order notional above this share of the liquidity within 1 % of the touch is large. Default 0.25. */
  readonly largeOrderShare: Decimal;
  /** How long a limit order rests, ms, for normal and patient urgency. Defaults 30 s and 120 s. */
  readonly limitTimeoutMs: number;
  readonly patientLimitTimeoutMs: number;
}

export const defaultRouteThresholds: RouteThresholds = Object.freeze({
  highVolatilityPct: new Decimal(1),
  wideSpreadPct: new Decimal('0.1'),
  largeOrderShare: new Decimal('0.25'),
  limitTimeoutMs: 30_000,
  patientLimitTimeoutMs: 120_000,
});

export interface RouteInput {
  readonly side: OrderSide;
  readonly urgency: Urgency;
  readonly bid: Decimal;
  readonly ask: Decimal;
  readonly priceTick: Decimal;
  /** Order notional in quote (qty × touch). */
  readonly notionalQuote: Decimal;
  /** Quote value within 1 % of the touch on the order's side. */
  readonly liquidityQuote: Decimal;
  /** Expected market-order slippage against the touch, percent. */
  readonly expectedSlippagePct: Decimal;
  /** Recent ATR in percent of price; null when unknown (treated as calm, the cap still protects). */
  readonly volatilityPct: Decimal | null;
  /** The user's maximum slippage, percent (0.5 is half a per cent). */
  readonly maxSlippagePct: Decimal;
}

/**
 * The protective cap of a market order: the touch moved by the maximum slippage against us, on the
 * tick in the cautious direction (down for a buy, up for a sell) so it never allows more than the
 * maximum. Example: buy, ask 100, 0.5 % -> 100.5.
 */
export function protectiveCap(side: OrderSide, touch: Decimal, maxSlippagePct: Decimal, tick: Decimal): Decimal {
  const factor = maxSlippagePct.div(HUNDRED);
  return side === 'buy'
    ? roundToTick(touch.mul(ONE.plus(factor)), tick, Decimal.ROUND_DOWN)
    : roundToTick(touch.mul(ONE.minus(factor)), tick, Decimal.ROUND_UP);
}

/**
 * Chooses market or limit, first rule that applies:
 * 1. urgent (stops, kill switch, urgent exits): market with cap: filling now matters most;
 * 2. volatility at or above the threshold: market with cap: a resting order would be left behind;
 * 3. patient: limit on our side of the book (bid for a buy), earning the spread as a maker;
 * 4. wide spread: limit at the mid (on the tick, towards our side), saving half the spread;
 * 5. large against liquidity, or expected slippage above half the maximum: limit at the touch, so
 *    the top of the book fills and the rest waits instead of walking the book;
 * 6. otherwise (small order, tight spread): market with cap.
 * Pure: same input, same route.
 */
export function chooseOrderRoute(input: Readonly<RouteInput>, thresholds: Readonly<RouteThresholds> = defaultRouteThresholds): OrderRoute {
  const { side, bid, ask, priceTick: tick } = input;
  const touch = side === 'buy' ? ask : bid;
  const market = (reason: RouteReason): OrderRoute => ({ type: 'market', capPrice: protectiveCap(side, touch, input.maxSlippagePct, tick), reason });
  const limit = (limitPrice: Decimal, reason: RouteReason, timeoutMs = thresholds.limitTimeoutMs): OrderRoute => ({ type: 'limit', limitPrice, timeoutMs, reason });

  if (input.urgency === 'urgent') return market('URGENT');
  if (input.volatilityPct !== null && input.volatilityPct.gte(thresholds.highVolatilityPct)) return market('HIGH_VOLATILITY');
  if (input.urgency === 'patient') return limit(side === 'buy' ? bid : ask, 'PATIENT', thresholds.patientLimitTimeoutMs);

  const mid = bid.plus(ask).div(2);
  const spreadPct = mid.gt(0) ? ask.minus(bid).div(mid).mul(HUNDRED) : HUNDRED;
  if (spreadPct.gt(thresholds.wideSpreadPct)) {
    return limit(roundToTick(mid, tick, side === 'buy' ? Decimal.ROUND_DOWN : Decimal.ROUND_UP), 'WIDE_SPREAD');
  }
  const isLarge = input.liquidityQuote.lte(0) || input.notionalQuote.gt(input.liquidityQuote.mul(thresholds.largeOrderShare));
  if (isLarge || input.expectedSlippagePct.gt(input.maxSlippagePct.div(2))) return limit(touch, 'LARGE_VS_LIQUIDITY');
  return market('SMALL_AND_TIGHT');
}
