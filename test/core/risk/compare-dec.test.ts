import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDec, dec, Decimal, ONE } from '../../../src/core/money.js';

// compareDec lives in money.ts; it is tested here, next to the risk decision that needed it.
const decimalArb = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: -30, max: 30 })).map(([units, exp]) => new Decimal(`${units}e${exp}`)),
  // 40-digit quotients (as the engine's percentages and margins) and their neighbours
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 97 })).map(([a, b]) => dec(a).div(b)),
  fc.constantFrom(dec(0), dec('-0'), ONE, dec('1e-40'), dec('-1e-40'), dec('9999999'), dec('10000000'), dec('0.0000001')),
);

describe('compareDec', () => {
  it('orders like Decimal.cmp, for any signs, exponents and digit counts', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        expect(compareDec(a, b)).toBe(a.cmp(b));
        expect(compareDec(a, a)).toBe(0);
      }),
      { numRuns: 5000, seed: 5 },
    );
  });

  it('tells apart numbers that differ only in their last digit or word', () => {
    const third = dec(1).div(3);
    expect(compareDec(third, third.plus('1e-40'))).toBe(-1);
    expect(compareDec(dec('12345678.9'), dec('12345678.90000001'))).toBe(-1);
    expect(compareDec(dec('-2'), dec('-10'))).toBe(1);
  });

  it('answers NaN like Decimal.cmp when a value is NaN', () => {
    expect(compareDec(new Decimal(NaN), ONE)).toBeNaN();
  });
});
