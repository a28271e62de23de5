import type { AnyOrderType, ExchangeOrder, ExchangeOrderStatus, MarketRules, OrderSide } from '../../ports.js';
import { Decimal, ZERO } from '../../money.js';
import type { PaperLedger } from './paper-ledger.js';

/** The paper exchange's own record of an order: mutable while it lives, exposed as ExchangeOrder. */
export interface PaperOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: AnyOrderType;
  status: ExchangeOrderStatus;
  readonly qtyBase: Decimal;
  filledQtyBase: Decimal;
  readonly limitPrice: Decimal | null;
  /** Trigger of a resting stop order (see paper-stop-orders); null for market and limit orders. */
  readonly triggerPrice: Decimal | null;
  /** Sum of fill quantity * fill price, in quote. */
  costQuote: Decimal;
  feeQuote: Decimal;
  readonly createdAt: Date;
  /** Asset reserved for the unfilled part (quote for buys, base for sells); null for market orders. */
  readonly reservedAsset: string | null;
  /** Amount still reserved. */
  reservedAmount: Decimal;
  /** Reservation per base unit: limit (a buy stop: trigger) * (1 + fee rate) for buys, 1 for sells. */
  readonly reservePerUnit: Decimal;
}

/** The order as the Exchange port reports it (average price from the fills, null before any). */
export function toExchangeOrder(o: PaperOrder): ExchangeOrder {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    status: o.status,
    qtyBase: o.qtyBase,
    filledQtyBase: o.filledQtyBase,
    limitPrice: o.limitPrice,
    triggerPrice: o.triggerPrice,
    avgPrice: o.filledQtyBase.gt(0) ? o.costQuote.div(o.filledQtyBase) : null,
    feeQuote: o.feeQuote,
    createdAt: o.createdAt,
  };
}

/**
 * Books one fill of `qtyBase` at `priceQuote` against the ledger, paying `feeRate` of the notional
 * in quote: a buy spends quote (cost + fee) and receives base, a sell the reverse. A resting order
 * first releases its reservation for the filled part (all of what is left on the last fill). The
 * order closes when fully filled. The caller checked funds; a shortfall here throws.
 */
export function applyFill(ledger: PaperLedger, order: PaperOrder, market: MarketRules, qtyBase: Decimal, priceQuote: Decimal, feeRate: Decimal): void {
  const remaining = order.qtyBase.minus(order.filledQtyBase);
  if (qtyBase.lte(0) || qtyBase.gt(remaining)) throw new RangeError(`Fill of ${qtyBase.toString()} does not fit order ${order.id}`);
  const notional = qtyBase.mul(priceQuote);
  const fee = notional.mul(feeRate);
  if (order.reservedAsset !== null) {
    const release = qtyBase.eq(remaining) ? order.reservedAmount : qtyBase.mul(order.reservePerUnit);
    ledger.release(order.reservedAsset, release);
    order.reservedAmount = order.reservedAmount.minus(release);
  }
  if (order.side === 'buy') {
    ledger.debit(market.quote, notional.plus(fee));
    ledger.credit(market.base, qtyBase);
  } else {
    ledger.debit(market.base, qtyBase);
    ledger.credit(market.quote, notional.minus(fee));
  }
  order.filledQtyBase = order.filledQtyBase.plus(qtyBase);
  order.costQuote = order.costQuote.plus(notional);
  order.feeQuote = order.feeQuote.plus(fee);
  if (order.filledQtyBase.eq(order.qtyBase)) order.status = 'closed';
}

/** Cancels a resting order: releases what it still reserves. */
export function cancelPaperOrder(ledger: PaperLedger, order: PaperOrder): void {
  endPaperOrder(ledger, order, 'canceled');
}

/** Ends an open order with `status` (canceled, expired, rejected), releasing what it still reserves. */
export function endPaperOrder(ledger: PaperLedger, order: PaperOrder, status: Exclude<ExchangeOrderStatus, 'open' | 'closed'>): void {
  if (order.status !== 'open') return;
  if (order.reservedAsset !== null && order.reservedAmount.gt(0)) ledger.release(order.reservedAsset, order.reservedAmount);
  order.reservedAmount = ZERO;
  order.status = status;
}

/**
 * Every order of the account, by exchange id and by client id, in creation order. Only the
 * newest `maxClosedOrders` finished orders are kept; older ones are forgotten (and their client
 * ids become free again).
 */
export class PaperOrderStore {
  readonly #byId = new Map<string, PaperOrder>();
  readonly #byClientId = new Map<string, PaperOrder>();
  #sequence: number;

  constructor(sequence = 0) {
    this.#sequence = sequence;
  }

  /** Last sequence number handed out (persisted so ids never repeat after a restore). */
  get sequence(): number {
    return this.#sequence;
  }

  nextId(): string {
    this.#sequence++;
    return `paper-${this.#sequence}`;
  }

  add(order: PaperOrder): void {
    this.#byId.set(order.id, order);
    this.#byClientId.set(order.clientOrderId, order);
  }

  get(id: string): PaperOrder | undefined {
    return this.#byId.get(id);
  }

  /** The newest order carrying this client id. */
  byClientId(clientOrderId: string): PaperOrder | undefined {
    return this.#byClientId.get(clientOrderId);
  }

  open(symbol?: string): PaperOrder[] {
    return [...this.#byId.values()].filter((o) => o.status === 'open' && (symbol === undefined || o.symbol === symbol));
  }

  all(): PaperOrder[] {
    return [...this.#byId.values()];
  }

  prune(maxClosedOrders: number): void {
    const finished = [...this.#byId.values()].filter((o) => o.status !== 'open');
    for (const o of finished.slice(0, Math.max(0, finished.length - maxClosedOrders))) {
      this.#byId.delete(o.id);
      if (this.#byClientId.get(o.clientOrderId) === o) this.#byClientId.delete(o.clientOrderId);
    }
  }
}
