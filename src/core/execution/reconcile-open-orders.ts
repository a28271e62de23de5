import { HUNDRED, ZERO } from '../money.js';
import type { Clock, Exchange, ExchangeOrder, Logger } from '../ports.js';
import { lookUpOrder } from './look-up-order.js';
import type { ExecutionLogEntry, OrderRecord, OrderRepository, OrderStatus } from './order-repository.js';
import { executionStatusOf, orderStatusFromExchange } from './order-status-from-exchange.js';
import { executionActionOf } from './run-order-leg.js';

export interface ReconcileDeps {
  readonly orders: OrderRepository;
  /** The exchange of the order's wallet. */
  readonly exchangeFor: (order: OrderRecord) => Promise<Exchange>;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: Logger;
  /** Lookups per order before giving up on it for this run (default 2, 250 ms apart at first). */
  readonly lookups?: number;
  readonly lookupBaseMs?: number;
}

export interface ReconcileSummary {
  /** Unresolved orders found in the store. */
  readonly checked: number;
  readonly filled: number;
  readonly partiallyFilled: number;
  readonly canceled: number;
  /** The venue has no order with that client id: it never arrived (recorded 'rejected', NOT_AT_VENUE). */
  readonly notAtVenue: number;
  /** Still live at the venue and left open (resting protective orders, or a cancel that failed). */
  readonly stillOpen: number;
  /** Not settled this run (the venue could not be asked): left as they were for the next run. */
  readonly failed: number;
}

/**
 * Settles, at start-up, every order without a final state (intent, sent, unknown, open) by looking
 * it up by client id. Nothing is ever resent: a found order is recorded as the venue reports it,
 * an absent one as 'rejected' with NOT_AT_VENUE. An order still resting at the venue whose
 * executor died (a market or limit order of ours that is not a protective stop or take-profit)
 * is cancelled, since nobody honours its time-out any more; what filled is kept. Each settled
 * order gets an execution log row with error RECONCILED_AFTER_RESTART or NOT_AT_VENUE.
 * Run it before anything can place orders: an order being sent concurrently would look absent.
 */
export async function reconcileOpenOrders(deps: ReconcileDeps): Promise<ReconcileSummary> {
  const counts = { checked: 0, filled: 0, partiallyFilled: 0, canceled: 0, notAtVenue: 0, stillOpen: 0, failed: 0 };
  for (const order of await deps.orders.listUnresolved()) {
    counts.checked++;
    const settled = await settleOrderWithVenue(deps, order);
    if (settled.kind === 'failed') counts.failed++;
    else if (settled.kind === 'not_at_venue') counts.notAtVenue++;
    else if (settled.order.status === 'open') counts.stillOpen++;
    else if (settled.order.status === 'filled') counts.filled++;
    else if (settled.order.status === 'partially_filled') counts.partiallyFilled++;
    else counts.canceled++;
  }
  if (counts.checked > 0) deps.log.info(counts, 'reconciled unresolved orders');
  return counts;
}

/** What settling one order needs: the reconciler's deps, writing only updates and log rows. */
export type SettleOrderDeps = Omit<ReconcileDeps, 'orders'> & { readonly orders: Pick<OrderRepository, 'updateOrder' | 'appendExecutionLog'> };

/** How one unresolved order was settled: `order` is the stored record after the update. */
export type SettledOrder =
  | { readonly kind: 'settled'; readonly order: OrderRecord }
  | { readonly kind: 'not_at_venue'; readonly order: OrderRecord }
  /** The exchange could not be reached or asked: nothing was changed. */
  | { readonly kind: 'failed' };

/**
 * Settles one unresolved order with the venue, as reconcileOpenOrders does for each: looked up by
 * client id (never resent), recorded as the venue reports it, an orphaned order of ours cancelled.
 * Only call it for an order no executor is working on any more (after a restart, or once the
 * executor has returned `unknown` for it).
 */
export async function settleOrderWithVenue(deps: SettleOrderDeps, order: OrderRecord): Promise<SettledOrder> {
  const log = deps.log.child({ clientOrderId: order.clientOrderId, symbol: order.symbol, was: order.status });
  let exchange: Exchange;
  try {
    exchange = await deps.exchangeFor(order);
  } catch (error) {
    log.error({ err: error }, 'reconcile: exchange unavailable, order left unresolved');
    return { kind: 'failed' };
  }
  const found = await lookUpOrder({ exchange, sleep: deps.sleep, random: deps.random, log }, order.symbol, order.clientOrderId, {
    attempts: deps.lookups ?? 2,
    baseMs: deps.lookupBaseMs ?? 250,
    maxMs: 4_000,
    waitFirst: false,
  });
  if (found.kind === 'failed') {
    log.error({ message: found.message }, 'reconcile: lookups failed, order left unresolved');
    return { kind: 'failed' };
  }
  if (found.kind === 'absent') {
    const updated = await deps.orders.updateOrder(order.id, { status: 'rejected', error: 'NOT_AT_VENUE', at: deps.clock.now() });
    await deps.orders.appendExecutionLog(logEntry(deps, order, 'rejected', null, 'NOT_AT_VENUE'));
    log.info({}, 'reconcile: order never reached the venue');
    return { kind: 'not_at_venue', order: updated };
  }
  const venueOrder = await cancelIfOrphaned(exchange, order, found.order, log);
  const status = orderStatusFromExchange(venueOrder);
  const updated = await deps.orders.updateOrder(order.id, {
    status, exchangeOrderId: venueOrder.id, filledQtyBase: venueOrder.filledQtyBase, avgFillPrice: venueOrder.avgPrice, feeQuote: venueOrder.feeQuote,
    error: status === 'open' ? order.error : 'RECONCILED_AFTER_RESTART', at: deps.clock.now(),
  });
  if (status !== 'open') {
    await deps.orders.appendExecutionLog(logEntry(deps, order, status, venueOrder, 'RECONCILED_AFTER_RESTART'));
    log.info({ status, filledQtyBase: venueOrder.filledQtyBase.toString() }, 'reconcile: order settled');
  }
  return { kind: 'settled', order: updated };
}

async function cancelIfOrphaned(exchange: Exchange, order: OrderRecord, venueOrder: ExchangeOrder, log: Logger): Promise<ExchangeOrder> {
  const isOurs = order.purpose !== 'stop' && order.purpose !== 'take_profit';
  if (venueOrder.status !== 'open' || !isOurs) return venueOrder;
  try {
    return await exchange.cancelOrder(order.symbol, venueOrder.id);
  } catch (error) {
    log.warn({ err: error }, 'reconcile: cancel of an orphaned order failed, left open');
    return venueOrder;
  }
}

function logEntry(deps: Pick<ReconcileDeps, 'clock'>, order: OrderRecord, status: OrderStatus, venueOrder: ExchangeOrder | null, error: string): ExecutionLogEntry {
  const filled = venueOrder?.filledQtyBase ?? ZERO;
  return {
    userId: order.userId, positionId: order.positionId, orderId: order.id, timestamp: deps.clock.now(), action: executionActionOf(order.purpose),
    symbol: order.symbol, orderType: order.type, requestedPrice: null, signalPrice: null, executedPrice: venueOrder?.avgPrice ?? null, slippagePct: null,
    requestedQtyBase: order.qtyBase, filledQtyBase: filled, fillPct: order.qtyBase.gt(0) ? filled.div(order.qtyBase).mul(HUNDRED) : ZERO,
    feesQuote: venueOrder?.feeQuote ?? ZERO, executionTimeMs: 0, status: executionStatusOf(status), errorMessage: error, retryCount: 0,
    volatilityPct: null, liquidityQuote: null,
  };
}
