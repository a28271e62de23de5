import { HUNDRED, ZERO, type Decimal } from '../money.js';
import type { ExchangeOrder, OrderRequest, RefusalReason } from '../ports.js';
import { awaitLimitFill } from './await-limit-fill.js';
import type { OrderRoute } from './choose-order-route.js';
import { computeSlippagePct } from './compute-slippage-pct.js';
import type { ExecuteOrderRequest, ExecutorConfig, ExecutorDeps } from './executor-types.js';
import type { MarketConditions } from './fetch-market-conditions.js';
import { notifyLargeSlippage } from './notify-large-slippage.js';
import type { ExecutionAction, ExecutionLogEntry, ExecutionStatus, OrderPurpose, OrderStatus } from './order-repository.js';
import { executionStatusOf, orderStatusFromExchange } from './order-status-from-exchange.js';
import { submitWithRetry } from './submit-with-retry.js';

/** One order the executor places for a request (the first, or a repriced / converted rest). */
export interface LegInput {
  readonly request: ExecuteOrderRequest;
  readonly clientOrderId: string;
  readonly qtyBase: Decimal;
  readonly route: OrderRoute;
  readonly conditions: MarketConditions;
  readonly reduceOnly: boolean;
}

interface LegCommon {
  readonly clientOrderId: string;
  /** Sends of this order, first included. */
  readonly attempts: number;
}

export type LegResult = LegCommon &
  (
    | {
        readonly kind: 'settled';
        readonly status: OrderStatus;
        readonly order: ExchangeOrder;
        /** A limit order cancelled at its time-out. */
        readonly timedOut: boolean;
        readonly slippageVsSendPct: Decimal | null;
      }
    | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly retryable: boolean; readonly message: string }
    | { readonly kind: 'unknown'; readonly message: string }
  );

const actions: Readonly<Record<OrderPurpose, ExecutionAction>> = {
  entry: 'open',
  exit: 'close',
  take_profit: 'close',
  stop: 'stop',
  scale_out: 'scale_out',
  kill: 'kill',
};

/** The execution log's action for an order purpose. */
export function executionActionOf(purpose: OrderPurpose): ExecutionAction {
  return actions[purpose];
}

/**
 * Places one order end to end: stores the intent, marks it sent, submits (retrying throttles,
 * looking up unknown outcomes), waits out a resting limit order and cancels it at its time-out,
 * records the final state, writes one execution log row per send, and alerts on large slippage.
 * If the adapter throws (an unmapped error, possibly after the request left) the order is marked
 * unknown for the reconciler before the error propagates.
 */
