import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, Decimal } from '../../../src/core/money.js';
import { positionHealth } from '../../../src/core/positions/position-health.js';
import { position, rules, tick } from './position-builders.js';

const byName = (h: ReturnType<typeof positionHealth>) => Object.fromEntries(h.parts.map((p) => [p.name, p]));

describe('positionHealth', () => {
  it('scores each part as documented for a long (entry 100, stop 90, R 10)', () => {
    // mark 105: stop 10R… room 15 = 1.5R, 7.5 ATR (ATR 2); +0.5R; 12 h of 48 = 0.25 used, 0.5R progress;
    // best 108 = 0.8R, 0.3R given back; ATR 2 against a 1.6 baseline = 1.25.
    const p = position('long', { bestPriceQuote: dec(108) });
    const h = positionHealth(p, tick(105, { hours: 12, atr: 2, baselineAtr: '1.6' }), rules());
    const parts = byName(h);
    expect(parts.STOP_DISTANCE_R).toMatchObject({ value: 1.5, score: 100, weight: 25, note: 'OK' });
    expect(parts.STOP_DISTANCE_ATR).toMatchObject({ value: 7.5, score: 100, weight: 15, note: 'OK' });
    expect(parts.UNREALISED_R).toMatchObject({ value: 0.5, score: 50, weight: 20, note: 'OK' });
    expect(parts.TIME_PROGRESS).toMatchObject({ value: -0.25, score: 100, weight: 15, note: 'OK' });
    expect(parts.GIVE_BACK).toMatchObject({ value: 0.3, score: 70, weight: 15, note: 'OK' });
    expect(parts.VOLATILITY_REGIME).toMatchObject({ value: 1.25, score: 88, weight: 10, note: 'OK' }); // 87.5 shown rounded
    // (25·100 + 15·100 + 20·50 + 15·100 + 15·70 + 10·87.5) / 100 = 84.25
    expect(h.score).toBe(84);
  });

  it('mirrors the parts for a short', () => {
    const long = positionHealth(position('long', { bestPriceQuote: dec(108) }), tick(105, { hours: 12, baselineAtr: '1.6' }), rules());
    const short = positionHealth(position('short', { bestPriceQuote: dec(92) }), tick(95, { hours: 12, baselineAtr: '1.6' }), rules());
    expect(short).toEqual(long);
  });

  it('flags a breached or near stop, a loss, lateness, give-back and a volatility spike', () => {
    const p = position('long', { bestPriceQuote: dec(120), stopPriceQuote: dec(99) });
    const parts = byName(positionHealth(p, tick('99.5', { hours: 46, atr: 5, baselineAtr: 2 }), rules()));
    expect(parts.STOP_DISTANCE_R!.note).toBe('NEAR_STOP'); // 0.05R
    expect(parts.STOP_DISTANCE_ATR!.note).toBe('WITHIN_NOISE'); // 0.1 ATR
    expect(parts.UNREALISED_R!.note).toBe('LOSING');
    expect(parts.TIME_PROGRESS!.note).toBe('BEHIND_SCHEDULE');
    expect(parts.GIVE_BACK!).toMatchObject({ note: 'GIVING_BACK', score: 0 }); // the whole 2R peak given back
    expect(parts.VOLATILITY_REGIME!).toMatchObject({ note: 'VOLATILITY_EXTREME', score: 25 });
    const breached = byName(positionHealth(position('long'), tick(89), rules()));
    expect(breached.STOP_DISTANCE_R).toMatchObject({ note: 'STOP_BREACHED', score: 0 });
  });

  it('leaves out the ATR parts when the ATR is unknown and spreads their weight over the others', () => {
    const h = positionHealth(position('long'), tick(100, { hours: 0, atr: null }), rules());
    const parts = byName(h);
    expect(parts.STOP_DISTANCE_ATR).toEqual({ name: 'STOP_DISTANCE_ATR', score: 0, weight: 0, value: null, note: 'ATR_UNKNOWN' });
    expect(parts.VOLATILITY_REGIME!.weight).toBe(0);
    // (25·100 + 20·33.33 + 15·100 + 15·100) / 75 = 82.2
    expect(h.score).toBe(82);
  });

  it('leaves out only the volatility regime when the baseline ATR is missing', () => {
    const parts = byName(positionHealth(position('long'), tick(100, { baselineAtr: null }), rules()));
    expect(parts.STOP_DISTANCE_ATR!.weight).toBe(15);
    expect(parts.VOLATILITY_REGIME!.weight).toBe(0);
  });

  it('runs the clock on the configured holding time', () => {
    const early = byName(positionHealth(position('long'), tick(100, { hours: 24 }), rules()));
    const late = byName(positionHealth(position('long'), tick(100, { hours: 24 }), rules({ maxHoursWithoutOneR: 24 })));
    expect(early.TIME_PROGRESS!.score).toBe(50);
    expect(late.TIME_PROGRESS).toMatchObject({ score: 0, note: 'OUT_OF_TIME' });
  });
});

