import type { Order } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { toExchangeOrder, type OrderMappingContext } from '../../../../src/core/adapters/exchange-ccxt/map-order.js';
import { Decimal, ONE } from '../../../../src/core/money.js';

const d = (v: string) => new Decimal(v);
const ctx: OrderMappingContext = {
  base: 'BTC', quote: 'USDT', contractSize: ONE, takerFeeRate: d('0.001'),
  fallback: { symbol: 'BTC/USDT', clientOrderId: 'ours', qtyBase: d('0.5'), createdAt: new Date(0) },
};
const order = (over: Partial<Order> & { fees?: unknown }): Order =>
  ({ id: '1', clientOrderId: 'ours', symbol: 'BTC/USDT', side: 'buy', type: 'market', status: 'closed', amount: 0.5, filled: 0.5, average: 100, price: 100, timestamp: 1000, info: {}, ...over }) as Order;

describe('toExchangeOrder', () => {
  it('converts a base-asset fee to quote at the average price and sums several fees', () => {
    const o = toExchangeOrder(order({ fees: [{ cost: 0.0005, currency: 'BTC' }, { cost: 0.02, currency: 'USDT' }] }), ctx);
    expect(o.feeQuote.toString()).toBe('0.07');
  });

  it('estimates the fee at the taker rate when none is reported, or it is in a third asset', () => {
    expect(toExchangeOrder(order({}), ctx).feeQuote.toString()).toBe('0.05');
    expect(toExchangeOrder(order({ fee: { cost: 0.0001, currency: 'BNB' } }), ctx).feeQuote.toString()).toBe('0.05');
  });

  it('has no average price and no fee when nothing filled', () => {
    const o = toExchangeOrder(order({ type: 'limit', status: 'open', filled: 0, average: undefined, price: 90 }), ctx);
    expect(o.avgPrice).toBeNull();
    expect(o.feeQuote.isZero()).toBe(true);
    expect(o.limitPrice?.toString()).toBe('90');
  });

  it("prefers Binance's origClientOrderId (a cancel reply's clientOrderId is the cancel's own id)", () => {
    const o = toExchangeOrder(order({ clientOrderId: 'cancel-xyz', status: 'canceled', info: { origClientOrderId: 'ours' } }), ctx);
    expect(o.clientOrderId).toBe('ours');
    expect(o.status).toBe('canceled');
  });

  it('reads a bare acknowledgement (no status, no amount) as open with the requested quantity', () => {
    const o = toExchangeOrder(order({ status: undefined, amount: undefined, filled: undefined, average: undefined, timestamp: undefined }), ctx);
    expect(o.status).toBe('open');
    expect(o.qtyBase.toString()).toBe('0.5');
    expect(o.createdAt).toEqual(new Date(0));
  });

  it('scales contract quantities into base units', () => {
    const o = toExchangeOrder(order({ amount: 5, filled: 5, fee: { cost: 0.3, currency: 'USDT' } }), { ...ctx, contractSize: d('0.01') });
    expect(o.qtyBase.toString()).toBe('0.05');
    expect(o.filledQtyBase.toString()).toBe('0.05');
    expect(o.feeQuote.toString()).toBe('0.3');
  });

  it('maps an order with a trigger price as a stop: STOP_LOSS_LIMIT (ccxt type limit) and STOP_LOSS (ccxt type market)', () => {
    const limit = toExchangeOrder(order({ type: 'limit', status: 'open', filled: 0, average: undefined, price: 56840, triggerPrice: 58000 }), ctx);
    expect([limit.type, limit.triggerPrice?.toString(), limit.limitPrice?.toString()]).toEqual(['stop_limit', '58000', '56840']);
    const market = toExchangeOrder(order({ type: 'market', status: 'open', filled: 0, average: undefined, price: 0, triggerPrice: 58000 }), ctx);
    expect([market.type, market.triggerPrice?.toString(), market.limitPrice]).toEqual(['stop_market', '58000', null]);
    expect(toExchangeOrder(order({}), ctx).triggerPrice).toBeNull();
  });
});
