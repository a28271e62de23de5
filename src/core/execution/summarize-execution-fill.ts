import { HUNDRED, ZERO, type Decimal } from '../money.js';
import type { OrderSide } from '../ports.js';
import type { OrderRoute } from './choose-order-route.js';
import { computeSlippagePct } from './compute-slippage-pct.js';
import type { ExecutionFill } from './executor-types.js';

/** What one placed order contributed. */
export interface LegFill {
  readonly clientOrderId: string;
  readonly attempts: number;
  readonly filledQtyBase: Decimal;
  readonly avgPriceQuote: Decimal | null;
  readonly feeQuote: Decimal;
  readonly slippageVsSendPct: Decimal | null;
}

export interface FillContext {
  readonly side: OrderSide;
  readonly requestedQtyBase: Decimal;
  readonly signalPriceQuote: Decimal | null;
  readonly expectedSlippagePct: Decimal | null;
  readonly route: OrderRoute | null;
  readonly executionTimeMs: number;
}

/**
 * Totals over the legs of one execution: volume-weighted average price, fees, fill share, slippage
 * against the signal (of the average) and against the send-time prices (weighted by filled quantity).
 */
export function summarizeExecutionFill(legs: readonly LegFill[], ctx: FillContext): ExecutionFill {
  let filled = ZERO;
  let cost = ZERO;
  let fees = ZERO;
  let weightedSlippage = ZERO;
  let slippageQty = ZERO;
  for (const leg of legs) {
    fees = fees.plus(leg.feeQuote);
    if (leg.avgPriceQuote === null || leg.filledQtyBase.lte(0)) continue;
    filled = filled.plus(leg.filledQtyBase);
    cost = cost.plus(leg.filledQtyBase.mul(leg.avgPriceQuote));
    if (leg.slippageVsSendPct !== null) {
      weightedSlippage = weightedSlippage.plus(leg.slippageVsSendPct.mul(leg.filledQtyBase));
      slippageQty = slippageQty.plus(leg.filledQtyBase);
    }
  }
  const avg = filled.gt(0) ? cost.div(filled) : null;
  const signal = ctx.signalPriceQuote;
  return {
    requestedQtyBase: ctx.requestedQtyBase,
    filledQtyBase: filled,
    fillPct: ctx.requestedQtyBase.gt(0) ? filled.div(ctx.requestedQtyBase).mul(HUNDRED) : ZERO,
    avgPriceQuote: avg,
    feeQuote: fees,
    slippageVsSignalPct: avg !== null && signal !== null && signal.gt(0) ? computeSlippagePct(ctx.side, signal, avg) : null,
    slippageVsSendPct: slippageQty.gt(0) ? weightedSlippage.div(slippageQty) : null,
    expectedSlippagePct: ctx.expectedSlippagePct,
    route: ctx.route,
    clientOrderIds: legs.map((l) => l.clientOrderId),
    attempts: legs.reduce((n, l) => n + l.attempts, 0),
    executionTimeMs: ctx.executionTimeMs,
  };
}
