import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { computeRiskReward } from '../../../src/core/risk/compute-risk-reward.js';

describe('computeRiskReward', () => {
  it('charges the taker fee on the entry and on the stop exit in the loss per unit', () => {
    const r = computeRiskReward('long', dec(45000), dec(44000), dec(48000), dec('0.001'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.stopDistanceQuote.toString()).toBe('1000');
    expect(r.value.feePerUnitQuote.toString()).toBe('89'); // 45 + 44
    expect(r.value.lossPerUnitQuote.toString()).toBe('1089');
  });

  it('nets the entry and target-exit fees out of the reward, so R:R is after fees', () => {
    const r = computeRiskReward('long', dec(45000), dec(44000), dec(48000), dec('0.001'));
    if (!r.ok) throw new Error('expected figures');
    expect(r.value.rewardPerUnitQuote.toString()).toBe('2907'); // 3000 - 45 - 48
    expect(r.value.rr.toFixed(6)).toBe('2.669421'); // 2907 / 1089
  });

  it('mirrors the arithmetic for a short', () => {
    const r = computeRiskReward('short', dec(100), dec(110), dec(80), dec(0));
    if (!r.ok) throw new Error('expected figures');
    expect(r.value.lossPerUnitQuote.toString()).toBe('10');
    expect(r.value.rr.toString()).toBe('2');
  });

  it('refuses a stop that does not protect: at or above a long entry, at or below a short entry', () => {
    expect(computeRiskReward('long', dec(100), dec(100), dec(120), dec(0))).toEqual({ ok: false, error: 'STOP_WRONG_SIDE' });
    expect(computeRiskReward('long', dec(100), dec(101), dec(120), dec(0))).toEqual({ ok: false, error: 'STOP_WRONG_SIDE' });
    expect(computeRiskReward('short', dec(100), dec(99), dec(80), dec(0))).toEqual({ ok: false, error: 'STOP_WRONG_SIDE' });
  });

  it('refuses non-positive prices as INVALID_PRICE', () => {
    expect(computeRiskReward('long', dec(0), dec(-1), dec(120), dec(0))).toEqual({ ok: false, error: 'INVALID_PRICE' });
    expect(computeRiskReward('long', dec(100), dec(90), dec(0), dec(0))).toEqual({ ok: false, error: 'INVALID_PRICE' });
  });

  it('gives a negative R:R for a target on the wrong side instead of refusing', () => {
    const r = computeRiskReward('long', dec(100), dec(90), dec(95), dec(0));
    if (!r.ok) throw new Error('expected figures');
    expect(r.value.rr.toString()).toBe('-0.5');
  });
});
