import type { OrderRepository } from '../execution/order-repository.js';
import { orderStatusFromExchange } from '../execution/order-status-from-exchange.js';
import { ZERO, type Decimal } from '../money.js';
import type { Exchange, ExchangeOrder, Logger, MarketRules } from '../ports.js';
import type { ManagedPosition } from './managed-position.js';
import type { PendingExit, PositionPatch, PositionRecord } from './position-record.js';
import type { ManagedPositionStore, PositionOrderFill } from './position-repository.js';
import { recordExitFill, type PositionCloseSummary } from './record-exit-fill.js';

export interface SettlePendingExitDeps {
  readonly store: Pick<ManagedPositionStore, 'ordersSince' | 'update'>;
  readonly orders: Pick<OrderRepository, 'updateOrder'>;
  readonly log: Logger;
}

export type SettleOutcome =
  | {
      readonly kind: 'settled';
      readonly pending: PendingExit;
      readonly record: PositionRecord;
      readonly position: ManagedPosition;
      /** Quantity the exit's orders filled in total (zero: it never executed). */
      readonly filledQtyBase: Decimal;
      readonly avgPriceQuote: Decimal | null;
      readonly closed: PositionCloseSummary | null;
    }
  /** An order of the exit is still live or unknown at the venue: the position waits, nothing is sent. */
  | { readonly kind: 'waiting'; readonly unresolved: number };

const finalStatuses = new Set(['filled', 'partially_filled', 'canceled', 'rejected']);
const exitPurposes = new Set(['exit', 'stop', 'take_profit', 'scale_out']);

/**
 * Settles an exit left pending by a crash or a lost venue answer (PositionRecord.pendingExit),
 * without ever sending it again. The exit's orders (those of the position created since the marker)
 * that are not final are looked up at the venue by client id: a finished one is recorded as
 * reported, a resting one nobody watches any more is cancelled first, an absent one is recorded
 * rejected (NOT_AT_VENUE: the caller holds the position's lock, so none is in flight). When all are
 * final, their fills are booked together (recordExitFill) and the marker cleared; a scale-out that
 * filled nothing gives its level back (scaleOutsDone = level − 1) so it can be tried again.
 * Returns waiting while any order cannot be settled yet (lookup failed, cancel unconfirmed).
 */
export async function settlePendingExit(
  deps: SettlePendingExitDeps,
  x: { readonly record: PositionRecord; readonly position: ManagedPosition; readonly exchange: Exchange; readonly market: MarketRules; readonly markPriceQuote: Decimal; readonly now: Date },
): Promise<SettleOutcome> {
  const pending = x.record.pendingExit!;
  const log = deps.log.child({ positionId: x.record.id, symbol: x.record.symbol, pendingExit: pending.reason });
  // Resting protective stops share the purpose 'stop' with stop exits, but are not part of the exit:
  // what one of them filled was booked when it was cancelled before the exit (syncProtectiveStop).
  const orders = (await deps.store.ordersSince(x.record.id, pending.since)).filter((o) => exitPurposes.has(o.purpose) && !o.type?.startsWith('stop_'));
  const settled: PositionOrderFill[] = [];
  let unresolved = 0;
  for (const order of orders) {
    if (finalStatuses.has(order.status)) {
      settled.push(order);
      continue;
    }
    const venue = await lookUp(x.exchange, x.record.symbol, order, log);
    if (venue === undefined) {
      unresolved++;
      continue;
    }
    settled.push(await recordVenueAnswer(deps, order, venue, x.now));
  }
  if (unresolved > 0) return { kind: 'waiting', unresolved };

  let qty = ZERO;
  let notional = ZERO;
  let fee = ZERO;
  for (const o of settled) {
    if (o.filledQtyBase.lte(0) || o.avgFillPrice === null) continue;
    qty = qty.plus(o.filledQtyBase);
    notional = notional.plus(o.filledQtyBase.mul(o.avgFillPrice));
    fee = fee.plus(o.feeQuote);
  }
  const fillQty = qty.gt(x.position.qtyBase) ? x.position.qtyBase : qty;
  const avg = qty.gt(0) ? notional.div(qty) : null;
  const recorded = recordExitFill(x.position, x.record, avg === null ? null : { qtyBase: fillQty, priceQuote: avg, feeUsd: fee }, {
    reason: pending.reason, closesPosition: pending.purpose !== 'scale_out', market: x.market, markPriceQuote: avg ?? x.markPriceQuote, now: x.now,
  });
  const patch: PositionPatch = avg === null && pending.level !== null && x.record.scaleOutsDone >= pending.level
    ? { ...recorded.patch, scaleOutsDone: pending.level - 1 }
    : recorded.patch;
  const record = await deps.store.update(x.record.id, patch);
  log.info({ orders: settled.length, filledQtyBase: qty.toString(), closed: recorded.closed !== null }, 'pending exit settled');
  return { kind: 'settled', pending, record, position: recorded.position, filledQtyBase: fillQty, avgPriceQuote: avg, closed: recorded.closed };
}

/** The venue's order (cancelled first if it still rests), null when the venue does not have it, undefined when unknown. */
async function lookUp(exchange: Exchange, symbol: string, order: PositionOrderFill, log: Logger): Promise<ExchangeOrder | null | undefined> {
  try {
    const found = await exchange.fetchOrderByClientId(symbol, order.clientOrderId);
    if (found === null || found.status !== 'open') return found;
    const cancelled = await exchange.cancelOrder(symbol, found.id);
    return cancelled.status === 'open' ? undefined : cancelled;
  } catch (error) {
    log.warn({ clientOrderId: order.clientOrderId, err: error }, 'pending exit: order lookup failed, retried next tick');
    return undefined;
  }
}

async function recordVenueAnswer(deps: SettlePendingExitDeps, order: PositionOrderFill, venue: ExchangeOrder | null, now: Date): Promise<PositionOrderFill> {
  if (venue === null) {
    await deps.orders.updateOrder(order.id, { status: 'rejected', error: 'NOT_AT_VENUE', at: now });
    return { ...order, status: 'rejected', filledQtyBase: ZERO, avgFillPrice: null, feeQuote: ZERO };
  }
  const status = orderStatusFromExchange(venue);
  await deps.orders.updateOrder(order.id, {
    status, exchangeOrderId: venue.id, filledQtyBase: venue.filledQtyBase, avgFillPrice: venue.avgPrice, feeQuote: venue.feeQuote, error: 'UNKNOWN_OUTCOME_RESOLVED', at: now,
  });
  return { ...order, status, filledQtyBase: venue.filledQtyBase, avgFillPrice: venue.avgPrice, feeQuote: venue.feeQuote };
}
