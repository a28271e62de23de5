import type { OrderRepository } from '../execution/order-repository.js';
import type { Clock, ExchangeOrder, Logger } from '../ports.js';
import type { PositionRecord } from './position-record.js';
import type { PositionRepository } from './position-repository.js';
import { restingStopPatch, type RestingStop, type StopTarget } from './resting-stop.js';
import { recordStopOrder, settleStopFill, type SettledStopFill } from './settle-stop-fill.js';

/** What looking up and cancelling a position's resting stop needs. */
export interface ProtectiveStopIo {
  readonly store: Pick<PositionRepository, 'update'>;
  readonly orders: Pick<OrderRepository, 'updateOrder' | 'findByClientOrderId' | 'appendExecutionLog'>;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Settles the recorded stop's state when the venue's answer to its send was lost: live (now known
 * by its venue id), executed (booked), or never at the venue / ended unfilled (forgotten).
 * 'unknown' when the lookup itself failed: nothing may be sent for this position now.
 */
export async function resolveRestingStop(deps: ProtectiveStopIo, t: StopTarget, stop: RestingStop): Promise<
  { kind: 'live'; record: PositionRecord; stop: RestingStop & { exchangeOrderId: string } } | { kind: 'gone'; record: PositionRecord } | ({ kind: 'triggered' } & SettledStopFill) | { kind: 'unknown'; message: string }
> {
  let found: ExchangeOrder | null;
  try {
    found = await t.exchange.fetchOrderByClientId(t.record.symbol, stop.clientOrderId);
  } catch (error) {
    return { kind: 'unknown', message: messageOf(error) };
  }
  const now = deps.clock.now();
  if (found === null) {
    const row = await deps.orders.findByClientOrderId(stop.clientOrderId);
    if (row && row.status !== 'rejected') await deps.orders.updateOrder(row.id, { status: 'rejected', error: 'NOT_AT_VENUE', at: now });
    return { kind: 'gone', record: await deps.store.update(t.record.id, restingStopPatch(null)) };
  }
  if (found.status === 'open' && found.filledQtyBase.isZero()) {
    await recordStopOrder(deps, t.record, found, now);
    const live = { ...stop, exchangeOrderId: found.id };
    return { kind: 'live', record: await deps.store.update(t.record.id, restingStopPatch(live)), stop: live };
  }
  if (found.status === 'open') {
    // A stop-limit that filled in part and still rests: nothing else may sell those coins, so the rest is cancelled and the part booked.
    const cancelled = await cancelRestingStop(deps, t, { clientOrderId: stop.clientOrderId, exchangeOrderId: found.id });
    if (cancelled.kind === 'failed') return { kind: 'unknown', message: cancelled.message };
    found = cancelled.order;
  }
  if (found.filledQtyBase.gt(0)) return { kind: 'triggered', ...(await settleStopFill(deps, { record: t.record, order: found, market: t.market, now })) };
  await recordStopOrder(deps, t.record, found, now);
  return { kind: 'gone', record: await deps.store.update(t.record.id, restingStopPatch(null)) };
}

/**
 * Cancels a stop and returns its final state. When the cancel fails or is echoed as still open,
 * the stop is looked up once: one that already executed cannot be cancelled (Binance answers
 * -2011 "Unknown order sent."), and its state says what happened. Failed only when neither tells.
 */
export async function cancelRestingStop(deps: Pick<ProtectiveStopIo, 'log'>, t: StopTarget, stop: { readonly clientOrderId: string; readonly exchangeOrderId: string }): Promise<{ kind: 'done'; order: ExchangeOrder } | { kind: 'failed'; message: string }> {
  let message = 'the venue still reports the stop open';
  try {
    const order = await t.exchange.cancelOrder(t.record.symbol, stop.exchangeOrderId);
    if (order.status !== 'open') return { kind: 'done', order };
  } catch (error) {
    message = messageOf(error);
  }
  try {
    const found = await t.exchange.fetchOrderByClientId(t.record.symbol, stop.clientOrderId);
    if (found && found.status !== 'open') return { kind: 'done', order: found };
  } catch (error) {
    deps.log.warn({ positionId: t.record.id, clientOrderId: stop.clientOrderId, err: error }, 'resting stop lookup after a failed cancel failed');
  }
  return { kind: 'failed', message };
}

/** An error as one line for logs and alerts. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
