import { Decimal, ZERO, floorToStep, maxDec, minDec } from '../../money.js';
import { shareOfPathBeyond } from '../../market/candles.js';
import type { PaperOrder } from './paper-orders.js';
import type { PriceMove } from './price-feed.js';

/** One fill of a resting limit order, at its limit price. */
export interface RestingFill {
  readonly order: PaperOrder;
  readonly qtyBase: Decimal;
  readonly priceQuote: Decimal;
  readonly at: Date;
}

export interface RestingMatchOptions {
  /**
   * Share of the volume traded at or through an order's price that the order may take (0.1 is
   * 10 %): a large resting order next to thin trading fills over several moves, not at once.
   */
  readonly participationRate: Decimal;
  /** Lot step: fills are floored to it. */
  readonly amountStep: Decimal;
}

/**
 * Fills of resting limit orders of one symbol during `moves` (oldest first).
 *
 * In each move an order may take `participationRate` of the volume traded while the price was at or
 * beyond its limit (at or below for a buy, at or above for a sell; volume is spread evenly over the
 * move's path). Orders of a side are served best price first, then oldest first, and share that
 * volume: what a better order took is not available to a worse one. Fills are at the limit price
 * (the resting order is the one being hit, even when the price gaps through it) and floored to the
 * lot step. Because volume is counted by time spent beyond the price, checking more or less often
 * gives the same fills, up to the lot rounding. Pure: the caller applies the fills.
 */
export function matchRestingOrders(orders: readonly PaperOrder[], moves: readonly PriceMove[], options: Readonly<RestingMatchOptions>): RestingFill[] {
  const fills: RestingFill[] = [];
  // `orders` come in creation order.
  const queue = orders.filter((o) => o.limitPrice !== null).sort(byPriority);
  const remaining = new Map(queue.map((o) => [o, o.qtyBase.minus(o.filledQtyBase)] as const));
  for (const move of moves) {
    const taken = { buy: ZERO, sell: ZERO };
    for (const order of queue) {
      const limit = order.limitPrice!;
      const left = remaining.get(order)!;
      if (left.lte(0)) continue;
      const reachable = order.side === 'buy' ? move.low.lte(limit) : move.high.gte(limit);
      if (!reachable) continue;
      const share = shareOfPathBeyond(move.path, limit, order.side === 'buy' ? 'below' : 'above');
      const allowance = maxDec(move.volumeBase.mul(share).mul(options.participationRate).minus(taken[order.side]), ZERO);
      const qty = floorToStep(minDec(left, allowance), options.amountStep);
      if (qty.lte(0)) continue;
      taken[order.side] = taken[order.side].plus(qty);
      remaining.set(order, left.minus(qty));
      fills.push({ order, qtyBase: qty, priceQuote: limit, at: move.toAt });
    }
  }
  return fills;
}

/**
 * Buys before sells (the sides never compete), then best price first (highest bid, lowest ask).
 * Array sort is stable, so orders at one price keep their creation order: time priority.
 */
function byPriority(a: PaperOrder, b: PaperOrder): number {
  if (a.side !== b.side) return a.side === 'buy' ? -1 : 1;
  const diff = a.limitPrice!.comparedTo(b.limitPrice!);
  return a.side === 'buy' ? -diff : diff;
}
