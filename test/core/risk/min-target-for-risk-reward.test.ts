import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { computeRiskReward, meetsMinRiskReward } from '../../../src/core/risk/compute-risk-reward.js';
import { minTargetForRiskReward } from '../../../src/core/risk/min-target-for-risk-reward.js';

describe('minTargetForRiskReward', () => {
  it('without fees puts a long target at entry + minRR × stop distance', () => {
    const r = minTargetForRiskReward({
      side: 'long', entryPriceQuote: dec(45010), stopPriceQuote: dec(44000), minRiskReward: dec('1.5'), feeRate: dec(0), priceTick: dec('0.01'),
    });
    expect(r).toEqual({ ok: true, value: dec(46525) });
  });

  it('with fees solves for the target whose net R:R is the minimum, rounded up to the tick', () => {
    // loss/unit 1089; T·(1 − 0.001) = 45000·1.001 + 1.5·1089 → T = 46725.2252…, ceil to 0.01
    const r = minTargetForRiskReward({
      side: 'long', entryPriceQuote: dec(45000), stopPriceQuote: dec(44000), minRiskReward: dec('1.5'), feeRate: dec('0.001'), priceTick: dec('0.01'),
    });
    if (!r.ok) throw new Error('expected a target');
    expect(r.value.toString()).toBe('46725.23');
    const rr = computeRiskReward('long', dec(45000), dec(44000), r.value, dec('0.001'));
    if (!rr.ok) throw new Error('expected figures');
    expect(meetsMinRiskReward(rr.value, dec('1.5'))).toBe(true);
  });

  it('rounds a short target down to the tick so the R:R still reaches the minimum', () => {
    const r = minTargetForRiskReward({
      side: 'short', entryPriceQuote: dec(100), stopPriceQuote: dec(103), minRiskReward: dec(2), feeRate: dec('0.001'), priceTick: dec('0.01'),
    });
    if (!r.ok) throw new Error('expected a target');
    const rr = computeRiskReward('short', dec(100), dec(103), r.value, dec('0.001'));
    if (!rr.ok) throw new Error('expected figures');
    expect(meetsMinRiskReward(rr.value, dec(2))).toBe(true);
    expect(r.value.mod('0.01').isZero()).toBe(true);
  });

  it('refuses a short whose target would have to be at or below zero', () => {
    const r = minTargetForRiskReward({
      side: 'short', entryPriceQuote: dec(10), stopPriceQuote: dec(20), minRiskReward: dec(2), feeRate: dec(0), priceTick: dec('0.01'),
    });
    expect(r).toEqual({ ok: false, error: 'TARGET_UNREACHABLE' });
  });

  it('passes the stop refusal through', () => {
    const r = minTargetForRiskReward({
      side: 'long', entryPriceQuote: dec(10), stopPriceQuote: dec(11), minRiskReward: dec(2), feeRate: dec(0), priceTick: dec('0.01'),
    });
    expect(r).toEqual({ ok: false, error: 'STOP_WRONG_SIDE' });
  });
});
