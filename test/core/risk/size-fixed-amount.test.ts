import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { sizeFixedAmount } from '../../../src/core/risk/size-fixed-amount.js';

describe('sizeFixedAmount', () => {
  it('buys the fixed notional at the entry price', () => {
    expect(sizeFixedAmount(dec(1000), dec(40000)).toString()).toBe('0.025');
  });
});
