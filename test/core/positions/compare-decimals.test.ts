import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, Decimal } from '../../../src/core/money.js';
import { compareDecimals, toApproxNumber } from '../../../src/core/positions/compare-decimals.js';

/** Decimals from 1e-25 to 1e30 in magnitude, both signs, with up to 31 significant digits. */
const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 25 }))
  .map(([n, scale]) => dec(n.toString()).div(dec(10).pow(scale)));

describe('toApproxNumber', () => {
  it('stays within 1e-15 (relative) of the correctly rounded double', () => {
    fc.assert(
      fc.property(decimalArb, (d) => {
        const exact = d.toNumber();
        expect(Math.abs(toApproxNumber(d) - exact)).toBeLessThanOrEqual(Math.abs(exact) * 1e-15);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the correctly rounded double for typical prices', () => {
    for (const v of ['30120.37', '0.00001234', '116890.8', '0', '-5.5', '12345678.9', '0.6123']) expect(toApproxNumber(dec(v))).toBe(Number(v));
  });
});

describe('compareDecimals', () => {
  it('orders values too close for doubles exactly, through the Decimal comparison', () => {
    const a = dec('0.10000000000000000001');
    const b = dec('0.10000000000000000002');
    expect(toApproxNumber(a)).toBe(toApproxNumber(b));
    expect(compareDecimals(a, b)).toBe(-1);
    expect(compareDecimals(b, a)).toBe(1);
    expect(compareDecimals(a, dec('0.10000000000000000001'))).toBe(0);
  });

  it('always agrees with Decimal#cmp, including for values a hair apart (fast-check)', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, fc.integer({ min: 0, max: 20 }), (a, b, nudge) => {
        const c = nudge === 0 ? b : a.plus(new Decimal(10).pow(nudge - 30));
        expect(compareDecimals(a, c)).toBe(a.cmp(c));
        expect(compareDecimals(c, a)).toBe(c.cmp(a));
      }),
      { numRuns: 2000 },
    );
  });
});
