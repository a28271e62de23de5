import type { Order } from 'ccxt';
import type { AnyOrderType, ExchangeOrder, ExchangeOrderStatus } from '../../ports.js';
import { Decimal, ZERO } from '../../money.js';
import { decFromCcxt } from './dec-from-ccxt.js';

/** What the mapper needs to know about the order's market. */
export interface OrderMappingContext {
  readonly base: string;
  readonly quote: string;
  /** Base units per venue unit (1 for spot). */
  readonly contractSize: Decimal;
  /** Used to estimate the fee when the venue reports none for a filled order, or charges a third asset. */
  readonly takerFeeRate: Decimal;
  /** Fallbacks for venues that answer a create with little more than an id. */
  readonly fallback: {
    readonly symbol: string;
    readonly clientOrderId?: string;
    readonly qtyBase?: Decimal;
    readonly createdAt: Date;
  };
}

const STATUSES: Readonly<Record<string, ExchangeOrderStatus>> = {
  open: 'open',
  closed: 'closed',
  canceled: 'canceled',
  rejected: 'rejected',
  expired: 'expired',
  // Not final yet: the venue still holds it.
  canceling: 'open',
};

type FeeLike = { readonly cost?: unknown; readonly currency?: unknown };

function feeList(order: Order): readonly FeeLike[] {
  // ccxt fills `fees` (one per currency) next to `fee`, but its Order type only declares `fee`.
  const fees = (order as Order & { fees?: FeeLike[] }).fees;
  if (Array.isArray(fees) && fees.length > 0) return fees;
  return order.fee ? [order.fee] : [];
}

/**
 * Fees converted to the quote currency: quote fees as they are, base fees at the average price.
 * A fee in a third asset (BNB) cannot be converted without another price, so it is estimated at
 * the taker rate, as is a filled order whose fees the venue does not report (order lookups on
 * Binance carry no fills). The estimate errs high, never at zero.
 */
function feeInQuote(order: Order, filledBase: Decimal, avgPrice: Decimal | null, ctx: OrderMappingContext): Decimal {
  const estimate = avgPrice === null ? ZERO : filledBase.mul(avgPrice).mul(ctx.takerFeeRate);
  const fees = feeList(order);
  if (fees.length === 0) return estimate;
  let total = ZERO;
  for (const fee of fees) {
    const cost = decFromCcxt(fee.cost) ?? ZERO;
    if (cost.isZero()) continue;
    if (fee.currency === ctx.quote) total = total.plus(cost);
    else if (fee.currency === ctx.base && avgPrice !== null) total = total.plus(cost.mul(avgPrice));
    else return estimate;
  }
  return total;
}

/**
 * Maps a ccxt order into our ExchangeOrder: quantities in base units, Decimal prices, fees in the
 * quote currency. An order without a status is one the venue acknowledged without detail: open.
 * `type` is what the venue holds, so a capped market order sent as a limit IOC reads "limit". An
 * order with a trigger price is a stop: ccxt reports Binance's STOP_LOSS as "market" and
 * STOP_LOSS_LIMIT as "limit" with `triggerPrice` set (0 means none on Binance; ccxt drops it).
 */
export function toExchangeOrder(order: Order, ctx: OrderMappingContext): ExchangeOrder {
  const cs = ctx.contractSize;
  const filledBase = (decFromCcxt(order.filled) ?? ZERO).mul(cs);
  const amount = decFromCcxt(order.amount);
  const qtyBase = amount === null ? (ctx.fallback.qtyBase ?? filledBase) : amount.mul(cs);
  const rawTrigger = decFromCcxt(order.triggerPrice ?? order.stopPrice);
  const triggerPrice = rawTrigger !== null && rawTrigger.gt(0) ? rawTrigger : null;
  const isMarket = order.type === 'market';
  const type: AnyOrderType = triggerPrice === null ? (isMarket ? 'market' : 'limit') : isMarket ? 'stop_market' : 'stop_limit';
  const cost = decFromCcxt(order.cost);
  let avgPrice = decFromCcxt(order.average);
  if ((avgPrice === null || avgPrice.isZero()) && cost !== null && filledBase.gt(0)) avgPrice = cost.div(filledBase);
  if (filledBase.isZero()) avgPrice = null;
  const limitPrice = type === 'limit' || type === 'stop_limit' ? decFromCcxt(order.price) : null;
  // Binance's cancel reply names the cancel request's id `clientOrderId`; the order's own id is `origClientOrderId`.
  const info = (order.info ?? {}) as Record<string, unknown>;
  const origClientOrderId = typeof info['origClientOrderId'] === 'string' ? info['origClientOrderId'] : undefined;
  return {
    id: String(order.id),
    clientOrderId: origClientOrderId ?? order.clientOrderId ?? ctx.fallback.clientOrderId ?? '',
    symbol: order.symbol ?? ctx.fallback.symbol,
    side: order.side === 'sell' ? 'sell' : 'buy',
    type,
    status: STATUSES[order.status ?? 'open'] ?? 'open',
    qtyBase,
    filledQtyBase: filledBase,
    limitPrice: limitPrice !== null && limitPrice.gt(0) ? limitPrice : null,
    triggerPrice,
    avgPrice,
    feeQuote: feeInQuote(order, filledBase, avgPrice, ctx),
    createdAt: typeof order.timestamp === 'number' ? new Date(order.timestamp) : ctx.fallback.createdAt,
  };
}
