import type { MarketRules, StopOrderRequest, StopOrderType } from '../../ports.js';
import { Decimal, HUNDRED, ONE, floorToStep, roundToTick } from '../../money.js';
import { err, ok, type Result } from '../../result.js';
import { formatOnStep, type PrepareRefusal } from './prepare-order.js';

/** A stop order checked against the market rules and formatted for ccxt's createOrder. */
export interface PreparedStopOrder {
  readonly stopType: StopOrderType;
  /** ccxt's type argument: with a trigger price, Binance spot maps 'market' to STOP_LOSS and 'limit' to STOP_LOSS_LIMIT. */
  readonly venueType: 'market' | 'limit';
  readonly qtyBase: Decimal;
  readonly venueAmount: string;
  readonly triggerPrice: string;
  /** The limit of a stop-limit (trigger minus the offset for a sell, plus for a buy); null for stop-market. */
  readonly limitPrice: string | null;
}

/**
 * Checks and formats a stop order. The quantity is floored to the step (never up: a spot stop can
 * only sell what the wallet holds); the trigger is rounded to the tick towards the market (up for a
 * sell stop, down for a buy), so it never ends up looser than asked. A stop-limit's limit sits
 * `limitOffsetPct` beyond the trigger, rounded away from it: the offset is the room the triggered
 * order has to fill in a fast market, and rounding must not shrink it. The minimum notional is
 * checked at the trigger (Binance's NOTIONAL filter applies to stops as well).
 */
export function prepareStopOrder(request: StopOrderRequest, rules: MarketRules, stopType: StopOrderType, contractSize: Decimal): Result<PreparedStopOrder, PrepareRefusal> {
  if (!request.qtyBase.isFinite() || request.qtyBase.lte(0)) {
    return err({ reason: 'INVALID_ORDER', message: `quantity must be positive, got ${request.qtyBase.toString()}` });
  }
  const qtyBase = floorToStep(request.qtyBase, rules.amountStep);
  if (qtyBase.isZero() || qtyBase.lt(rules.minQty)) {
    return err({ reason: 'QTY_BELOW_MIN', message: `quantity ${request.qtyBase.toString()} floors to ${qtyBase.toString()}; minimum ${rules.minQty.toString()}` });
  }
  if (!request.triggerPrice.isFinite() || request.triggerPrice.lte(0)) {
    return err({ reason: 'INVALID_ORDER', message: `trigger price must be positive, got ${request.triggerPrice.toString()}` });
  }
  const isSell = request.side === 'sell';
  const trigger = roundToTick(request.triggerPrice, rules.priceTick, isSell ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
  let limit: Decimal | null = null;
  if (stopType === 'stop_limit') {
    if (!request.limitOffsetPct.isFinite() || request.limitOffsetPct.lt(0) || request.limitOffsetPct.gte(HUNDRED)) {
      return err({ reason: 'INVALID_ORDER', message: `stop-limit offset must be in [0, 100) percent, got ${request.limitOffsetPct.toString()}` });
    }
    const offset = request.limitOffsetPct.div(HUNDRED);
    limit = roundToTick(trigger.mul(isSell ? ONE.minus(offset) : ONE.plus(offset)), rules.priceTick, isSell ? Decimal.ROUND_DOWN : Decimal.ROUND_UP);
    if (limit.lte(0)) return err({ reason: 'INVALID_ORDER', message: `stop-limit price ${limit.toString()} is not positive` });
  }
  const notional = qtyBase.mul(limit ?? trigger);
  if (rules.minNotional.gt(0) && notional.lt(rules.minNotional)) {
    return err({ reason: 'NOTIONAL_BELOW_MIN', message: `stop value ${notional.toString()} ${rules.quote} is below the minimum ${rules.minNotional.toString()}` });
  }
  const venueStep = rules.amountStep.div(contractSize);
  return ok({
    stopType,
    venueType: stopType === 'stop_market' ? 'market' : 'limit',
    qtyBase,
    venueAmount: formatOnStep(qtyBase.div(contractSize), venueStep),
    triggerPrice: formatOnStep(trigger, rules.priceTick),
    limitPrice: limit === null ? null : formatOnStep(limit, rules.priceTick),
  });
}
