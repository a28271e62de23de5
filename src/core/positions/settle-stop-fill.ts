import { computeSlippagePct } from '../execution/compute-slippage-pct.js';
import type { OrderRepository } from '../execution/order-repository.js';
import { executionStatusOf, orderStatusFromExchange } from '../execution/order-status-from-exchange.js';
import { HUNDRED, ZERO, minDec, type Decimal } from '../money.js';
import type { ExchangeOrder, Logger, MarketRules } from '../ports.js';
import type { PositionRecord } from './position-record.js';
import type { PositionRepository } from './position-repository.js';
import { recordExitFill, type PositionCloseSummary } from './record-exit-fill.js';
import { restingStopPatch } from './resting-stop.js';
import { toManagedPosition } from './to-managed-position.js';

export interface SettleStopFillDeps {
  readonly store: Pick<PositionRepository, 'update'>;
  readonly orders: Pick<OrderRepository, 'findByClientOrderId' | 'updateOrder' | 'appendExecutionLog'>;
  readonly log: Logger;
}

/** A resting stop the venue executed (in full or in part), booked on its position. */
export interface SettledStopFill {
  readonly record: PositionRecord;
  /** Set when the stop ended the position. */
  readonly closed: PositionCloseSummary | null;
  readonly filledQtyBase: Decimal;
  readonly avgPriceQuote: Decimal | null;
  readonly feeQuote: Decimal;
}

/** The close reason of a position the venue's resting stop closed: the same as a stop the monitor executes. */
export const STOP_CLOSE_REASON = 'STOP_HIT';

/**
 * Books a resting stop that is no longer live at the venue (`order`: filled, or cancelled or
 * expired after a partial fill) on its position, and forgets it (the position records no resting
 * stop afterwards). Its order row takes the venue's state and, the first time the fill is seen, an
 * execution log row (action stop, slippage against the trigger). The fill moves the position like
 * any exit (recordExitFill: quantity, realised P&L, fees), and a position left with nothing
 * tradeable is closed with reason STOP_HIT and its result in R. A stop that filled nothing only
 * clears the record. The caller holds the position's lock.
 */
export async function settleStopFill(
  deps: SettleStopFillDeps,
  x: { readonly record: PositionRecord; readonly order: ExchangeOrder; readonly market: MarketRules; readonly now: Date },
): Promise<SettledStopFill> {
  const { record, order, now } = x;
  await recordStopOrder(deps, record, order, now);
  const filled = minDec(order.filledQtyBase, record.qtyBase);
  const fill = filled.gt(0) && order.avgPrice !== null ? { qtyBase: filled, priceQuote: order.avgPrice, feeUsd: order.feeQuote } : null;
  const booked = recordExitFill(toManagedPosition(record, x.market), record, fill, {
    reason: STOP_CLOSE_REASON, closesPosition: true, market: x.market, markPriceQuote: order.avgPrice ?? record.stopPrice, now,
  });
  // A stop that filled nothing changed nothing but the record of the stop: the pending-exit marker, if any, stays.
  const patch = fill === null ? restingStopPatch(null) : { ...booked.patch, ...restingStopPatch(null) };
  const updated = await deps.store.update(record.id, patch);
  if (fill !== null) {
    deps.log.info({
      positionId: record.id, clientOrderId: order.clientOrderId, filledQtyBase: filled.toString(), avgPrice: order.avgPrice?.toString() ?? null, closed: booked.closed !== null,
    }, 'resting stop executed at the venue');
  }
  return { record: updated, closed: fill === null ? null : booked.closed, filledQtyBase: fill === null ? ZERO : filled, avgPriceQuote: fill?.priceQuote ?? null, feeQuote: fill?.feeUsd ?? ZERO };
}

/**
 * Stores the venue's final state of a resting stop on its order row; the first time a fill is seen
 * (the row was not final yet), an execution log row too, so the history, the slippage analytics and
 * the balance check see the stop's trade. A stop we have no row of is only logged.
 */
export async function recordStopOrder(deps: Pick<SettleStopFillDeps, 'orders' | 'log'>, record: PositionRecord, order: ExchangeOrder, now: Date): Promise<void> {
  const row = await deps.orders.findByClientOrderId(order.clientOrderId);
  if (!row) {
    deps.log.warn({ positionId: record.id, clientOrderId: order.clientOrderId }, 'resting stop without an order row');
    return;
  }
  const status = orderStatusFromExchange(order);
  const wasFinal = row.status !== 'intent' && row.status !== 'sent' && row.status !== 'unknown' && row.status !== 'open';
  if (wasFinal && row.filledQtyBase.gte(order.filledQtyBase)) return;
  await deps.orders.updateOrder(row.id, {
    status, exchangeOrderId: order.id, filledQtyBase: order.filledQtyBase, avgFillPrice: order.avgPrice, feeQuote: order.feeQuote, at: now,
  });
  if (order.filledQtyBase.lte(0) || status === 'open') return;
  const trigger = order.triggerPrice ?? row.triggerPrice ?? null;
  await deps.orders.appendExecutionLog({
    userId: row.userId, positionId: row.positionId, orderId: row.id, timestamp: now, action: 'stop', symbol: row.symbol, orderType: order.type,
    requestedPrice: trigger, signalPrice: trigger, executedPrice: order.avgPrice,
    slippagePct: trigger !== null && order.avgPrice !== null ? computeSlippagePct(order.side, trigger, order.avgPrice) : null,
    requestedQtyBase: row.qtyBase, filledQtyBase: order.filledQtyBase, fillPct: row.qtyBase.gt(0) ? order.filledQtyBase.div(row.qtyBase).mul(HUNDRED) : ZERO,
    feesQuote: order.feeQuote, executionTimeMs: 0, status: executionStatusOf(status), errorMessage: 'STOP_TRIGGERED_AT_VENUE', retryCount: 0,
    volatilityPct: null, liquidityQuote: null,
  });
}
