import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import type { Candle } from '../../../src/core/ports.js';
import { computeRealizedVolatility } from '../../../src/core/risk/compute-realized-volatility.js';
import { readCandles } from './risk-builders.js';

const candle = (hour: number, close: number): Candle => {
  const c = dec(close);
  return { openAt: new Date(Date.UTC(2023, 0, 1, hour)), open: c, high: c, low: c, close: c, volume: dec(1) };
};

describe('computeRealizedVolatility', () => {
  it('is the sample standard deviation of the last log returns', () => {
    // returns ln 2, ln 0.5: mean 0, sample variance 2 · ln²2 → stdev ln 2 · √2
    const v = computeRealizedVolatility([candle(0, 1), candle(1, 2), candle(2, 1)], 2);
    expect(v?.toNumber()).toBeCloseTo(Math.LN2 * Math.SQRT2, 10);
  });

  it('returns null with too few returns', () => {
    expect(computeRealizedVolatility([candle(0, 1), candle(1, 2)], 2)).toBeNull();
  });

  it('finds BTC hourly volatility of a fraction of a per cent in December 2023', () => {
    const v = computeRealizedVolatility(readCandles('BTC-USDT', 721), 720);
    expect(v?.gt('0.001')).toBe(true);
    expect(v?.lt('0.02')).toBe(true);
  });
});
