import type { MarketRules, OrderRequest, RefusalReason } from '../../ports.js';

/** Why the venue refuses an order before looking at prices or balances. */
export interface OrderCheckFailure {
  readonly reason: RefusalReason;
  readonly message: string;
}

/**
 * The paper venue's static checks of an order against its market's rules, as Binance's filters do:
 * quantity positive, at least minQty (QTY_BELOW_MIN), and on the lot step (INVALID_ORDER; nothing is
 * rounded for the caller), a limit order carries a positive on-tick limit price, and a market order's
 * optional price cap is positive (INVALID_ORDER). Minimum notional needs a price and is checked later.
 * Returns null when the order passes.
 */
export function checkOrderRequest(req: Readonly<OrderRequest>, market: Readonly<MarketRules>): OrderCheckFailure | null {
  const qty = req.qtyBase;
  if (!qty.isFinite() || qty.lte(0)) return { reason: 'INVALID_ORDER', message: 'quantity must be positive' };
  // Below the minimum is the more useful reason when both apply (as Binance's LOT_SIZE filter reports it).
  if (qty.lt(market.minQty)) return { reason: 'QTY_BELOW_MIN', message: `quantity below the minimum ${market.minQty.toString()}` };
  if (!market.amountStep.isZero() && !qty.mod(market.amountStep).isZero()) {
    return { reason: 'INVALID_ORDER', message: `quantity ${qty.toString()} is not a multiple of the step ${market.amountStep.toString()}` };
  }
  const price = req.limitPrice;
  if (req.type === 'limit') {
    if (price === undefined || !price.isFinite() || price.lte(0)) return { reason: 'INVALID_ORDER', message: 'a limit order needs a positive limit price' };
    if (!market.priceTick.isZero() && !price.mod(market.priceTick).isZero()) {
      return { reason: 'INVALID_ORDER', message: `limit price ${price.toString()} is not on the tick ${market.priceTick.toString()}` };
    }
  } else if (price !== undefined && (!price.isFinite() || price.lte(0))) {
    return { reason: 'INVALID_ORDER', message: 'a price cap must be positive' };
  }
  return null;
}
