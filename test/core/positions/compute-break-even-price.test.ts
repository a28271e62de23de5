import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { computeBreakEvenPrice } from '../../../src/core/positions/compute-break-even-price.js';

describe('computeBreakEvenPrice', () => {
  it('covers both taker fees for a long: entry × (1 + f) / (1 − f), ceiled to the tick', () => {
    const p = { side: 'long' as const, entryPriceQuote: dec(30120), feeRate: dec('0.001') };
    expect(computeBreakEvenPrice(p).toFixed(6)).toBe('30180.300300');
    expect(computeBreakEvenPrice(p, dec('0.01')).toString()).toBe('30180.31');
  });

  it('covers both taker fees for a short: entry × (1 − f) / (1 + f), floored to the tick', () => {
    const p = { side: 'short' as const, entryPriceQuote: dec('27424.71'), feeRate: dec('0.001') };
    expect(computeBreakEvenPrice(p, dec('0.01')).toString()).toBe('27369.91');
  });

  it('is the entry itself without fees', () => {
    expect(computeBreakEvenPrice({ side: 'long', entryPriceQuote: dec(100), feeRate: dec(0) }, dec('0.01')).toString()).toBe('100');
  });

  it('leaves no loss when the rest is sold there: exit proceeds after fees cover the entry cost', () => {
    const f = dec('0.00075');
    const be = computeBreakEvenPrice({ side: 'long', entryPriceQuote: dec('2431.17'), feeRate: f }, dec('0.01'));
    expect(be.mul(dec(1).minus(f)).gte(dec('2431.17').mul(dec(1).plus(f)))).toBe(true);
  });
});
