import type { AnyOrderType, ExchangeOrderStatus, OrderSide } from '../../ports.js';
import { Decimal, ZERO } from '../../money.js';
import type { LedgerEntryJson, PaperLedger } from './paper-ledger.js';
import type { PaperOrder } from './paper-orders.js';

/** One order as plain JSON: decimals as strings, instants as ISO strings. */
export interface PaperOrderJson {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: AnyOrderType;
  readonly status: ExchangeOrderStatus;
  readonly qtyBase: string;
  readonly filledQtyBase: string;
  readonly limitPrice: string | null;
  /** Stop orders only; absent in snapshots written before stop orders existed. */
  readonly triggerPrice?: string | null;
  readonly costQuote: string;
  readonly feeQuote: string;
  readonly createdAt: string;
  readonly reservedAsset: string | null;
  readonly reservedAmount: string;
  readonly reservePerUnit: string;
}

/**
 * Everything the paper account needs to survive a restart, as plain JSON: balances, orders (open
 * and recent finished ones), the id sequence and the instant up to which resting orders were checked.
 */
export interface PaperExchangeState {
  readonly version: 1;
  readonly balances: readonly LedgerEntryJson[];
  readonly orders: readonly PaperOrderJson[];
  readonly orderSequence: number;
  readonly lastSettledAt: string | null;
}

export function orderToJson(o: PaperOrder): PaperOrderJson {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    status: o.status,
    qtyBase: o.qtyBase.toString(),
    filledQtyBase: o.filledQtyBase.toString(),
    limitPrice: o.limitPrice?.toString() ?? null,
    triggerPrice: o.triggerPrice?.toString() ?? null,
    costQuote: o.costQuote.toString(),
    feeQuote: o.feeQuote.toString(),
    createdAt: o.createdAt.toISOString(),
    reservedAsset: o.reservedAsset,
    reservedAmount: o.reservedAmount.toString(),
    reservePerUnit: o.reservePerUnit.toString(),
  };
}

const sides: readonly string[] = ['buy', 'sell'];
const types: readonly string[] = ['market', 'limit', 'stop_market', 'stop_limit'];
const statuses: readonly string[] = ['open', 'closed', 'canceled', 'rejected', 'expired'];

/** Parses one order; throws on a value no paper order can have (a corrupt snapshot is a bug). */
export function orderFromJson(j: PaperOrderJson): PaperOrder {
  const createdAt = new Date(j.createdAt);
  if (!sides.includes(j.side) || !types.includes(j.type) || !statuses.includes(j.status) || Number.isNaN(createdAt.getTime())) {
    throw new RangeError(`Invalid paper order in snapshot: ${j.id}`);
  }
  return {
    id: j.id,
    clientOrderId: j.clientOrderId,
    symbol: j.symbol,
    side: j.side,
    type: j.type,
    status: j.status,
    qtyBase: new Decimal(j.qtyBase),
    filledQtyBase: new Decimal(j.filledQtyBase),
    limitPrice: j.limitPrice === null ? null : new Decimal(j.limitPrice),
    triggerPrice: j.triggerPrice === undefined || j.triggerPrice === null ? null : new Decimal(j.triggerPrice),
    costQuote: new Decimal(j.costQuote),
    feeQuote: new Decimal(j.feeQuote),
    createdAt,
    reservedAsset: j.reservedAsset,
    reservedAmount: new Decimal(j.reservedAmount),
    reservePerUnit: new Decimal(j.reservePerUnit),
  };
}

/**
 * Checks a restored state is self-consistent: per asset, the ledger's `used` equals what the open
 * orders reserve. A mismatch would silently lock or free money, so it throws.
 */
export function assertReservationsMatch(ledger: PaperLedger, orders: readonly PaperOrder[]): void {
  const reserved = new Map<string, Decimal>();
  for (const o of orders) {
    if (o.status !== 'open' || o.reservedAsset === null) continue;
    reserved.set(o.reservedAsset, (reserved.get(o.reservedAsset) ?? ZERO).plus(o.reservedAmount));
  }
  for (const [asset, balance] of ledger.balances()) {
    if (!balance.used.eq(reserved.get(asset) ?? ZERO)) throw new RangeError(`Snapshot reservations of ${asset} do not match its used balance`);
  }
  for (const asset of reserved.keys()) {
    if (!ledger.balances().has(asset)) throw new RangeError(`Snapshot reserves ${asset} without a balance`);
  }
}
