import { describe, expect, it } from 'vitest';
import { Decimal, ZERO } from '../../../../src/core/money.js';
import type { ExecutionLogRecord } from '../../../../src/core/execution/order-repository.js';
import { detectUnexplainedBalanceChange, orderFillsSince } from '../../../../src/core/safety/detectors/detect-unexplained-balance-change.js';

const d = (v: string) => new Decimal(v);
const balances = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, d(v)]));
const since = new Date('2025-10-10T12:00:00Z');

function row(o: { id: number; orderId: number; minutes: number; side: 'buy' | 'sell'; filled: string; price: string; fee: string; symbol?: string }): ExecutionLogRecord {
  return {
    id: o.id, orderId: o.orderId, userId: 1, positionId: null, timestamp: new Date(since.getTime() + o.minutes * 60_000), action: 'open', symbol: o.symbol ?? 'BTC/USDT',
    orderType: 'market', requestedPrice: d(o.price), signalPrice: null, executedPrice: d(o.price), slippagePct: ZERO, requestedQtyBase: d(o.filled),
    filledQtyBase: d(o.filled), fillPct: d('100'), feesQuote: d(o.fee), executionTimeMs: 10, status: 'success', errorMessage: null, retryCount: 0,
    volatilityPct: null, liquidityQuote: null, side: o.side, clientOrderId: `c${o.orderId}`,
  };
}

describe('detectUnexplainedBalanceChange', () => {
  it('explains changes by our fills: a buy adds base and spends quote plus fee', () => {
    const fills = orderFillsSince([row({ id: 1, orderId: 1, minutes: 1, side: 'buy', filled: '0.1', price: '60000', fee: '6' })], since);
    const found = detectUnexplainedBalanceChange(balances({ USDT: '10000' }), balances({ USDT: '3994', BTC: '0.1' }), fills);
    expect(found).toEqual([]);
  });

  it('reports a withdrawal nobody traded for', () => {
    const found = detectUnexplainedBalanceChange(balances({ USDT: '10000', BTC: '0.5' }), balances({ USDT: '10000', BTC: '0.2' }), []);
    expect(found).toEqual([{ kind: 'UNEXPLAINED_BALANCE_CHANGE', subject: 'BTC', detail: { changeQty: '-0.3', explainedQty: '0', unexplainedQty: '-0.3' } }]);
  });

  it('tolerates a fee charged in the base asset, but not a sell that was not ours', () => {
    const fills = orderFillsSince([row({ id: 1, orderId: 1, minutes: 1, side: 'buy', filled: '1', price: '3000', fee: '3', symbol: 'ETH/USDT' })], since);
    // The venue took its 0.1 % fee in ETH, not USDT.
    expect(detectUnexplainedBalanceChange(balances({ USDT: '5000' }), balances({ USDT: '2000', ETH: '0.999' }), fills)).toEqual([]);
    expect(detectUnexplainedBalanceChange(balances({ USDT: '5000' }), balances({ USDT: '2000', ETH: '0.5' }), fills).map((a) => a.subject)).toEqual(['ETH']);
  });

  it('counts each order\'s fill once, although several log rows carry it', () => {
    const rows = [
      row({ id: 1, orderId: 7, minutes: -10, side: 'sell', filled: '0.1', price: '60000', fee: '6' }), // partly filled before the baseline
      row({ id: 2, orderId: 7, minutes: 2, side: 'sell', filled: '0.3', price: '60000', fee: '18' }), // the rest after it
      row({ id: 3, orderId: 7, minutes: 3, side: 'sell', filled: '0.3', price: '60000', fee: '18' }), // a cancel row repeating the total
    ];
    const fills = orderFillsSince(rows, since);
    expect(fills).toHaveLength(1);
    expect(fills[0]!.qtyBase.toString()).toBe('0.2');
    expect(detectUnexplainedBalanceChange(balances({ BTC: '0.4', USDT: '0' }), balances({ BTC: '0.2', USDT: '11988' }), fills)).toEqual([]);
  });
});
