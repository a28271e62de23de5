import { describe, expect, it } from 'vitest';
import { dec, type Decimal } from '../../../src/core/money.js';
import type { Check } from '../../../src/core/risk/check.js';
import { fitSizeToLimits } from '../../../src/core/risk/fit-size-to-limits.js';
import type { TradeDecisionInput } from '../../../src/core/risk/risk-decision.js';
import { decisionInput, market, settings } from './risk-builders.js';

// BTC long 45 000 / stop 44 000 with a 0.1 % taker fee: loss per unit 1089, of which 89 fees
const unit = { lossPerUnitQuote: dec(1089), feePerUnitQuote: dec(89), rr: 2907 / 1089 };
const noCaps = settings({
  maxPositionSizeUsd: dec(1e9),
  maxPositionSizePercent: dec(1000),
  maxSingleAssetExposurePercent: dec(1000),
  maxPortfolioHeat: dec(100),
  maxDailyLossPercent: dec(100),
  maxDailyLossUsd: dec(1e9),
});

function fit(input: TradeDecisionInput, qty: Decimal | string, leverage = 1) {
  const checks: Check[] = [];
  const r = fitSizeToLimits(input, dec(qty), unit, leverage, checks);
  return { ...r, checks, check: (code: string) => checks.find((c) => c.code === code) };
}

describe('fitSizeToLimits', () => {
  it('rounds the quantity DOWN to the amount step and reports risk and fees of the rounded size', () => {
    const r = fit(decisionInput({ settings: noCaps }), dec(100).div(1089)); // 0.091827…
    expect(r.size?.qtyBase.toString()).toBe('0.09182');
    expect(r.size?.notionalUsd.toString()).toBe('4131.9');
    expect(r.size?.riskUsd.toString()).toBe('99.99198'); // 0.09182 · 1089, fees inside
    expect(r.size?.feesUsd.toString()).toBe('8.17198'); // 0.09182 · 89
    expect(r.size?.riskPctOfEquity.toString()).toBe('0.9999198');
    expect(r.adjustments).toEqual([]);
    expect(r.checks.every((c) => c.passed)).toBe(true);
  });

  it('caps the notional at maxPositionSizePercent of equity and records the cut, floored to the step', () => {
    const r = fit(decisionInput(), '0.09'); // 4 050 USD against 10 % of 10 000
    expect(r.size?.qtyBase.toString()).toBe('0.02222');
    expect(r.adjustments).toEqual([
      { code: 'POSITION_SIZE_LIMIT', fromQtyBase: dec('0.09'), toQtyBase: dec('0.02222'), valueBefore: dec(4050), limit: dec(1000), unit: 'usd' },
    ]);
    expect(r.check('POSITION_SIZE_LIMIT')).toMatchObject({ passed: true, value: dec('999.9'), limit: dec(1000) });
  });

  it('caps the notional at maxPositionSizeUsd when that is smaller', () => {
    const r = fit(decisionInput({ settings: settings({ maxPositionSizeUsd: dec(500) }) }), '0.09');
    expect(r.size?.qtyBase.toString()).toBe('0.01111');
  });

  it('on spot keeps notional plus entry fee within the available cash', () => {
    const r = fit(decisionInput({ settings: noCaps, account: { equityUsd: dec(10000), availableCashUsd: dec(500) } }), '0.09');
    expect(r.size?.qtyBase.toString()).toBe('0.0111'); // 500 / (45 000 · 1.001) = 0.0111000…
    expect(r.adjustments[0]).toMatchObject({ code: 'BUYING_POWER_LIMIT', limit: dec(500) });
    expect(r.check('BUYING_POWER_LIMIT')).toMatchObject({ passed: true, value: dec('499.9995') });
  });

  it('on futures caps the notional at equity × leverage, then the margin at maxMarginUtilizationPercent', () => {
    const input = decisionInput({ settings: noCaps, market: market({ marketType: 'futures' }) });
    const r = fit(input, '2', 3);
    // buying power 30 000 → 0.66666…; margin room 50 % · 10 000 · 3 = 15 000 notional → 0.33333
    expect(r.adjustments.map((a) => a.code)).toEqual(['BUYING_POWER_LIMIT', 'MARGIN_LIMIT']);
    expect(r.size?.qtyBase.toString()).toBe('0.33333');
    expect(r.size?.leverage).toBe(3);
    expect(r.check('MARGIN_LIMIT')).toMatchObject({ passed: true, value: 49.9995, limit: dec(50) });
  });

  it('counts the margin already used by open positions', () => {
    const input = decisionInput({
      settings: noCaps,
      market: market({ marketType: 'futures' }),
      positions: [{ symbol: 'ETH/USDT', side: 'long', entryPriceQuote: dec(2000), stopPriceQuote: dec(1900), qtyBase: dec(10), markPriceQuote: dec(2000), leverage: 5, feeRate: dec(0) }],
    });
    const r = fit(input, '1', 1); // used margin 4 000, room 1 000 → 1 000 / 45 000
    expect(r.size?.qtyBase.toString()).toBe('0.02222');
  });

  it('rejects with QTY_BELOW_MIN when the rounded quantity is under the minimum, with both numbers', () => {
    const r = fit(decisionInput({ market: market({ minQty: dec('0.001') }) }), '0.00099');
    expect(r.size).toBeNull();
    expect(r.check('QTY_BELOW_MIN')).toEqual({ code: 'QTY_BELOW_MIN', passed: false, value: dec('0.00099'), limit: dec('0.001'), unit: 'qty' });
  });

  it('rejects with NOTIONAL_BELOW_MIN when the order value is under the exchange minimum', () => {
    const r = fit(decisionInput({ market: market({ minNotional: dec(50) }) }), '0.00091');
    expect(r.size).toBeNull();
    expect(r.check('NOTIONAL_BELOW_MIN')).toEqual({ code: 'NOTIONAL_BELOW_MIN', passed: false, value: dec('40.95'), limit: dec(50), unit: 'usd' });
  });

  it('fails the limit that cut the size when the remainder is no valid order, reporting the uncut value', () => {
    const r = fit(decisionInput({ settings: settings({ maxPositionSizeUsd: dec(3) }) }), '0.01');
    expect(r.size).toBeNull();
    expect(r.check('POSITION_SIZE_LIMIT')).toMatchObject({ passed: false, value: dec(450), limit: dec(3) });
  });
});

describe('fitSizeToLimits with a step that is not a power of ten', () => {
  it('floors to a multiple of the step', () => {
    const input = decisionInput({ settings: noCaps, market: market({ amountStep: dec('0.002'), minQty: dec('0.002') }) });
    const r = fit(input, '0.0919');
    expect(r.size?.qtyBase.toString()).toBe('0.09');
  });
});
