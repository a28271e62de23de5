import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { applyExitFill, ExitFillError } from '../../../src/core/positions/apply-exit-fill.js';
import { position } from './position-builders.js';

describe('applyExitFill', () => {
  it('shrinks a long and books (price − entry) × qty and the fee', () => {
    const p = applyExitFill(position('long'), { qtyBase: dec('0.1'), priceQuote: dec(110), feeUsd: dec('0.011') });
    expect(p.qtyBase.toString()).toBe('0.2');
    expect(p.realisedPnlUsd.toString()).toBe('1');
    expect(p.feesUsd.toString()).toBe('0.011');
    expect(p.initialQtyBase.toString()).toBe('0.3');
  });

  it('books (entry − price) × qty for a short', () => {
    expect(applyExitFill(position('short'), { qtyBase: dec('0.3'), priceQuote: dec(110), feeUsd: dec(0) }).realisedPnlUsd.toString()).toBe('-3');
  });

  it('refuses more than is open, or nothing', () => {
    expect(() => applyExitFill(position('long'), { qtyBase: dec('0.31'), priceQuote: dec(100), feeUsd: dec(0) })).toThrow(ExitFillError);
    expect(() => applyExitFill(position('long'), { qtyBase: dec(0), priceQuote: dec(100), feeUsd: dec(0) })).toThrow(ExitFillError);
  });
});
