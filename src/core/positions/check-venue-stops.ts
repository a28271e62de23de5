import { isOurClientOrderId } from '../execution/client-order-id.js';
import type { OrderRepository } from '../execution/order-repository.js';
import { orderStatusFromExchange } from '../execution/order-status-from-exchange.js';
import type { Clock, Exchange, Logger } from '../ports.js';
import type { PositionRecord } from './position-record.js';

export interface VenueStopCheck {
  /** Positions whose recorded resting stop the venue no longer lists as open (executed, cancelled, or never placed). */
  readonly missing: readonly number[];
  /** Stops of ours the venue holds that no position names (a replacement raced a lost answer): cancelled. */
  readonly orphansCancelled: number;
}

/**
 * Compares one wallet's recorded resting stops with the venue's open orders (one request for the
 * whole wallet, however many positions): a stop that is not listed any more is reported `missing`
 * (the caller looks it up by client id: it may have executed while the price came back before the
 * monitor looked). A live stop order of ours for this wallet that no open position names is an
 * orphan, which must not stay live next to the position's own stop: it is cancelled and its order
 * row updated, unless `isBusy` says its position is being worked on right now (its new stop may not
 * be recorded in `records` yet). Orders placed outside the assistant are left alone.
 * Throws when the open orders cannot be read (the caller retries on its next tick).
 */
export async function checkVenueStops(
  deps: { readonly orders: Pick<OrderRepository, 'findByClientOrderId' | 'updateOrder'>; readonly clock: Clock; readonly log: Logger },
  x: { readonly walletId: number; readonly exchange: Exchange; readonly records: readonly PositionRecord[]; readonly isBusy: (positionId: number) => boolean },
): Promise<VenueStopCheck> {
  const open = await x.exchange.fetchOpenOrders();
  const live = new Set(open.map((o) => o.clientOrderId));
  const named = new Set<string>();
  const missing: number[] = [];
  for (const r of x.records) {
    const id = r.stopOrderClientId ?? null;
    if (id === null) continue;
    named.add(id);
    if (!live.has(id)) missing.push(r.id);
  }
  let orphansCancelled = 0;
  for (const o of open) {
    const isStop = o.type === 'stop_market' || o.type === 'stop_limit';
    if (!isStop || named.has(o.clientOrderId) || !isOurClientOrderId(o.clientOrderId)) continue;
    const row = await deps.orders.findByClientOrderId(o.clientOrderId);
    if (!row || row.purpose !== 'stop' || row.walletId !== x.walletId || (row.positionId !== null && x.isBusy(row.positionId))) continue;
    try {
      const cancelled = await x.exchange.cancelOrder(o.symbol, o.id);
      const final = cancelled.status === 'open' ? { ...cancelled, status: 'canceled' as const } : cancelled;
      await deps.orders.updateOrder(row.id, {
        status: orderStatusFromExchange(final), exchangeOrderId: o.id, filledQtyBase: final.filledQtyBase, avgFillPrice: final.avgPrice, feeQuote: final.feeQuote,
        error: 'ORPHANED_STOP_CANCELLED', at: deps.clock.now(),
      });
      orphansCancelled++;
      const log = final.filledQtyBase.gt(0) ? deps.log.error.bind(deps.log) : deps.log.warn.bind(deps.log);
      log({ walletId: x.walletId, positionId: row.positionId, clientOrderId: o.clientOrderId, filledQtyBase: final.filledQtyBase.toString() }, 'orphaned resting stop cancelled');
    } catch (error) {
      deps.log.warn({ walletId: x.walletId, clientOrderId: o.clientOrderId, err: error }, 'orphaned resting stop not cancelled, retried at the next check');
    }
  }
  return { missing, orphansCancelled };
}
