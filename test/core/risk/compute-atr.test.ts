import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import type { Candle } from '../../../src/core/ports.js';
import { computeAtr } from '../../../src/core/risk/compute-atr.js';

const candle = (high: number, low: number, close: number): Candle => ({
  openAt: new Date(0), open: dec(close), high: dec(high), low: dec(low), close: dec(close), volume: dec(1),
});

describe('computeAtr', () => {
  it('averages true ranges, counting a gap from the previous close as range', () => {
    const candles = [candle(101, 99, 100), candle(103, 100, 102), candle(110, 106, 108)];
    // TR 3 (103 − 100), then max(4, 8, 4) = 8 (gap from 102 to 110)
    expect(computeAtr(candles, 2)?.toString()).toBe('5.5');
  });

  it('returns null without period + 1 candles', () => {
    expect(computeAtr([candle(1, 1, 1)], 1)).toBeNull();
  });
});
