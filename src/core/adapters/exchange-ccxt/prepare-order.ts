import type { MarketRules, OrderRequest, RefusalReason } from '../../ports.js';
import { Decimal, floorToStep, roundToTick } from '../../money.js';
import { err, ok, type Result } from '../../result.js';

/** An order checked against the market rules and formatted for the venue. */
export interface PreparedOrder {
  /** What the venue is sent: a capped market order becomes a limit IOC at the cap. */
  readonly venueType: 'market' | 'limit';
  readonly timeInForce: 'IOC' | null;
  /** Quantity in base units, floored to the step. */
  readonly qtyBase: Decimal;
  /** Quantity in venue units (contracts for contract markets), formatted to the venue step. */
  readonly venueAmount: string;
  /** Limit or cap price on the tick, formatted; null for an uncapped market order. */
  readonly price: string | null;
}

export interface PrepareRefusal {
  readonly reason: RefusalReason;
  readonly message: string;
}

function decimalsOf(step: Decimal): number {
  return step.isZero() ? 0 : step.decimalPlaces();
}

/** Formats a value on a step with exactly the step's decimals; a zero step keeps every digit. */
export function formatOnStep(value: Decimal, step: Decimal): string {
  return step.isZero() ? value.toFixed() : value.toFixed(decimalsOf(step));
}

/**
 * Checks and formats an order before it is sent. The quantity is floored to the step (never up:
 * rounding up could exceed the balance or the risk budget); a limit or cap price is moved to the
 * tick in the cautious direction (down for a buy, up for a sell), so a cap is never loosened.
 * The minimum notional is checked here because ccxt's createOrder does not: against the limit or
 * cap price, else against `referencePrice` (the touch). Reduce-only orders skip it (venues exempt
 * them). `contractSize` converts base units into venue units (1 for spot).
 */
export function prepareOrder(
  request: OrderRequest,
  rules: MarketRules,
  referencePrice: Decimal | null,
  contractSize: Decimal,
): Result<PreparedOrder, PrepareRefusal> {
  if (!request.qtyBase.isFinite() || request.qtyBase.lte(0)) {
    return err({ reason: 'INVALID_ORDER', message: `quantity must be positive, got ${request.qtyBase.toString()}` });
  }
  const qtyBase = floorToStep(request.qtyBase, rules.amountStep);
  if (qtyBase.isZero() || qtyBase.lt(rules.minQty)) {
    return err({
      reason: 'QTY_BELOW_MIN',
      message: `quantity ${request.qtyBase.toString()} floors to ${qtyBase.toString()}; minimum ${rules.minQty.toString()}, step ${rules.amountStep.toString()}`,
    });
  }
  if (request.type === 'limit' && request.limitPrice === undefined) {
    return err({ reason: 'INVALID_ORDER', message: 'a limit order needs a limit price' });
  }

  let price: Decimal | null = null;
  if (request.limitPrice !== undefined) {
    if (!request.limitPrice.isFinite() || request.limitPrice.lte(0)) {
      return err({ reason: 'INVALID_ORDER', message: `price must be positive, got ${request.limitPrice.toString()}` });
    }
    const mode = request.side === 'buy' ? Decimal.ROUND_DOWN : Decimal.ROUND_UP;
    price = roundToTick(request.limitPrice, rules.priceTick, mode);
    if (price.lte(0)) {
      return err({ reason: 'INVALID_ORDER', message: `price ${request.limitPrice.toString()} is below one tick` });
    }
  }

  const notionalPrice = price ?? referencePrice;
  if (!request.reduceOnly && notionalPrice !== null && rules.minNotional.gt(0)) {
    const notional = qtyBase.mul(notionalPrice);
    if (notional.lt(rules.minNotional)) {
      return err({
        reason: 'NOTIONAL_BELOW_MIN',
        message: `order value ${notional.toString()} ${rules.quote} is below the minimum ${rules.minNotional.toString()}`,
      });
    }
  }

  const venueStep = rules.amountStep.div(contractSize);
  return ok({
    venueType: request.type === 'market' && price === null ? 'market' : 'limit',
    timeInForce: request.type === 'market' && price !== null ? 'IOC' : null,
    qtyBase,
    venueAmount: formatOnStep(qtyBase.div(contractSize), venueStep),
    price: price === null ? null : formatOnStep(price, rules.priceTick),
  });
}
