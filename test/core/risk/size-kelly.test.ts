import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { sizeKelly, sizeKellyExactly, type KellyInput } from '../../../src/core/risk/size-kelly.js';

describe('sizeKelly', () => {
  it('puts f × kellyFraction of equity at risk, with f = W − (1 − W) / R', () => {
    // W 0.6, R 2: f = 0.6 − 0.4 / 2 = 0.4; half Kelly risks 20 % of 10 000 = 2 000; loss/unit 100 → 20 units
    const r = sizeKelly({ equityUsd: dec(10000), lossPerUnitQuote: dec(100), rewardPerUnitQuote: dec(200), winOdds: { wins: dec('0.6'), trials: 1 }, kellyFraction: dec('0.5') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.kellyRaw.toString()).toBe('0.4');
    expect(r.value.qtyBase.toString()).toBe('20');
  });

  it('works on W as the fraction wins / trials and rounds the quantity down to the amount step', () => {
    // W = 46 / 70 (0.8 blended with 6 wins in 20 trades), R = 200 / 100:
    // f = (46 · 200 − 24 · 100) / (70 · 200) = 0.4857142…; half Kelly of 10 000 over 100 per unit = 24.2857142… units
    const input = { equityUsd: dec(10000), lossPerUnitQuote: dec(100), rewardPerUnitQuote: dec(200), winOdds: { wins: dec(46), trials: 70 }, kellyFraction: dec('0.5') };
    const r = sizeKelly({ ...input, amountStep: dec('0.001') });
    if (!r.ok) throw new Error('expected a size');
    expect(r.value.kellyRaw.toFixed(7)).toBe('0.4857143');
    expect(r.value.qtyBase.toString()).toBe('24.285');
    const unrounded = sizeKelly(input);
    expect(unrounded.ok && unrounded.value.qtyBase.toFixed(7)).toBe('24.2857143');
  });

  it('refuses with KELLY_NON_POSITIVE when the edge is zero or negative', () => {
    // W 0.4, R 1.5: f = 0.4 − 0.6 / 1.5 = 0
    const zero = sizeKelly({ equityUsd: dec(10000), lossPerUnitQuote: dec(100), rewardPerUnitQuote: dec(150), winOdds: { wins: dec('0.4'), trials: 1 }, kellyFraction: dec('0.5') });
    expect(zero.ok).toBe(false);
    if (zero.ok) return;
    expect(zero.error.code).toBe('KELLY_NON_POSITIVE');
    expect(zero.error.kellyRaw).toBe(0);
    const negative = sizeKelly({ equityUsd: dec(10000), lossPerUnitQuote: dec(100), rewardPerUnitQuote: dec(100), winOdds: { wins: dec('0.3'), trials: 1 }, kellyFraction: dec('0.5') });
    expect(negative.ok ? null : negative.error.kellyRaw?.toString()).toBe('-0.4');
  });

  it('refuses a non-positive payoff ratio without computing f', () => {
    const r = sizeKelly({ equityUsd: dec(10000), lossPerUnitQuote: dec(100), rewardPerUnitQuote: dec(-50), winOdds: { wins: dec('0.9'), trials: 1 }, kellyFraction: dec('0.5') });
    expect(r).toEqual({ ok: false, error: { code: 'KELLY_NON_POSITIVE', kellyRaw: null } });
  });

  it('agrees with the exact Decimal computation wherever its double estimate answers: same quantity, same refusals, f to 10 digits', () => {
    const cents = (max: number) => fc.integer({ min: 1, max }).map((n) => dec(n).div(100));
    const step = fc.constantFrom('0.00001', '0.001', '0.002', '0.5', '1', '10').map(dec);
    const inputs = fc.record({
      equityUsd: cents(1e10),
      lossPerUnitQuote: cents(1e8),
      rewardPerUnitQuote: cents(1e8),
      confidence: fc.integer({ min: 0, max: 10000 }).map((n) => dec(n).div(10000)),
      history: fc.option(fc.record({ trades: fc.integer({ min: 1, max: 400 }), wins: fc.nat(400) }), { nil: undefined }),
      kellyFraction: fc.integer({ min: 1, max: 100 }).map((n) => dec(n).div(100)),
      amountStep: step,
    }).map((r): KellyInput => {
      const trials = r.history === undefined ? 1 : r.history.trades + 50;
      const wins = r.history === undefined ? r.confidence : r.confidence.mul(50).plus(Math.min(r.history.wins, r.history.trades));
      return { ...r, winOdds: { wins, trials } };
    });
    // Edges at and next to zero: reward set so that W × reward = (1 − W) × loss, then nudged.
    const nearZeroEdge = fc.record({ loss: cents(1e6), w: fc.integer({ min: 1, max: 99 }), nudge: fc.constantFrom('0', '1e-20', '-1e-20', '0.01', '-0.01') })
      .map(({ loss, w, nudge }): KellyInput => ({
        equityUsd: dec(10000), lossPerUnitQuote: loss, rewardPerUnitQuote: loss.mul(100 - w).div(w).plus(nudge).abs(),
        winOdds: { wins: dec(w).div(100), trials: 1 }, kellyFraction: dec('0.5'), amountStep: dec('0.001'),
      }));
    fc.assert(
      fc.property(fc.oneof(inputs, nearZeroEdge), (input) => {
        if (input.rewardPerUnitQuote.isZero()) return;
        const fast = sizeKelly(input);
        const exact = sizeKellyExactly(input);
        expect(fast.ok).toBe(exact.ok);
        if (fast.ok && exact.ok) {
          expect(fast.value.qtyBase.eq(exact.value.qtyBase)).toBe(true);
          expect(Math.abs(fast.value.kellyRaw - exact.value.kellyRaw)).toBeLessThanOrEqual(1e-10 * Math.abs(exact.value.kellyRaw));
        } else if (!fast.ok && !exact.ok) {
          expect(Math.sign(fast.error.kellyRaw ?? 0)).toBe(Math.sign(exact.error.kellyRaw ?? 0));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