const healthArb = fc.record({
  side: fc.constantFrom('long' as const, 'short' as const),
  entry: fc.integer({ min: 100, max: 10_000_000 }),
  riskBps: fc.integer({ min: 10, max: 3000 }),
  /** Stop in force, in hundredths of R from the initial stop towards (and past) the entry. */
  stopTrailHundredths: fc.integer({ min: 0, max: 400 }),
  bestHundredthsR: fc.integer({ min: 0, max: 600 }),
  markHundredthsR: fc.integer({ min: -200, max: 600 }),
  deltaHundredthsR: fc.integer({ min: 1, max: 300 }),
  hours: fc.integer({ min: 0, max: 200 }),
  atrBps: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: null }),
  baselineBps: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: null }),
});

type HealthCase = typeof healthArb extends fc.Arbitrary<infer T> ? T : never;

/** Prices at `hundredths` of R from the entry, in the position's favour. */
function priceAt(c: HealthCase, hundredths: number): Decimal {
  const entry = dec(c.entry).div(100);
  const r = entry.mul(c.riskBps).div(10_000);
  return entry.plus(r.mul(hundredths).div(100).mul(c.side === 'long' ? 1 : -1));
}

function evaluate(c: HealthCase, markHundredths: number, stopHundredths: number) {
  const entry = dec(c.entry).div(100);
  const p = position(c.side, { entry, stop: priceAt(c, -100), stopPriceQuote: priceAt(c, stopHundredths), bestPriceQuote: priceAt(c, c.bestHundredthsR) });
  const atr = c.atrBps === null ? null : entry.mul(c.atrBps).div(10_000);
  const baseline = c.baselineBps === null ? null : entry.mul(c.baselineBps).div(10_000);
  return positionHealth(p, tick(priceAt(c, markHundredths), { hours: c.hours, atr, baselineAtr: baseline }), rules());
}

describe('positionHealth properties (fast-check)', () => {
  it('is an integer between 0 and 100, and so is every part score', () => {
    fc.assert(
      fc.property(healthArb, (c) => {
        const h = evaluate(c, c.markHundredthsR, c.stopTrailHundredths - 100);
        expect(Number.isInteger(h.score) && h.score >= 0 && h.score <= 100).toBe(true);
        for (const part of h.parts) expect(part.score >= 0 && part.score <= 100).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never falls when the mark moves further in the position’s favour (more unrealised R), all else equal', () => {
    fc.assert(
      fc.property(healthArb, (c) => {
        const stop = c.stopTrailHundredths - 100;
        const lower = evaluate(c, c.markHundredthsR, stop);
        const higher = evaluate(c, c.markHundredthsR + c.deltaHundredthsR, stop);
        expect(higher.score).toBeGreaterThanOrEqual(lower.score);
      }),
      { numRuns: 500 },
    );
  });

  it('never rises when the stop moves closer to the mark, all else equal', () => {
    fc.assert(
      fc.property(healthArb, (c) => {
        const stop = c.stopTrailHundredths - 100;
        const far = evaluate(c, c.markHundredthsR, stop);
        const closer = evaluate(c, c.markHundredthsR, stop + c.deltaHundredthsR);
        expect(closer.score).toBeLessThanOrEqual(far.score);
      }),
      { numRuns: 500 },
    );
  });
});
