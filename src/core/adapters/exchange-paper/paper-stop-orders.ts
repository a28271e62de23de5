import type { MarketRules, StopOrderRequest } from '../../ports.js';
import { Decimal, ONE, ZERO, floorToStep } from '../../money.js';
import { err, ok, type Result } from '../../result.js';
import { walkSyntheticBook, type SyntheticBook } from './paper-fill-model.js';
import type { PaperLedger } from './paper-ledger.js';
import type { OrderCheckFailure } from './paper-order-checks.js';
import { applyFill, endPaperOrder, type PaperOrder } from './paper-orders.js';
import type { PriceMove } from './price-feed.js';

/**
 * Resting stop orders of the paper exchange: stop-market orders that wait for the replayed price to
 * trade at or through their trigger, then fill like a market order against the synthetic book of
 * that instant (spread and depth from the candles before it, so a stop in a crash slips as a market
 * order would). Pure over plain data: PaperExchange fetches the moves and books and applies the result.
 */

export interface StopPlacementInput {
  readonly market: MarketRules;
  /** Last (mid) price now: a stop already past it is refused, as Binance does. */
  readonly lastPrice: Decimal;
  readonly ledger: PaperLedger;
  readonly now: Date;
  readonly nextId: () => string;
}

/**
 * Checks a stop order and rests it, or refuses it with nothing changed: quantity positive, at least
 * minQty and on the step, trigger positive and on the tick (INVALID_ORDER, QTY_BELOW_MIN), value
 * at the trigger at least minNotional (NOTIONAL_BELOW_MIN), trigger not already passed
 * (WOULD_EXECUTE_IMMEDIATELY: at or above the last price for a sell, at or below for a buy), and
 * funds (INSUFFICIENT_FUNDS). A sell stop reserves its base quantity, as a resting sell does on
 * Binance spot; a buy stop reserves quantity * trigger * (1 + taker fee) of quote. The paper venue
 * rests stop-market orders whatever the offset of the request (its stop never misses its fill).
 */
export function placePaperStopOrder(req: Readonly<StopOrderRequest>, input: Readonly<StopPlacementInput>): Result<PaperOrder, OrderCheckFailure> {
  const { market, ledger } = input;
  const qty = req.qtyBase;
  const trigger = req.triggerPrice;
  if (!qty.isFinite() || qty.lte(0)) return err({ reason: 'INVALID_ORDER', message: 'quantity must be positive' });
  if (qty.lt(market.minQty)) return err({ reason: 'QTY_BELOW_MIN', message: `quantity below the minimum ${market.minQty.toString()}` });
  if (!market.amountStep.isZero() && !qty.mod(market.amountStep).isZero()) {
    return err({ reason: 'INVALID_ORDER', message: `quantity ${qty.toString()} is not a multiple of the step ${market.amountStep.toString()}` });
  }
  if (!trigger.isFinite() || trigger.lte(0)) return err({ reason: 'INVALID_ORDER', message: 'a stop order needs a positive trigger price' });
  if (!market.priceTick.isZero() && !trigger.mod(market.priceTick).isZero()) {
    return err({ reason: 'INVALID_ORDER', message: `trigger price ${trigger.toString()} is not on the tick ${market.priceTick.toString()}` });
  }
  if (qty.mul(trigger).lt(market.minNotional)) return err({ reason: 'NOTIONAL_BELOW_MIN', message: `notional below the minimum ${market.minNotional.toString()}` });
  const isBuy = req.side === 'buy';
  if (isBuy ? trigger.lte(input.lastPrice) : trigger.gte(input.lastPrice)) {
    return err({ reason: 'WOULD_EXECUTE_IMMEDIATELY', message: `stop price ${trigger.toString()} would trigger immediately (last ${input.lastPrice.toString()})` });
  }
  const asset = isBuy ? market.quote : market.base;
  const perUnit = isBuy ? trigger.mul(market.takerFeeRate.plus(ONE)) : ONE;
  const reserve = qty.mul(perUnit);
  if (reserve.gt(ledger.free(asset))) return err({ reason: 'INSUFFICIENT_FUNDS', message: `needs ${reserve.toString()} ${asset}` });
  const order: PaperOrder = {
    id: input.nextId(), clientOrderId: req.clientOrderId, symbol: req.symbol, side: req.side, type: 'stop_market', status: 'open',
    qtyBase: qty, filledQtyBase: ZERO, limitPrice: null, triggerPrice: trigger, costQuote: ZERO, feeQuote: ZERO, createdAt: input.now,
    reservedAsset: asset, reservedAmount: reserve, reservePerUnit: perUnit,
  };
  ledger.reserve(asset, reserve);
  return ok(order);
}

