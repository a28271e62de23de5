import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import type { MarketRules } from '../../../src/core/ports.js';
import { scaleApprovedQty } from '../../../src/core/trading/scale-approved-qty.js';

const market: MarketRules = {
  symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', marketType: 'spot', amountStep: new Decimal('0.00001'), priceTick: new Decimal('0.01'),
  minQty: new Decimal('0.0001'), minNotional: new Decimal(5), makerFeeRate: new Decimal('0.001'), takerFeeRate: new Decimal('0.001'),
};

describe('scaleApprovedQty', () => {
  it('sends the decided quantity for a full approval', () => {
    const r = scaleApprovedQty(new Decimal('0.00809'), 'full', market, new Decimal(60000));
    expect(r.ok && r.value.toString()).toBe('0.00809');
  });

  it('halves and floors to the amount step (never rounds up past the decided risk)', () => {
    const r = scaleApprovedQty(new Decimal('0.00809'), 'half', market, new Decimal(60000));
    expect(r.ok && r.value.toString()).toBe('0.00404');
  });

  it('refuses a half below the minimum quantity or the minimum order value instead of rounding it up', () => {
    expect(scaleApprovedQty(new Decimal('0.00019'), 'half', market, new Decimal(60000))).toMatchObject({ ok: false, error: { code: 'QTY_BELOW_MIN' } });
    expect(scaleApprovedQty(new Decimal('0.0002'), 'half', market, new Decimal(30000))).toMatchObject({ ok: false, error: { code: 'NOTIONAL_BELOW_MIN' } });
  });
});
