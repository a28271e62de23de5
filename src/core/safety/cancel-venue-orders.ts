import type { OrderRepository } from '../execution/order-repository.js';
import type { Clock, ExchangeOrder, Logger } from '../ports.js';
import type { KillVenue } from './kill-venue.js';
import type { CancelFailure, CancelledOrder } from './kill-switch-types.js';
import { recordVenueOrder } from './record-venue-order.js';

export interface CancelDeps {
  readonly orders: OrderRepository;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface VenueCancelResult {
  readonly cancelled: CancelledOrder[];
  readonly failures: CancelFailure[];
}

/**
 * Cancels the given open orders of one venue, in parallel within the venue's order rate. A cancel
 * of one of our orders is recorded (the venue's final state, a 'cancel' log row KILL_SWITCH_CANCEL);
 * orders placed outside the assistant are cancelled too (flatten means everything) and only
 * reported. A cancel that fails is reported; the caller reads the venue again and retries.
 */
export async function cancelVenueOrders(deps: CancelDeps, venue: KillVenue, open: readonly ExchangeOrder[]): Promise<VenueCancelResult> {
  const result: VenueCancelResult = { cancelled: [], failures: [] };
  const exchange = venue.exchange;
  if (!exchange) return result;
  await Promise.all(
    open.map(async (order) => {
      try {
        await venue.bucket.take();
        const final = await exchange.cancelOrder(order.symbol, order.id);
        // The listed order's client id: some venues answer a cancel with the cancel request's own id.
        // A venue echoing the order as still open has accepted the cancel: it is recorded as cancelled.
        const state: ExchangeOrder = { ...final, clientOrderId: order.clientOrderId, status: final.status === 'open' ? 'canceled' : final.status };
        const isOurs = await recordVenueOrder(deps, venue.wallet.userId, state, { action: 'cancel', note: 'KILL_SWITCH_CANCEL' });
        result.cancelled.push({ walletId: venue.wallet.id, symbol: order.symbol, exchangeOrderId: order.id, clientOrderId: order.clientOrderId, isOurs });
      } catch (error) {
        deps.log.warn({ walletId: venue.wallet.id, symbol: order.symbol, orderId: order.id, err: error }, 'kill switch: cancel failed');
        result.failures.push({ walletId: venue.wallet.id, symbol: order.symbol, exchangeOrderId: order.id, message: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return result;
}
