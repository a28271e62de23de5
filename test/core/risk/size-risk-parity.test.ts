import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { sizeRiskParity } from '../../../src/core/risk/size-risk-parity.js';

const base = { equityUsd: dec(10000), entryPriceQuote: dec(45000), feePerUnitQuote: dec(89), riskPerTradePercent: dec(1), maxOpenPositions: 5 };

describe('sizeRiskParity', () => {
  it('gives each of maxOpenPositions an equal share of riskPerTradePercent of equity as volatility', () => {
    // budget 10 000 · 1 % / 5 = 20 USD; ATR 911 + fees 89 = 1000 per unit → 0.02
    const r = sizeRiskParity({ ...base, volatility: { kind: 'atr', atrQuote: dec(911) } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.volatilityBudgetUsd.toString()).toBe('20');
    expect(r.value.qtyBase.toString()).toBe('0.02');
  });

  it('turns a return standard deviation into quote volatility at the entry price', () => {
    // 0.02 · 45 000 = 900 per unit; + 100 fees → 20 / 1000
    const r = sizeRiskParity({ ...base, feePerUnitQuote: dec(100), volatility: { kind: 'stdev', stdevRatio: dec('0.02') } });
    if (!r.ok) throw new Error('expected a size');
    expect(r.value.volatilityPerUnitQuote.toString()).toBe('900');
    expect(r.value.qtyBase.toString()).toBe('0.02');
  });

  it('sizes a calmer asset larger than a wilder one', () => {
    const calm = sizeRiskParity({ ...base, volatility: { kind: 'atr', atrQuote: dec(300) } });
    const wild = sizeRiskParity({ ...base, volatility: { kind: 'atr', atrQuote: dec(3000) } });
    if (!calm.ok || !wild.ok) throw new Error('expected sizes');
    expect(calm.value.qtyBase.gt(wild.value.qtyBase)).toBe(true);
  });

  it('refuses with VOLATILITY_UNKNOWN when the volatility is missing or not positive', () => {
    expect(sizeRiskParity({ ...base, volatility: undefined })).toEqual({ ok: false, error: 'VOLATILITY_UNKNOWN' });
    expect(sizeRiskParity({ ...base, volatility: { kind: 'atr', atrQuote: dec(0) } })).toEqual({ ok: false, error: 'VOLATILITY_UNKNOWN' });
  });
});
