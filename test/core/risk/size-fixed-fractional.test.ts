import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { sizeFixedFractional } from '../../../src/core/risk/size-fixed-fractional.js';

describe('sizeFixedFractional', () => {
  it('risks the budget over the loss per unit including fees', () => {
    // 1 % of 10 000 = 100 USD; loss per unit 1000 + 89 fees = 1089
    const qty = sizeFixedFractional(dec(100), dec(1089));
    expect(qty.toFixed(10)).toBe('0.0918273646');
    expect(qty.mul(1089).toDecimalPlaces(20).toString()).toBe('100');
  });

  it('is linear in the budget', () => {
    expect(sizeFixedFractional(dec(400), dec(50)).toString()).toBe('8');
  });
});
