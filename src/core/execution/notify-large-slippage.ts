import type { Decimal } from '../money.js';
import type { ExchangeOrder, Logger, Notifier, OrderType } from '../ports.js';
import { computeSlippagePct } from './compute-slippage-pct.js';
import type { ExecuteOrderRequest, ExecutorConfig } from './executor-types.js';

export interface LargeSlippageFill {
  readonly request: ExecuteOrderRequest;
  readonly order: ExchangeOrder;
  readonly orderType: OrderType;
  readonly requestedPrice: Decimal;
  /** Realised slippage against the price at send time, percent. */
  readonly slippagePct: Decimal;
}

/**
 * Tells the user (NotifyEvent LARGE_SLIPPAGE) when a fill's slippage against the price at send
 * time exceeds the threshold: the request's, else the executor's, else the request's maximum
 * slippage. Returns whether it notified. A failed notification is logged, not thrown: the order
 * is already done and its records written, and an alert outage must not turn a fill into an error.
 */
export async function notifyLargeSlippage(
  deps: { readonly notifier?: Notifier; readonly log: Logger },
  config: ExecutorConfig,
  fill: LargeSlippageFill,
): Promise<boolean> {
  const { request: req, order } = fill;
  const thresholdPct = req.slippageAlertPct ?? config.slippageAlertPct ?? req.maxSlippagePct;
  if (!deps.notifier || !fill.slippagePct.gt(thresholdPct) || order.avgPrice === null) return false;
  const vsSignal = req.signalPriceQuote === null || req.signalPriceQuote.lte(0) ? null : computeSlippagePct(req.side, req.signalPriceQuote, order.avgPrice);
  try {
    await deps.notifier.notify(req.userId, {
      kind: 'LARGE_SLIPPAGE',
      data: {
        symbol: req.symbol,
        side: req.side,
        purpose: req.purpose,
        orderType: fill.orderType,
        clientOrderId: order.clientOrderId,
        filledQtyBase: order.filledQtyBase.toString(),
        requestedPrice: fill.requestedPrice.toString(),
        executedPrice: order.avgPrice.toString(),
        signalPrice: req.signalPriceQuote?.toString() ?? null,
        slippagePct: fill.slippagePct.toString(),
        slippageVsSignalPct: vsSignal?.toString() ?? null,
        thresholdPct: thresholdPct.toString(),
      },
    });
    return true;
  } catch (error) {
    deps.log.warn({ clientOrderId: order.clientOrderId, err: error }, 'large slippage alert failed');
    return false;
  }
}
