import { Decimal, ZERO } from '../../../src/core/money.js';
import type { ExecutionLogRecord } from '../../../src/core/execution/order-repository.js';

let nextId = 1;

/** An execution log row with sensible defaults: a filled 1-unit market buy of BTC/USDT at 100. */
export function logRow(o: Partial<ExecutionLogRecord> & { slip?: string | null } = {}): ExecutionLogRecord {
  const { slip, ...rest } = o;
  const id = nextId++;
  return {
    id,
    userId: 1,
    positionId: null,
    orderId: id,
    timestamp: new Date(Date.UTC(2025, 0, 1, 0, id)),
    action: 'open',
    symbol: 'BTC/USDT',
    orderType: 'market',
    requestedPrice: new Decimal(100),
    signalPrice: null,
    executedPrice: new Decimal(100),
    slippagePct: slip === undefined ? ZERO : slip === null ? null : new Decimal(slip),
    requestedQtyBase: new Decimal(1),
    filledQtyBase: new Decimal(1),
    fillPct: new Decimal(100),
    feesQuote: new Decimal('0.1'),
    executionTimeMs: 20,
    status: 'success',
    errorMessage: null,
    retryCount: 0,
    volatilityPct: null,
    liquidityQuote: null,
    side: 'buy',
    clientOrderId: `rae-1-${id}`,
    ...rest,
  };
}
