import type { Decimal } from '../money.js';
import type { Clock, Exchange, Logger, Notifier, OrderSide, RefusalReason } from '../ports.js';
import type { RiskDecision } from '../risk/risk-decision.js';
import { defaultRouteThresholds, type OrderRoute, type RouteThresholds, type Urgency } from './choose-order-route.js';
import type { OrderPurpose, OrderRepository } from './order-repository.js';

/** An order the executor is asked to carry out. */
export interface ExecuteOrderRequest {
  readonly userId: number;
  readonly walletId: number;
  readonly positionId?: number | null;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Quantity in base units, on the market's amount step. */
  readonly qtyBase: Decimal;
  readonly purpose: OrderPurpose;
  /** Stops and the kill switch are treated as urgent whatever is passed. */
  readonly urgency: Urgency;
  /** The price the decision was made at (signal entry, stop level, mark); slippage is also measured against it. */
  readonly signalPriceQuote: Decimal | null;
  /** The user's maximum slippage, percent (0.5 is half a per cent). */
  readonly maxSlippagePct: Decimal;
  /**
   * The risk gate's verdict. Required for entries: nothing opens risk without an approved or
   * adjusted decision, and never for more than its size. Risk-reducing orders do not need one.
   */
  readonly riskDecision?: RiskDecision;
  /** Our id for the first order; generated when absent (a caller's deterministic id makes a whole step idempotent). */
  readonly clientOrderId?: string;
  /** Alert the user above this realised slippage (percent); defaults to the executor's setting. */
  readonly slippageAlertPct?: Decimal;
}

/** Why the executor sent nothing, or why the venue refused. */
export type ExecutionRefusalReason =
  | 'SLIPPAGE_TOO_HIGH'
  | 'RISK_NOT_APPROVED'
  | 'QTY_ABOVE_APPROVED'
  | 'LIMIT_NOT_FILLED'
  | RefusalReason;

/** Why part of the quantity was left unfilled. */
export type PartialFillReason = 'PRICE_CAP_REACHED' | 'DUST_REMAINDER' | ExecutionRefusalReason;

/** Totals over every order the executor placed for one request. */
export interface ExecutionFill {
  readonly requestedQtyBase: Decimal;
  readonly filledQtyBase: Decimal;
  /** Filled share, percent. */
  readonly fillPct: Decimal;
  /** Volume-weighted average fill price; null when nothing filled. */
  readonly avgPriceQuote: Decimal | null;
  readonly feeQuote: Decimal;
  /** Adverse slippage of the average fill against the signal price, percent; null without a fill or a signal price. */
  readonly slippageVsSignalPct: Decimal | null;
  /** Adverse slippage against the price at send time (quantity-weighted over the orders), percent. */
  readonly slippageVsSendPct: Decimal | null;
  /** Expected slippage of the whole quantity as a market order, from the fill estimate, percent. */
  readonly expectedSlippagePct: Decimal | null;
  /** The first route chosen (later legs may be repriced or converted). */
  readonly route: OrderRoute | null;
  /** Every client order id used, in order. */
  readonly clientOrderIds: readonly string[];
  /** Submit attempts over all orders (retries included). */
  readonly attempts: number;
  readonly executionTimeMs: number;
}

export type ExecutionResult =
  | { readonly kind: 'filled'; readonly fill: ExecutionFill }
  | { readonly kind: 'partially_filled'; readonly reason: PartialFillReason; readonly message: string; readonly fill: ExecutionFill }
  | { readonly kind: 'refused'; readonly reason: ExecutionRefusalReason; readonly retryable: boolean; readonly message: string; readonly fill: ExecutionFill }
  /** The venue's answer was lost and lookups did not settle it: the order may exist. Nothing was resent. */
  | { readonly kind: 'unknown'; readonly reason: 'UNKNOWN_OUTCOME'; readonly clientOrderId: string; readonly message: string; readonly fill: ExecutionFill };

export interface ExecutorConfig {
  /** Submits per order, first included, when the venue throttles. */
  readonly maxSubmitAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Lookups by client id after an unknown outcome before leaving it to the restart reconciler. */
  readonly reconcileLookups: number;
  readonly reconcileBaseMs: number;
  /** How often a resting limit order is checked, ms. */
  readonly limitPollMs: number;
  /** Limit orders re-posted at the new price after a time-out before converting to a capped market order. */
  readonly limitReprices: number;
  readonly volatilityTimeframe: string;
  readonly volatilityPeriod: number;
  /** Realised slippage (percent, against the price at send time) that triggers LARGE_SLIPPAGE; null: the request's max slippage. */
  readonly slippageAlertPct: Decimal | null;
  readonly route: RouteThresholds;
}

export const defaultExecutorConfig: ExecutorConfig = Object.freeze({
  maxSubmitAttempts: 4,
  backoffBaseMs: 250,
  backoffMaxMs: 4_000,
  reconcileLookups: 3,
  reconcileBaseMs: 500,
  limitPollMs: 2_000,
  limitReprices: 1,
  volatilityTimeframe: '5m',
  volatilityPeriod: 14,
  slippageAlertPct: null,
  route: defaultRouteThresholds,
});

export interface ExecutorDeps {
  /** The wallet's exchange (one executor per exchange). */
  readonly exchange: Exchange;
  readonly orders: OrderRepository;
  /** Order timestamps and limit time-outs (simulated time in a replay). */
  readonly clock: Clock;
  /** Monotonic milliseconds for execution times (performance.now in production). */
  readonly elapsedMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Values in [0, 1): backoff jitter and client order ids. */
  readonly random: () => number;
  readonly log: Logger;
  readonly notifier?: Notifier;
  readonly config?: Partial<ExecutorConfig>;
}
