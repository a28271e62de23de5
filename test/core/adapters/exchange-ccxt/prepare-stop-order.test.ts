import { describe, expect, it } from 'vitest';
import { prepareStopOrder } from '../../../../src/core/adapters/exchange-ccxt/prepare-stop-order.js';
import { Decimal, ONE } from '../../../../src/core/money.js';
import type { MarketRules, StopOrderRequest } from '../../../../src/core/ports.js';

const d = (v: string) => new Decimal(v);
const rules: MarketRules = {
  symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', marketType: 'spot',
  amountStep: d('0.00001'), priceTick: d('0.01'), minQty: d('0.00001'), minNotional: d('5'),
  makerFeeRate: d('0.001'), takerFeeRate: d('0.001'),
};
const req = (over: Partial<StopOrderRequest>): StopOrderRequest => ({
  clientOrderId: 'c1', symbol: 'BTC/USDT', side: 'sell', qtyBase: d('0.001'), triggerPrice: d('58000'), limitOffsetPct: d('2'), reduceOnly: true, ...over,
});

describe('prepareStopOrder', () => {
  it('a stop-limit sell: trigger rounded up to the tick (never looser), limit the offset below it rounded down (never less room)', () => {
    const r = prepareStopOrder(req({ qtyBase: d('0.0012399'), triggerPrice: d('58000.001') }), rules, 'stop_limit', ONE);
    expect(r).toMatchObject({ ok: true, value: { stopType: 'stop_limit', venueType: 'limit', venueAmount: '0.00123', triggerPrice: '58000.01', limitPrice: '56840.00' } });
  });

  it('a stop-limit buy (protecting a short) mirrors it: trigger down, limit above', () => {
    const r = prepareStopOrder(req({ side: 'buy', triggerPrice: d('61000.019') }), rules, 'stop_limit', ONE);
    expect(r).toMatchObject({ ok: true, value: { triggerPrice: '61000.01', limitPrice: '62220.02' } });
  });

  it('a stop-market has no limit price', () => {
    expect(prepareStopOrder(req({}), rules, 'stop_market', ONE)).toMatchObject({ ok: true, value: { venueType: 'market', limitPrice: null, triggerPrice: '58000.00' } });
  });

  it('refuses a quantity below the minimum, a value below the minimum notional, and a bad offset', () => {
    expect(prepareStopOrder(req({ qtyBase: d('0.000001') }), rules, 'stop_market', ONE)).toMatchObject({ ok: false, error: { reason: 'QTY_BELOW_MIN' } });
    expect(prepareStopOrder(req({ qtyBase: d('0.00005') }), rules, 'stop_market', ONE)).toMatchObject({ ok: false, error: { reason: 'NOTIONAL_BELOW_MIN' } });
    expect(prepareStopOrder(req({ limitOffsetPct: d('100') }), rules, 'stop_limit', ONE)).toMatchObject({ ok: false, error: { reason: 'INVALID_ORDER' } });
    expect(prepareStopOrder(req({ triggerPrice: d('0') }), rules, 'stop_limit', ONE)).toMatchObject({ ok: false, error: { reason: 'INVALID_ORDER' } });
  });
});
