import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { chooseOrderRoute, protectiveCap, type RouteInput } from '../../../src/core/execution/choose-order-route.js';

const base: RouteInput = {
  side: 'buy',
  urgency: 'normal',
  bid: new Decimal('99.99'),
  ask: new Decimal('100.01'),
  priceTick: new Decimal('0.01'),
  notionalQuote: new Decimal(1000),
  liquidityQuote: new Decimal(100_000),
  expectedSlippagePct: new Decimal('0.01'),
  volatilityPct: new Decimal('0.2'),
  maxSlippagePct: new Decimal('0.5'),
};
const route = (o: Partial<RouteInput>) => chooseOrderRoute({ ...base, ...o });

describe('chooseOrderRoute', () => {
  it('a small order in a tight, calm market goes at market with a cap at touch + max slippage', () => {
    expect(route({})).toEqual({ type: 'market', capPrice: new Decimal('100.51'), reason: 'SMALL_AND_TIGHT' });
  });

  it('urgent orders go at market whatever the spread or size', () => {
    expect(route({ urgency: 'urgent', bid: new Decimal(90), ask: new Decimal(110), notionalQuote: new Decimal(1e9) })).toMatchObject({ type: 'market', reason: 'URGENT' });
  });

  it('a fast market takes liquidity rather than leaving a limit order behind', () => {
    expect(route({ volatilityPct: new Decimal('1.5'), urgency: 'patient' })).toMatchObject({ type: 'market', reason: 'HIGH_VOLATILITY' });
  });

  it('patient orders post on their own side of the book (maker)', () => {
    expect(route({ urgency: 'patient' })).toMatchObject({ type: 'limit', limitPrice: new Decimal('99.99'), reason: 'PATIENT', timeoutMs: 120_000 });
    expect(route({ urgency: 'patient', side: 'sell' })).toMatchObject({ type: 'limit', limitPrice: new Decimal('100.01') });
  });

  it('a wide spread is saved by posting at the mid, on the tick towards our side', () => {
    const wide = { bid: new Decimal('99.5'), ask: new Decimal('100.25') }; // mid 99.875
    expect(route(wide)).toMatchObject({ type: 'limit', limitPrice: new Decimal('99.87'), reason: 'WIDE_SPREAD', timeoutMs: 30_000 });
    expect(route({ ...wide, side: 'sell' })).toMatchObject({ type: 'limit', limitPrice: new Decimal('99.88') });
  });

  it('a large order against liquidity, or one expected to slip more than half the maximum, rests at the touch', () => {
    expect(route({ notionalQuote: new Decimal(30_000) })).toMatchObject({ type: 'limit', limitPrice: new Decimal('100.01'), reason: 'LARGE_VS_LIQUIDITY' });
    expect(route({ expectedSlippagePct: new Decimal('0.3') })).toMatchObject({ type: 'limit', reason: 'LARGE_VS_LIQUIDITY' });
    expect(route({ liquidityQuote: new Decimal(0) })).toMatchObject({ type: 'limit', reason: 'LARGE_VS_LIQUIDITY' });
  });

  it('unknown volatility is treated as calm: the cap still protects', () => {
    expect(route({ volatilityPct: null })).toMatchObject({ type: 'market', reason: 'SMALL_AND_TIGHT' });
  });
});

describe('protectiveCap', () => {
  it('never allows more than the maximum slippage: rounded down for buys, up for sells', () => {
    const tick = new Decimal('0.01');
    expect(protectiveCap('buy', new Decimal('100.01'), new Decimal('0.5'), tick).toString()).toBe('100.51');
    expect(protectiveCap('sell', new Decimal('99.99'), new Decimal('0.5'), tick).toString()).toBe('99.5'); // 99.49005 up
    expect(protectiveCap('buy', new Decimal('100'), new Decimal('0.0049'), tick).toString()).toBe('100');
    expect(protectiveCap('sell', new Decimal('100'), new Decimal(0), tick).toString()).toBe('100');
  });
});