/** A stop the price reached: when, and at what price the market stood then (the trigger, or worse after a gap). */
export interface StopTrigger {
  readonly order: PaperOrder;
  readonly at: Date;
  readonly priceQuote: Decimal;
}

/**
 * The first instant in `moves` (oldest first) at which each open stop order's trigger traded: for a
 * sell the price at or below it, for a buy at or above it. Within a move the path is linear between
 * its vertices, so the instant is interpolated; when the move already starts beyond the trigger (a
 * gap in the data) the stop triggers at its start, at that worse price. Orders not reached are left out.
 */
export function findStopTriggers(orders: readonly PaperOrder[], moves: readonly PriceMove[]): StopTrigger[] {
  const triggers: StopTrigger[] = [];
  for (const order of orders) {
    if (order.status !== 'open' || order.triggerPrice === null) continue;
    const hit = firstCrossing(order, moves);
    if (hit) triggers.push(hit);
  }
  return triggers.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function firstCrossing(order: PaperOrder, moves: readonly PriceMove[]): StopTrigger | null {
  const trigger = order.triggerPrice!;
  const isSell = order.side === 'sell';
  const beyond = (p: Decimal) => (isSell ? p.lte(trigger) : p.gte(trigger));
  for (const move of moves) {
    if (isSell ? move.low.gt(trigger) : move.high.lt(trigger)) continue;
    const points = move.path;
    const span = move.toAt.getTime() - move.fromAt.getTime();
    const instant = (fraction: Decimal) => new Date(move.fromAt.getTime() + Math.round(fraction.toNumber() * span));
    if (points[0] && beyond(points[0].price)) return { order, at: instant(points[0].fraction), priceQuote: points[0].price };
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (!beyond(b.price)) continue;
      const share = a.price.minus(trigger).div(a.price.minus(b.price));
      return { order, at: instant(a.fraction.plus(b.fraction.minus(a.fraction).mul(share))), priceQuote: trigger };
    }
  }
  return null;
}

/** What filling one triggered stop did. */
export type StopFillResult =
  | { readonly kind: 'filled'; readonly qtyBase: Decimal; readonly avgPrice: Decimal }
  /** The book ran out: what it held filled, the rest expired. */
  | { readonly kind: 'partial'; readonly qtyBase: Decimal; readonly avgPrice: Decimal }
  /** A buy stop whose fill would cost more quote than the account holds: rejected, nothing traded. */
  | { readonly kind: 'rejected' };

/**
 * Executes a triggered stop as a market order on `book` (the synthetic book around the trigger
 * instant's price): walks it for the whole quantity, fills at the average with the taker fee, and
 * ends the order. Changes the ledger and the order.
 */
export function fillTriggeredStop(ledger: PaperLedger, order: PaperOrder, market: MarketRules, book: SyntheticBook): StopFillResult {
  const walk = walkSyntheticBook(book, order.side, order.qtyBase.minus(order.filledQtyBase));
  const qty = floorToStep(walk.filledQtyBase, market.amountStep);
  if (qty.lte(0)) {
    endPaperOrder(ledger, order, 'expired');
    return { kind: 'partial', qtyBase: ZERO, avgPrice: book.mid };
  }
  const taken = qty.eq(walk.filledQtyBase) ? walk : walkSyntheticBook(book, order.side, qty);
  const avgPrice = taken.avgPrice!;
  if (order.side === 'buy') {
    // The reservation was made at the trigger; a fill that slipped beyond it needs the difference free.
    const cost = taken.costQuote.mul(market.takerFeeRate.plus(ONE));
    if (cost.gt(ledger.free(market.quote).plus(order.reservedAmount))) {
      endPaperOrder(ledger, order, 'rejected');
      return { kind: 'rejected' };
    }
  }
  applyFill(ledger, order, market, qty, avgPrice, market.takerFeeRate);
  if (order.status === 'open') {
    endPaperOrder(ledger, order, 'expired');
    return { kind: 'partial', qtyBase: qty, avgPrice };
  }
  return { kind: 'filled', qtyBase: qty, avgPrice };
}
