import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import type { Candle } from '../../../src/core/ports.js';
import { computeLogReturns } from '../../../src/core/risk/compute-log-returns.js';

const candle = (hour: number, close: number): Candle => {
  const c = dec(close);
  return { openAt: new Date(Date.UTC(2023, 0, 1, hour)), open: c, high: c, low: c, close: c, volume: dec(1) };
};

describe('computeLogReturns', () => {
  it('returns ln(close / previous close) with the instants each return spans', () => {
    const r = computeLogReturns([candle(0, 100), candle(1, 110), candle(3, 99)]);
    expect(Array.from(r.values)).toEqual([Math.log(1.1), Math.log(99 / 110)]);
    expect(Array.from(r.fromMs)).toEqual([Date.UTC(2023, 0, 1, 0), Date.UTC(2023, 0, 1, 1)]);
    expect(Array.from(r.toMs)).toEqual([Date.UTC(2023, 0, 1, 1), Date.UTC(2023, 0, 1, 3)]);
  });

  it('skips candles with a non-positive close and candles out of time order', () => {
    const r = computeLogReturns([candle(0, 100), candle(1, 0), candle(0, 50), candle(2, 200)]);
    expect(Array.from(r.values)).toEqual([Math.log(2)]);
    expect(r.fromMs[0]).toBe(Date.UTC(2023, 0, 1, 0));
  });
});
