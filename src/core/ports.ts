import type { Decimal } from './money.js';

/**
 * The engine's only doors to the outside world. Core logic depends on these interfaces;
 * adapters in core/adapters implement them (ccxt and paper exchange, Prisma store), and
 * tests pass fixed clocks and fake servers at the true outer edge.
 */

/** Time is an input. Orchestrators read it here, pure functions take `now` as an argument. */
export interface Clock {
  now(): Date;
}

/** Structured logger (pino-compatible subset): constant message, details in fields. */
export interface Logger {
  debug(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
  child(bindings: object): Logger;
}

/** One OHLCV candle; `openAt` is the candle's open time. Volume is in the base asset. */
export interface Candle {
  readonly openAt: Date;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
}

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
/**
 * A resting stop order: it waits at the venue until the last price trades at or through its
 * trigger (at or below for a sell, at or above for a buy), then becomes a market order
 * (`stop_market`) or a limit order at its limit price (`stop_limit`).
 */
export type StopOrderType = 'stop_market' | 'stop_limit';
/** Every kind of order the venue may hold or report. */
export type AnyOrderType = OrderType | StopOrderType;

/** Trading rules of one market, as the exchange publishes them. */
export interface MarketRules {
  readonly symbol: string; // "BTC/USDT"
  readonly base: string;
  readonly quote: string;
  readonly marketType: 'spot' | 'futures';
  /** Quantity step (lot size); quantities are floored to it. */
  readonly amountStep: Decimal;
  /** Price tick; prices are rounded to it. */
  readonly priceTick: Decimal;
  readonly minQty: Decimal;
  /** Minimum order value in quote currency (exchanges reject smaller orders). */
  readonly minNotional: Decimal;
  /** Fee rates as ratios: 0.001 is 0.1 %. */
  readonly makerFeeRate: Decimal;
  readonly takerFeeRate: Decimal;
}

export interface Ticker {
  readonly symbol: string;
  readonly bid: Decimal;
  readonly ask: Decimal;
  readonly last: Decimal;
  readonly at: Date;
}

/** What a market order of `qtyBase` would cost, walked through the book or the paper model. */
export interface FillEstimate {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qtyBase: Decimal;
  /** Volume-weighted average price of the expected fill. */
  readonly avgPrice: Decimal;
  /** Price of the last level touched. */
  readonly worstPrice: Decimal;
  /** Expected slippage against the touch (ask for buys, bid for sells), in percent. */
  readonly slippagePct: Decimal;
  /** Quote value available within 1 % of the touch on this side: a liquidity measure. */
  readonly liquidityQuote: Decimal;
}

export interface Balance {
  readonly asset: string;
  readonly free: Decimal;
  readonly used: Decimal;
  readonly total: Decimal;
}

export interface OrderRequest {
  /** Our id, stored with the intent before sending; the exchange echoes it back. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly qtyBase: Decimal;
  /** Required for limit orders; for market orders an optional protective price cap. */
  readonly limitPrice?: Decimal;
  readonly reduceOnly?: boolean;
}

/**
 * A protective stop to rest at the venue (see StopOrderType). It is reduce-only in meaning: it
 * closes (part of) a position and never opens one.
 */
export interface StopOrderRequest {
  /** Our id, stored with the intent before sending, exactly as for other orders. */
  readonly clientOrderId: string;
  readonly symbol: string;
  /** sell protects a long, buy a short. */
  readonly side: OrderSide;
  readonly qtyBase: Decimal;
  /** The price whose trade triggers the order. */
  readonly triggerPrice: Decimal;
  /**
   * For venues that rest only stop-limit orders (Binance spot without STOP_LOSS): how far beyond
   * the trigger the limit sits, in percent (1 is 1 %), i.e. the worst price the triggered order
   * may fill at. Stop-market venues ignore it.
   */
  readonly limitOffsetPct: Decimal;
  /** Sent as reduce-only where the venue knows positions (futures); spot has none to reduce. */
  readonly reduceOnly: boolean;
}

/**
 * What a venue offers for resting stops. Present on an Exchange only when its stops can be placed,
 * listed (fetchOpenOrders), looked up by client id and cancelled like any other order.
 */
export interface StopOrders {
  /**
   * True when a resting stop holds the quantity it would sell, as a spot sell order holds coins:
   * an exit of the same coins must cancel the stop first, and a replacement can only be placed
   * once the old stop is cancelled.
   */
  readonly reservesBalance: boolean;
  /** The kind of stop the venue rests on a loaded market, or null when that market has none. */
  typeFor(symbol: string): StopOrderType | null;
  /** Sends a stop order; the same three outcomes, refusal reasons and client-id rules as submitOrder. */
  submit(request: StopOrderRequest): Promise<SubmitOutcome>;
}

export type ExchangeOrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'expired';

export interface ExchangeOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** For a stop order: its kind even after it triggered (a filled stop is still `stop_*`). */
  readonly type: AnyOrderType;
  /** `open` for a stop that rests untriggered too. */
  readonly status: ExchangeOrderStatus;
  readonly qtyBase: Decimal;
  readonly filledQtyBase: Decimal;
  readonly limitPrice: Decimal | null;
  /** Trigger price of a stop order; absent or null for market and limit orders. */
  readonly triggerPrice?: Decimal | null;
  /** Average fill price, null when nothing filled. */
  readonly avgPrice: Decimal | null;
  /** Fees paid, converted to the quote currency. */
  readonly feeQuote: Decimal;
  readonly createdAt: Date;
}

