import { describe, expect, it } from 'vitest';
import { prepareOrder } from '../../../../src/core/adapters/exchange-ccxt/prepare-order.js';
import { Decimal, ONE } from '../../../../src/core/money.js';
import type { MarketRules, OrderRequest } from '../../../../src/core/ports.js';

const d = (v: string) => new Decimal(v);
const rules: MarketRules = {
  symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', marketType: 'spot',
  amountStep: d('0.00001'), priceTick: d('0.01'), minQty: d('0.00001'), minNotional: d('5'),
  makerFeeRate: d('0.001'), takerFeeRate: d('0.001'),
};
const req = (over: Partial<OrderRequest>): OrderRequest => ({
  clientOrderId: 'c1', symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: d('0.001'), ...over,
});

describe('prepareOrder', () => {
  it('floors the quantity to the step and formats it with the step decimals', () => {
    const r = prepareOrder(req({ qtyBase: d('0.0012399') }), rules, d('60000'), ONE);
    expect(r).toMatchObject({ ok: true, value: { venueType: 'market', timeInForce: null, venueAmount: '0.00123', price: null } });
  });

  it('refuses a quantity that floors below the minimum', () => {
    expect(prepareOrder(req({ qtyBase: d('0.000009') }), rules, d('60000'), ONE)).toMatchObject({ ok: false, error: { reason: 'QTY_BELOW_MIN' } });
    expect(prepareOrder(req({ qtyBase: d('-1') }), rules, d('60000'), ONE)).toMatchObject({ ok: false, error: { reason: 'INVALID_ORDER' } });
  });

  it('rounds a limit price in the cautious direction: down for a buy, up for a sell', () => {
    const buy = prepareOrder(req({ type: 'limit', limitPrice: d('60000.019') }), rules, null, ONE);
    const sell = prepareOrder(req({ type: 'limit', side: 'sell', limitPrice: d('60000.011') }), rules, null, ONE);
    expect(buy).toMatchObject({ ok: true, value: { venueType: 'limit', price: '60000.01', timeInForce: null } });
    expect(sell).toMatchObject({ ok: true, value: { price: '60000.02' } });
  });

  it('turns a capped market order into a limit IOC at the cap', () => {
    const r = prepareOrder(req({ limitPrice: d('60100') }), rules, null, ONE);
    expect(r).toMatchObject({ ok: true, value: { venueType: 'limit', timeInForce: 'IOC', price: '60100.00' } });
  });

  it('checks the minimum notional at the limit price, else at the reference price, but not for reduce-only', () => {
    expect(prepareOrder(req({ qtyBase: d('0.00008') }), rules, d('60000'), ONE)).toMatchObject({ ok: false, error: { reason: 'NOTIONAL_BELOW_MIN' } });
    expect(prepareOrder(req({ qtyBase: d('0.0001'), type: 'limit', limitPrice: d('40000') }), rules, null, ONE))
      .toMatchObject({ ok: false, error: { reason: 'NOTIONAL_BELOW_MIN' } });
    expect(prepareOrder(req({ qtyBase: d('0.00008'), reduceOnly: true }), rules, d('60000'), ONE)).toMatchObject({ ok: true });
  });

  it('refuses a limit order without a price', () => {
    expect(prepareOrder(req({ type: 'limit' }), rules, null, ONE)).toMatchObject({ ok: false, error: { reason: 'INVALID_ORDER' } });
  });

  it('expresses the venue amount in contracts for contract markets', () => {
    const futures: MarketRules = { ...rules, symbol: 'BTC/USDT:USDT', marketType: 'futures', amountStep: d('0.01'), minQty: d('0.01'), minNotional: d('0') };
    const r = prepareOrder(req({ symbol: 'BTC/USDT:USDT', qtyBase: d('0.057') }), futures, d('60000'), d('0.01'));
    expect(r).toMatchObject({ ok: true, value: { venueAmount: '5' } });
    if (r.ok) expect(r.value.qtyBase.toString()).toBe('0.05');
  });
});
