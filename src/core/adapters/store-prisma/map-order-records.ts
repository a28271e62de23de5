import type { ExecutionLog, Order } from '../../../generated/prisma/client.js';
import type { ExecutionAction, ExecutionLogEntry, ExecutionLogRecord, ExecutionStatus, OrderPurpose, OrderRecord, OrderStatus } from '../../execution/order-repository.js';
import { dec, decOrNull, type Decimal } from '../../money.js';
import type { AnyOrderType, OrderSide } from '../../ports.js';

/** Order and ExecutionLog rows <-> domain values. Decimal columns are TEXT holding exact decimal strings. */

const str = (d: Decimal): string => d.toString();
const strOrNull = (d: Decimal | null): string | null => (d === null ? null : d.toString());

export function toOrderRecord(row: Order): OrderRecord {
  return {
    id: row.id,
    userId: row.userId,
    walletId: row.walletId,
    positionId: row.positionId,
    clientOrderId: row.clientOrderId,
    exchangeOrderId: row.exchangeOrderId,
    symbol: row.symbol,
    side: row.side as OrderSide,
    type: row.type as AnyOrderType,
    purpose: row.purpose as OrderPurpose,
    reduceOnly: row.reduceOnly,
    qtyBase: dec(row.qtyBase),
    limitPrice: decOrNull(row.limitPrice),
    triggerPrice: decOrNull(row.stopPrice),
    filledQtyBase: dec(row.filledQtyBase),
    avgFillPrice: decOrNull(row.avgFillPrice),
    feeQuote: dec(row.feeQuote),
    status: row.status as OrderStatus,
    error: row.error,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Columns of a new ExecutionLog row. */
export function executionLogData(e: ExecutionLogEntry) {
  return {
    userId: e.userId,
    positionId: e.positionId,
    orderId: e.orderId,
    timestamp: e.timestamp,
    action: e.action,
    symbol: e.symbol,
    orderType: e.orderType,
    requestedPrice: strOrNull(e.requestedPrice),
    signalPrice: strOrNull(e.signalPrice),
    executedPrice: strOrNull(e.executedPrice),
    slippagePercent: strOrNull(e.slippagePct),
    requestedSize: str(e.requestedQtyBase),
    filledSize: str(e.filledQtyBase),
    fillPercent: str(e.fillPct),
    feesPaid: str(e.feesQuote),
    executionTimeMs: Math.max(0, Math.round(e.executionTimeMs)),
    status: e.status,
    errorMessage: e.errorMessage,
    retryCount: e.retryCount,
    marketVolatility: strOrNull(e.volatilityPct),
    marketLiquidity: strOrNull(e.liquidityQuote),
  };
}

export function toExecutionLogRecord(row: ExecutionLog & { order: Pick<Order, 'side' | 'clientOrderId'> | null }): ExecutionLogRecord {
  return {
    id: row.id,
    userId: row.userId,
    positionId: row.positionId,
    orderId: row.orderId,
    timestamp: row.timestamp,
    action: row.action as ExecutionAction,
    symbol: row.symbol,
    orderType: row.orderType as AnyOrderType,
    requestedPrice: decOrNull(row.requestedPrice),
    signalPrice: decOrNull(row.signalPrice),
    executedPrice: decOrNull(row.executedPrice),
    slippagePct: decOrNull(row.slippagePercent),
    requestedQtyBase: dec(row.requestedSize),
    filledQtyBase: dec(row.filledSize),
    fillPct: dec(row.fillPercent),
    feesQuote: dec(row.feesPaid),
    executionTimeMs: row.executionTimeMs,
    status: row.status as ExecutionStatus,
    errorMessage: row.errorMessage,
    retryCount: row.retryCount,
    volatilityPct: decOrNull(row.marketVolatility),
    liquidityQuote: decOrNull(row.marketLiquidity),
    side: (row.order?.side as OrderSide | undefined) ?? null,
    clientOrderId: row.order?.clientOrderId ?? null,
  };
}
