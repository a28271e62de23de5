import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, Decimal } from '../../../src/core/money.js';
import { floorQuotientToStep, floorToAmountStep } from '../../../src/core/risk/floor-to-amount-step.js';

/** A decimal as an integer over a power of ten: exact arithmetic for the oracle. */
interface Scaled { readonly units: bigint; readonly places: number; readonly value: Decimal }
const scaled = (units: bigint, places: number): Scaled => ({ units, places, value: new Decimal(`${units}e-${places}`) });
const fromDecimal = (value: Decimal): Scaled => {
  const [int, frac = ''] = value.toFixed().split('.');
  return { units: BigInt(int! + frac), places: frac.length, value };
};
const decimalArb = (maxUnits: bigint) =>
  fc.record({ units: fc.bigInt({ min: 1n, max: maxUnits }), places: fc.integer({ min: 0, max: 12 }) }).map((d) => scaled(d.units, d.places));
const steps = fc.constantFrom(scaled(1n, 8), scaled(1n, 5), scaled(1n, 3), scaled(1n, 0), scaled(2n, 3), scaled(5n, 1), scaled(10n, 0), scaled(25n, 4));

/** floor(num / (den × step)) × step, in exact integer arithmetic. */
function exactFloor(num: Scaled, den: Scaled, step: Scaled): Decimal {
  // num / (den · step) = (num.units · 10^(den.places + step.places)) / (den.units · step.units · 10^num.places)
  const top = num.units * 10n ** BigInt(den.places + step.places);
  const bottom = den.units * step.units * 10n ** BigInt(num.places);
  return new Decimal((top / bottom).toString()).mul(step.value);
}

describe('floorQuotientToStep', () => {
  it('buys the largest multiple of a power-of-ten step that the budget pays for', () => {
    // 100 USD at 1 089 per unit: 0.0918273… → 0.09182
    expect(floorQuotientToStep(dec(100), dec(1089), dec('0.00001')).toString()).toBe('0.09182');
    expect(floorQuotientToStep(dec(1000), dec(45000), dec('0.00001')).toString()).toBe('0.02222');
    expect(floorQuotientToStep(dec(900), dec(45000), dec('0.00001')).toString()).toBe('0.02');
  });

  it('floors to other steps, and to 18 decimals with a zero step, as floorToAmountStep does', () => {
    expect(floorQuotientToStep(dec('0.1838'), dec(2), dec('0.002')).toString()).toBe('0.09');
    expect(floorQuotientToStep(dec(7), dec(2), dec(5)).toString()).toBe('0');
    expect(floorQuotientToStep(dec(100), dec(3), dec(0)).toString()).toBe('33.333333333333333333');
  });

  it('leaves nothing for a negative or zero budget', () => {
    expect(floorQuotientToStep(dec(-5), dec(3), dec('0.001')).isZero()).toBe(true);
    expect(floorQuotientToStep(dec(0), dec(3), dec('0.001')).isZero()).toBe(true);
  });

  it('floors the exact quotient where rounding it to 40 digits first would reach the next step', () => {
    // 1.00001 × 9.9999 − 1e-39 over 9.9999 is 1.00001 − 1.00001e-40, which rounds to 1.00001 at 40 digits.
    const den = dec('9.9999');
    const num = dec('1.00001').mul(den).minus('1e-39');
    const step = dec('0.00001');
    const viaQuotient = floorToAmountStep(num.div(den), step);
    expect(viaQuotient.toString()).toBe('1.00001');
    expect(viaQuotient.mul(den).gt(num)).toBe(true); // one step more than the budget pays for
    expect(floorQuotientToStep(num, den, step).toString()).toBe('1');
  });

  it('equals the exact floor of the quotient, and agrees with flooring the 40-digit quotient on ordinary sizes', () => {
    fc.assert(
      fc.property(decimalArb(10n ** 14n), decimalArb(10n ** 12n), steps, (num, den, step) => {
        const floored = floorQuotientToStep(num.value, den.value, step.value);
        const expected = exactFloor(num, den, step);
        expect(floored.eq(expected)).toBe(true);
        expect(floored.eq(floorToAmountStep(num.value.div(den.value), step.value))).toBe(true);
      }),
      { numRuns: 2000, seed: 31 },
    );
  });

  it('is exact on and next to whole numbers of steps, where the double estimate gives way to a division', () => {
    const nudges = fc.constantFrom('0', '1e-30', '-1e-30', '1e-12', '-1e-12');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), decimalArb(10n ** 12n), steps, nudges, (k, den, step, nudge) => {
        const onMultiple = step.value.mul(k).mul(den.value);
        const num = onMultiple.plus(nudge);
        if (!num.isPositive() || num.isZero()) return;
        expect(floorQuotientToStep(num, den.value, step.value).eq(exactFloor(fromDecimal(num), den, step))).toBe(true);
      }),
      { numRuns: 2000, seed: 32 },
    );
  });

  it('is exact for 40-digit budgets, such as the margin room of a book with leveraged positions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 3, max: 125 }), decimalArb(10n ** 10n), steps, (cents, leverage, den, step) => {
        const num = fromDecimal(new Decimal(cents).div(100).div(leverage));
        expect(floorQuotientToStep(num.value, den.value, step.value).eq(exactFloor(num, den, step))).toBe(true);
      }),
      { numRuns: 2000, seed: 33 },
    );
  });
});
