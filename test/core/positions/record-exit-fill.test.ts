import { describe, expect, it } from 'vitest';
import { Decimal, ZERO } from '../../../src/core/money.js';
import { recordExitFill } from '../../../src/core/positions/record-exit-fill.js';
import { position } from './position-builders.js';

const market = { minQty: new Decimal('0.001'), minNotional: new Decimal(5) };
const now = new Date('2025-01-02T00:00:00Z');
const opts = (o: { closesPosition: boolean; mark?: number }) => ({ reason: 'STOP_HIT', closesPosition: o.closesPosition, market, markPriceQuote: new Decimal(o.mark ?? 95), now });

describe('recordExitFill', () => {
  it('a full fill closes the position with its net result in R over the recorded 1R', () => {
    const p = position('long', { qty: '0.3', feesUsd: new Decimal('0.03') }); // entry 100, stop 90: 1R = 3 USD
    const out = recordExitFill(p, { initialRiskUsd: new Decimal(3) }, { qtyBase: new Decimal('0.3'), priceQuote: new Decimal(95), feeUsd: new Decimal('0.0285') }, opts({ closesPosition: true }));
    expect(out.patch).toMatchObject({ status: 'closed', closeReason: 'STOP_HIT', closedAt: now, pendingExit: null });
    expect(out.closed?.netPnlUsd.toString()).toBe('-1.5585'); // −1.5 − 0.0585 fees
    expect(out.closed?.rMultiple.toString()).toBe('-0.5195');
    expect(out.position.qtyBase.isZero()).toBe(true);
  });

  it('a scale-out leaves the position open; a refusal books nothing and only clears the pending exit', () => {
    const p = position('long', { qty: '0.3' });
    const part = recordExitFill(p, { initialRiskUsd: new Decimal(3) }, { qtyBase: new Decimal('0.1'), priceQuote: new Decimal(110), feeUsd: ZERO }, { ...opts({ closesPosition: false }), reason: 'SCALE_OUT' });
    expect(part.closed).toBeNull();
    expect(part.patch).toEqual({ qtyBase: new Decimal('0.2'), realisedPnlUsd: new Decimal(1), feesUsd: ZERO, pendingExit: null });
    const refused = recordExitFill(p, { initialRiskUsd: new Decimal(3) }, null, opts({ closesPosition: true }));
    expect(refused).toEqual({ position: p, patch: { pendingExit: null }, closed: null });
  });

  it('what is left below the market minimum is written off as dust and the position closes; without initialRiskUsd 1R comes from the prices', () => {
    const p = position('long', { qty: '0.3' });
    const out = recordExitFill(p, { initialRiskUsd: ZERO }, { qtyBase: new Decimal('0.26'), priceQuote: new Decimal(120), feeUsd: ZERO }, { ...opts({ closesPosition: false, mark: 120 }), reason: 'SCALE_OUT' });
    expect(out.closed).toMatchObject({ reason: 'SCALED_OUT' });
    expect(out.closed?.dustQtyBase.toString()).toBe('0.04'); // 0.04 × 120 = 4.8 < 5 minimum
    expect(out.closed?.rMultiple.toString()).toBe('1.7333'); // 5.2 over 1R = 10 × 0.3
  });
});
