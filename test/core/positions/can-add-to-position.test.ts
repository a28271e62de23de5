import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { canAddToPosition } from '../../../src/core/positions/can-add-to-position.js';
import { position } from './position-builders.js';

const on = { enablePyramiding: true };

describe('canAddToPosition', () => {
  it('refuses when pyramiding is disabled, whatever the stop', () => {
    const r = canAddToPosition(position('long', { stopPriceQuote: dec(120) }), { enablePyramiding: false });
    expect(r).toMatchObject({ ok: false, error: { reason: 'PYRAMIDING_DISABLED' } });
  });

  it('refuses a long whose stop is still below break-even, and says where break-even is', () => {
    const r = canAddToPosition(position('long', { stopPriceQuote: dec(100) }), on);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.reason).toBe('STOP_BEFORE_BREAK_EVEN');
      expect(r.error.breakEvenPriceQuote.toFixed(4)).toBe('100.2002');
    }
  });

  it('allows a long whose stop is at or above break-even', () => {
    expect(canAddToPosition(position('long', { stopPriceQuote: dec('100.21') }), on).ok).toBe(true);
    expect(canAddToPosition(position('long', { stopPriceQuote: dec(110) }), on).ok).toBe(true);
  });

  it('mirrors for a short: the stop must be at or below break-even', () => {
    expect(canAddToPosition(position('short', { stopPriceQuote: dec(100) }), on)).toMatchObject({ ok: false, error: { reason: 'STOP_BEFORE_BREAK_EVEN' } });
    expect(canAddToPosition(position('short', { stopPriceQuote: dec('99.8') }), on).ok).toBe(true);
  });

  it('refuses a position with nothing open', () => {
    expect(canAddToPosition(position('long', { qty: 0, stopPriceQuote: dec(110) }), on)).toMatchObject({ ok: false, error: { reason: 'POSITION_CLOSED' } });
  });
});
