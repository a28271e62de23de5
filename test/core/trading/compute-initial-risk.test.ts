import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { computeInitialRiskUsd } from '../../../src/core/trading/compute-initial-risk.js';

const d = (v: Decimal.Value) => new Decimal(v);

describe('computeInitialRiskUsd', () => {
  it('is the loss to the stop plus the entry fee paid and the exit fee at the stop', () => {
    // 0.5 × (100 − 98) + 0.05 + 0.5 × 98 × 0.001
    expect(computeInitialRiskUsd({ side: 'long', qtyBase: d('0.5'), entryPriceQuote: d(100), stopPriceQuote: d(98), entryFeeQuote: d('0.05'), takerFeeRate: d('0.001') }).toString()).toBe('1.099');
  });

  it('measures a short upwards', () => {
    expect(computeInitialRiskUsd({ side: 'short', qtyBase: d(2), entryPriceQuote: d(10), stopPriceQuote: d(11), entryFeeQuote: d(0), takerFeeRate: d(0) }).toString()).toBe('2');
  });

  it('never counts a stop already in profit (after a large slip) as negative risk: the fees remain', () => {
    expect(computeInitialRiskUsd({ side: 'long', qtyBase: d(1), entryPriceQuote: d(97), stopPriceQuote: d(98), entryFeeQuote: d('0.1'), takerFeeRate: d('0.001') }).toString()).toBe('0.198');
  });
});