export async function runOrderLeg(deps: ExecutorDeps, config: ExecutorConfig, leg: LegInput): Promise<LegResult> {
  const { orders, clock } = deps;
  const { request: req, route, conditions, qtyBase, clientOrderId } = leg;
  const limitPrice = route.type === 'market' ? route.capPrice : route.limitPrice;
  const record = await orders.recordIntent({
    userId: req.userId, walletId: req.walletId, positionId: req.positionId ?? null, clientOrderId, symbol: req.symbol,
    side: req.side, type: route.type, purpose: req.purpose, reduceOnly: leg.reduceOnly, qtyBase, limitPrice, createdAt: clock.now(),
  });
  const requestedPrice = route.type === 'market' ? conditions.touchPrice : route.limitPrice;
  const logRow = (fields: Pick<ExecutionLogEntry, 'status' | 'errorMessage' | 'retryCount' | 'executionTimeMs'> & { order?: ExchangeOrder; slippagePct?: Decimal | null }): Promise<void> => {
    const filled = fields.order?.filledQtyBase ?? ZERO;
    return orders.appendExecutionLog({
      userId: req.userId, positionId: req.positionId ?? null, orderId: record.id, timestamp: clock.now(), action: executionActionOf(req.purpose),
      symbol: req.symbol, orderType: route.type, requestedPrice, signalPrice: req.signalPriceQuote, executedPrice: fields.order?.avgPrice ?? null,
      slippagePct: fields.slippagePct ?? null, requestedQtyBase: qtyBase, filledQtyBase: filled, fillPct: filled.div(qtyBase).mul(HUNDRED),
      feesQuote: fields.order?.feeQuote ?? ZERO, executionTimeMs: fields.executionTimeMs, status: fields.status, errorMessage: fields.errorMessage,
      retryCount: fields.retryCount, volatilityPct: conditions.volatilityPct, liquidityQuote: conditions.estimate.liquidityQuote,
    });
  };
  const sinceMs = (startedMs: number) => Math.max(0, Math.round(deps.elapsedMs() - startedMs));

  const orderRequest: OrderRequest = { clientOrderId, symbol: req.symbol, side: req.side, type: route.type, qtyBase, limitPrice, reduceOnly: leg.reduceOnly };
  await orders.updateOrder(record.id, { status: 'sent', at: clock.now() });
  deps.log.info({ clientOrderId, symbol: req.symbol, side: req.side, type: route.type, qtyBase: qtyBase.toString(), limitPrice: limitPrice.toString(), route: route.reason }, 'order sent');
  const legStartedMs = deps.elapsedMs();
  let submitted;
  try {
    submitted = await submitWithRetry(deps, config, orderRequest, (a) =>
      logRow({ status: 'failed', errorMessage: `${a.reason}: ${a.message}`, retryCount: a.retry, executionTimeMs: a.executionTimeMs }),
    );
  } catch (error) {
    await orders.updateOrder(record.id, { status: 'unknown', error: 'SUBMIT_ERROR', at: clock.now() });
    await logRow({ status: 'unknown', errorMessage: `SUBMIT_ERROR: ${error instanceof Error ? error.message : String(error)}`, retryCount: 0, executionTimeMs: sinceMs(legStartedMs) });
    throw error;
  }
  const common = { clientOrderId, attempts: submitted.retries + 1 };
  const attemptMs = () => sinceMs(submitted.attemptStartedMs);

  if (submitted.kind === 'refused') {
    await orders.updateOrder(record.id, { status: 'rejected', error: submitted.reason, at: clock.now() });
    await logRow({ status: 'failed', errorMessage: `${submitted.reason}: ${submitted.message}`, retryCount: submitted.retries, executionTimeMs: attemptMs() });
    deps.log.info({ clientOrderId, reason: submitted.reason }, 'order refused');
    return { ...common, kind: 'refused', reason: submitted.reason, retryable: submitted.retryable, message: submitted.message };
  }
  if (submitted.kind === 'unknown') {
    // Left 'unknown' for the start-up reconciler: resending could double the position.
    await orders.updateOrder(record.id, { status: 'unknown', error: 'UNKNOWN_OUTCOME', at: clock.now() });
    await logRow({ status: 'unknown', errorMessage: `UNKNOWN_OUTCOME: ${submitted.message}`, retryCount: submitted.retries, executionTimeMs: attemptMs() });
    deps.log.error({ clientOrderId, symbol: req.symbol, message: submitted.message }, 'order outcome unknown after lookups');
    return { ...common, kind: 'unknown', message: submitted.message };
  }

  let order = submitted.order;
  let timedOut = false;
  if (order.status === 'open') {
    // Recorded before waiting, so a crash while it rests leaves an 'open' row for the reconciler.
    await orders.updateOrder(record.id, { status: 'open', exchangeOrderId: order.id, filledQtyBase: order.filledQtyBase, avgFillPrice: order.avgPrice, feeQuote: order.feeQuote, at: clock.now() });
    const waited = await awaitLimitFill(deps, config, order, route.type === 'limit' ? route.timeoutMs : 0);
    if (waited.kind === 'unsettled') {
      await orders.updateOrder(record.id, { status: 'open', filledQtyBase: waited.order.filledQtyBase, avgFillPrice: waited.order.avgPrice, feeQuote: waited.order.feeQuote, error: 'CANCEL_UNCONFIRMED', at: clock.now() });
      await logRow({ status: 'unknown', errorMessage: `CANCEL_UNCONFIRMED: ${waited.message}`, retryCount: submitted.retries, executionTimeMs: attemptMs(), order: waited.order });
      return { ...common, kind: 'unknown', message: waited.message };
    }
    order = waited.order;
    timedOut = waited.timedOut;
  }

  const status = orderStatusFromExchange(order);
  const error = timedOut ? 'LIMIT_TIMEOUT' : status === 'filled' ? null : route.type === 'market' ? 'PRICE_CAP_REACHED' : null;
  await orders.updateOrder(record.id, { status, exchangeOrderId: order.id, filledQtyBase: order.filledQtyBase, avgFillPrice: order.avgPrice, feeQuote: order.feeQuote, error, at: clock.now() });
  const slippageVsSendPct = order.avgPrice === null ? null : computeSlippagePct(req.side, requestedPrice, order.avgPrice);
  const note = [submitted.lostAnswer === null ? null : `UNKNOWN_OUTCOME_RESOLVED: ${submitted.lostAnswer}`, error].filter((s) => s !== null).join('; ');
  const logStatus: ExecutionStatus = executionStatusOf(status);
  await logRow({ status: logStatus, errorMessage: note || null, retryCount: submitted.retries, executionTimeMs: attemptMs(), order, slippagePct: slippageVsSendPct });
  deps.log.info({ clientOrderId, status, filledQtyBase: order.filledQtyBase.toString(), avgPrice: order.avgPrice?.toString() ?? null, slippagePct: slippageVsSendPct?.toString() ?? null }, 'order settled');
  if (slippageVsSendPct !== null) {
    await notifyLargeSlippage(deps, config, { request: req, order, orderType: route.type, requestedPrice, slippagePct: slippageVsSendPct });
  }
  return { ...common, kind: 'settled', status, order, timedOut, slippageVsSendPct };
}
