import type { ExecutionAction, ExecutionLogEntry, OrderRepository } from '../execution/order-repository.js';
import { executionStatusOf, orderStatusFromExchange } from '../execution/order-status-from-exchange.js';
import { HUNDRED, ZERO } from '../money.js';
import type { Clock, ExchangeOrder } from '../ports.js';

/**
 * Stores what the venue reports about one of our orders (found by its client id): the order row
 * takes the venue's state (what filled is kept) and the execution log gets one row with `note` as
 * its error code, so the history and the analytics see the outcome. Returns false, storing
 * nothing, for an order that is not ours or belongs to another user.
 */
export async function recordVenueOrder(
  deps: { readonly orders: OrderRepository; readonly clock: Clock },
  userId: number,
  order: ExchangeOrder,
  o: { readonly action: ExecutionAction; readonly note: string },
): Promise<boolean> {
  const record = order.clientOrderId ? await deps.orders.findByClientOrderId(order.clientOrderId) : null;
  if (!record || record.userId !== userId) return false;
  const now = deps.clock.now();
  const status = orderStatusFromExchange(order);
  await deps.orders.updateOrder(record.id, {
    status, exchangeOrderId: order.id, filledQtyBase: order.filledQtyBase, avgFillPrice: order.avgPrice, feeQuote: order.feeQuote, error: o.note, at: now,
  });
  const entry: ExecutionLogEntry = {
    userId, positionId: record.positionId, orderId: record.id, timestamp: now, action: o.action, symbol: record.symbol, orderType: record.type,
    requestedPrice: record.limitPrice, signalPrice: null, executedPrice: order.avgPrice, slippagePct: null, requestedQtyBase: record.qtyBase,
    filledQtyBase: order.filledQtyBase, fillPct: record.qtyBase.gt(0) ? order.filledQtyBase.div(record.qtyBase).mul(HUNDRED) : ZERO,
    feesQuote: order.feeQuote, executionTimeMs: 0, status: executionStatusOf(status), errorMessage: o.note, retryCount: 0,
    volatilityPct: null, liquidityQuote: null,
  };
  await deps.orders.appendExecutionLog(entry);
  return true;
}