/**
 * An exchange submit has three outcomes. Only the adapter knows the venue's error classes.
 * - accepted: the exchange holds the order (it may already be filled).
 * - refused: nothing executed; `retryable` only for throttling and pre-execution refusals.
 * - unknown: may have executed (timeout, 5xx, reset): reconcile by clientOrderId, never resend.
 */
export type SubmitOutcome =
  | { readonly kind: 'accepted'; readonly order: ExchangeOrder }
  | { readonly kind: 'refused'; readonly retryable: boolean; readonly reason: RefusalReason; readonly message: string }
  | { readonly kind: 'unknown'; readonly clientOrderId: string; readonly message: string };

export type RefusalReason =
  | 'THROTTLED'
  | 'EXCHANGE_BUSY'
  | 'INSUFFICIENT_FUNDS'
  | 'INVALID_ORDER'
  | 'QTY_BELOW_MIN'
  | 'NOTIONAL_BELOW_MIN'
  | 'UNKNOWN_SYMBOL'
  | 'PRICE_CAP_EXCEEDED'
  | 'AUTH_FAILED'
  | 'DUPLICATE_CLIENT_ID'
  /** A stop whose trigger the price has already passed (it would execute at once), or a post-only order that would take. */
  | 'WOULD_EXECUTE_IMMEDIATELY'
  | 'REJECTED';

/** The exchange as the engine sees it: the paper exchange and the ccxt adapter both implement it. */
export interface Exchange {
  /** "paper" or the ccxt exchange id. */
  readonly id: string;
  loadMarkets(): Promise<ReadonlyMap<string, MarketRules>>;
  /** Rules of a loaded market; throws for an unknown symbol (call loadMarkets first). */
  market(symbol: string): MarketRules;
  fetchTicker(symbol: string): Promise<Ticker>;
  /** Recent candles, oldest first, ending at the latest closed candle. */
  fetchCandles(symbol: string, timeframe: string, limit: number): Promise<readonly Candle[]>;
  estimateFill(symbol: string, side: OrderSide, qtyBase: Decimal): Promise<FillEstimate>;
  fetchBalances(): Promise<ReadonlyMap<string, Balance>>;
  submitOrder(request: OrderRequest): Promise<SubmitOutcome>;
  /** Looks an order up by our client id: how unknown outcomes are resolved. Null if the venue never got it. */
  fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null>;
  /** Every order the venue holds, resting stops included (the kill switch cancels what this lists). */
  fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]>;
  cancelOrder(symbol: string, orderId: string): Promise<ExchangeOrder>;
  /**
   * Resting protective stops (see StopOrders). Absent or null: the venue (or this adapter) has none,
   * and the position monitor enforces every stop itself on each tick.
   */
  readonly stopOrders?: StopOrders | null;
}

/**
 * Tells a user that something happened. Core passes a machine-readable event; the bot's
 * implementation turns it into text, buttons and pictures (human text lives only in the bot).
 */
export interface Notifier {
  notify(userId: number, event: NotifyEvent): Promise<void>;
}

export interface NotifyEvent {
  /** Machine-readable type, e.g. TRADING_STATE_CHANGED, POSITION_CLOSED. */
  readonly kind: string;
  /** Plain JSON details (decimals as strings). */
  readonly data: Readonly<Record<string, unknown>>;
}
