import type { Decimal } from '../money.js';
import type { AnyOrderType, OrderSide } from '../ports.js';

/** Why an order exists. Entries need an approved risk decision; the rest reduce or close a position. */
export type OrderPurpose = 'entry' | 'exit' | 'stop' | 'take_profit' | 'scale_out' | 'kill';

/**
 * Life of an order row. `intent` is written before anything is sent, `sent` just before the
 * request leaves, `unknown` when the venue's answer was lost and lookups did not settle it.
 * `open` is any order the venue still holds (even partly filled). `partially_filled` is final:
 * the order ended (IOC expiry, cancel) with part of its quantity filled.
 */
export type OrderStatus = 'intent' | 'sent' | 'unknown' | 'open' | 'partially_filled' | 'filled' | 'canceled' | 'rejected';

/** Orders whose outcome is not final: the start-up reconciler settles them with the venue. */
export const unresolvedOrderStatuses: readonly OrderStatus[] = ['intent', 'sent', 'unknown', 'open'];

export interface OrderRecord {
  readonly id: number;
  readonly userId: number;
  readonly walletId: number;
  readonly positionId: number | null;
  /** Ours, unique, stored before sending; the venue echoes it back. */
  readonly clientOrderId: string;
  readonly exchangeOrderId: string | null;
  readonly symbol: string;
  readonly side: OrderSide;
  /** What we asked for: a market order carries its protective cap in `limitPrice`; a resting stop is `stop_*`. */
  readonly type: AnyOrderType;
  readonly purpose: OrderPurpose;
  readonly reduceOnly: boolean;
  readonly qtyBase: Decimal;
  readonly limitPrice: Decimal | null;
  /** Trigger of a resting stop order; absent or null for other orders. */
  readonly triggerPrice?: Decimal | null;
  readonly filledQtyBase: Decimal;
  readonly avgFillPrice: Decimal | null;
  readonly feeQuote: Decimal;
  readonly status: OrderStatus;
  /** Machine-readable reason of a rejection or an unknown outcome (e.g. INSUFFICIENT_FUNDS, NOT_AT_VENUE). */
  readonly error: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewOrderIntent {
  readonly userId: number;
  readonly walletId: number;
  readonly positionId: number | null;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: AnyOrderType;
  readonly purpose: OrderPurpose;
  readonly reduceOnly: boolean;
  readonly qtyBase: Decimal;
  readonly limitPrice: Decimal | null;
  /** Trigger of a resting stop order (stored in the stopPrice column). */
  readonly triggerPrice?: Decimal | null;
  readonly createdAt: Date;
}

/** A status change with what the venue reported; absent fields keep their stored value. */
export interface OrderUpdate {
  readonly status: OrderStatus;
  readonly exchangeOrderId?: string | null;
  readonly filledQtyBase?: Decimal;
  readonly avgFillPrice?: Decimal | null;
  readonly feeQuote?: Decimal;
  readonly error?: string | null;
  readonly at: Date;
}

/** The execution log's action column. */
export type ExecutionAction = 'open' | 'close' | 'stop' | 'scale_out' | 'kill' | 'cancel';

/** success: fully filled; partial: part filled; failed: nothing filled; unknown: outcome not settled. */
export type ExecutionStatus = 'success' | 'partial' | 'failed' | 'unknown';

/** One row of the execution log: one execution attempt, every column of the product's log. */
export interface ExecutionLogEntry {
  readonly userId: number;
  readonly positionId: number | null;
  /** Null when nothing was sent (e.g. refused for slippage before an intent was stored). */
  readonly orderId: number | null;
  readonly timestamp: Date;
  readonly action: ExecutionAction;
  readonly symbol: string;
  /** The route taken: "market" (always with a protective cap) or "limit"; `stop_*` for a resting stop that fired. */
  readonly orderType: AnyOrderType;
  /** The price at send time: the touch for a market order, the limit price for a limit order. */
  readonly requestedPrice: Decimal | null;
  /** The price the decision was made at (signal or mark). */
  readonly signalPrice: Decimal | null;
  /** Average fill price; null when nothing filled. */
  readonly executedPrice: Decimal | null;
  /** Adverse slippage of the fill against `requestedPrice`, in percent (positive is worse, 0.1 is 0.1 %). */
  readonly slippagePct: Decimal | null;
  readonly requestedQtyBase: Decimal;
  readonly filledQtyBase: Decimal;
  /** Filled share of the requested quantity, percent (100 is all). */
  readonly fillPct: Decimal;
  readonly feesQuote: Decimal;
  readonly executionTimeMs: number;
  readonly status: ExecutionStatus;
  readonly errorMessage: string | null;
  /** 0 for the first attempt of an order, n for its n-th retry. */
  readonly retryCount: number;
  /** ATR of recent candles in percent of price; null when candles were unavailable. */
  readonly volatilityPct: Decimal | null;
  /** Quote value within 1 % of the touch on the order's side (FillEstimate.liquidityQuote). */
  readonly liquidityQuote: Decimal | null;
}

/** A stored log row, with the side and client id of its order when it has one. */
export interface ExecutionLogRecord extends ExecutionLogEntry {
  readonly id: number;
  readonly side: OrderSide | null;
  readonly clientOrderId: string | null;
}

export interface ExecutionLogPage {
  readonly rows: readonly ExecutionLogRecord[];
  /** Rows of this user in total (for "page 2 of 5"). */
  readonly total: number;
}

/** Storage of orders and the execution log (implemented by PrismaOrderRepository). */
export interface OrderRepository {
  /** Stores an order before it is sent, with status 'intent'. Throws if the client id is taken. */
  recordIntent(intent: NewOrderIntent): Promise<OrderRecord>;
  updateOrder(id: number, update: OrderUpdate): Promise<OrderRecord>;
  findByClientOrderId(clientOrderId: string): Promise<OrderRecord | null>;
  /** Every order in an unresolved status (intent, sent, unknown, open), oldest first. */
  listUnresolved(): Promise<OrderRecord[]>;
  appendExecutionLog(entry: ExecutionLogEntry): Promise<void>;
  /** One page of a user's execution log, newest first. */
  listExecutionLogs(userId: number, page: { readonly offset: number; readonly limit: number }): Promise<ExecutionLogPage>;
  /** A user's log rows at or after `since` (all with null), oldest first: the inputs of slippage analytics. */
  executionLogsSince(userId: number, since: Date | null): Promise<ExecutionLogRecord[]>;
}
