import type { MarketRules, OrderRequest } from '../../ports.js';
import { Decimal, ZERO, floorToStep, maxDec } from '../../money.js';
import { err, ok, type Result } from '../../result.js';
import { walkSyntheticBook, type SyntheticBook } from './paper-fill-model.js';
import type { PaperLedger } from './paper-ledger.js';
import { checkOrderRequest, type OrderCheckFailure } from './paper-order-checks.js';
import { applyFill, type PaperOrder } from './paper-orders.js';

export interface ExecutionInput {
  readonly market: MarketRules;
  readonly book: SyntheticBook;
  readonly ledger: PaperLedger;
  readonly now: Date;
  /** Hands out the next exchange order id; called only for an accepted order. */
  readonly nextId: () => string;
}

/**
 * Runs one new order against the book and the ledger, or refuses it with nothing changed.
 *
 * Market: walks the book for the whole quantity (REJECTED if the ladder runs out), refuses
 * NOTIONAL_BELOW_MIN, PRICE_CAP_EXCEEDED when the expected average crosses the optional cap, and
 * INSUFFICIENT_FUNDS, then fills at the average price with the taker fee.
 * Limit: refuses NOTIONAL_BELOW_MIN (at the limit price) and INSUFFICIENT_FUNDS, reserves quantity *
 * limit * (1 + the higher fee rate) of quote for a buy or the quantity of base for a sell, fills at
 * once as taker whatever crosses the book within the limit (floored to the lot step) and leaves the
 * rest open for matchRestingOrders.
 */
export function executePaperOrder(req: Readonly<OrderRequest>, input: Readonly<ExecutionInput>): Result<PaperOrder, OrderCheckFailure> {
  const { market, book, ledger } = input;
  const failure = checkOrderRequest(req, market);
  if (failure) return err(failure);
  const isBuy = req.side === 'buy';
  const spendAsset = isBuy ? market.quote : market.base;
  const belowMin = (): Result<never, OrderCheckFailure> => err({ reason: 'NOTIONAL_BELOW_MIN', message: `notional below the minimum ${market.minNotional.toString()}` });
  const shortOf = (needed: Decimal): Result<never, OrderCheckFailure> => err({ reason: 'INSUFFICIENT_FUNDS', message: `needs ${needed.toString()} ${spendAsset}` });

  if (req.type === 'market') {
    const walk = walkSyntheticBook(book, req.side, req.qtyBase);
    if (walk.avgPrice === null || walk.filledQtyBase.lt(req.qtyBase)) return err({ reason: 'REJECTED', message: 'not enough liquidity in the paper book' });
    if (walk.costQuote.lt(market.minNotional)) return belowMin();
    const cap = req.limitPrice;
    if (cap && (isBuy ? walk.avgPrice.gt(cap) : walk.avgPrice.lt(cap))) {
      return err({ reason: 'PRICE_CAP_EXCEEDED', message: `expected average ${walk.avgPrice.toString()} crosses the cap ${cap.toString()}` });
    }
    const needed = isBuy ? walk.costQuote.mul(market.takerFeeRate.plus(1)) : req.qtyBase;
    if (needed.gt(ledger.free(spendAsset))) return shortOf(needed);
    const order = newOrder(req, input, null, ZERO);
    applyFill(ledger, order, market, req.qtyBase, walk.avgPrice, market.takerFeeRate);
    return ok(order);
  }

  const limit = req.limitPrice!;
  if (req.qtyBase.mul(limit).lt(market.minNotional)) return belowMin();
  // Reserve at the higher fee rate: the part that crosses the book now pays the taker fee.
  const perUnit = isBuy ? limit.mul(maxDec(market.makerFeeRate, market.takerFeeRate).plus(1)) : new Decimal(1);
  const reserve = req.qtyBase.mul(perUnit);
  if (reserve.gt(ledger.free(spendAsset))) return shortOf(reserve);
  const order = newOrder(req, input, spendAsset, perUnit);
  ledger.reserve(spendAsset, reserve);
  order.reservedAmount = reserve;
  const crossing = floorToStep(walkSyntheticBook(book, req.side, req.qtyBase, limit).filledQtyBase, market.amountStep);
  if (crossing.gt(0)) {
    const taken = walkSyntheticBook(book, req.side, crossing);
    applyFill(ledger, order, market, crossing, taken.avgPrice!, market.takerFeeRate);
  }
  return ok(order);
}

function newOrder(req: Readonly<OrderRequest>, input: Readonly<ExecutionInput>, reservedAsset: string | null, reservePerUnit: Decimal): PaperOrder {
  return {
    id: input.nextId(),
    clientOrderId: req.clientOrderId,
    symbol: req.symbol,
    side: req.side,
    type: req.type,
    status: 'open',
    qtyBase: req.qtyBase,
    filledQtyBase: ZERO,
    limitPrice: req.type === 'limit' ? req.limitPrice! : null,
    triggerPrice: null,
    costQuote: ZERO,
    feeQuote: ZERO,
    createdAt: input.now,
    reservedAsset,
    reservedAmount: ZERO,
    reservePerUnit,
  };
}
