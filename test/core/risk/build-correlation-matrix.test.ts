import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import type { Candle } from '../../../src/core/ports.js';
import { buildCorrelationMatrix, correlationBetween } from '../../../src/core/risk/build-correlation-matrix.js';
import { readCandles } from './risk-builders.js';

const series = (closes: readonly number[], skipHour = -1): Candle[] =>
  closes.flatMap((close, hour) => (hour === skipHour ? [] : [{ openAt: new Date(Date.UTC(2023, 0, 1, hour)), open: dec(close), high: dec(close), low: dec(close), close: dec(close), volume: dec(1) }]));

describe('buildCorrelationMatrix', () => {
  it('is 1 for series moving in proportion and −1 for mirrored moves', () => {
    const up = [100, 101, 99, 103, 102, 105];
    const m = buildCorrelationMatrix(
      new Map([
        ['A', series(up)],
        ['B', series(up.map((x) => x * 3))],
        ['C', series(up.map((x) => 10000 / x))],
      ]),
      { minOverlap: 3 },
    );
    expect(correlationBetween(m, 'A', 'B')).toBeCloseTo(1, 12);
    expect(correlationBetween(m, 'A', 'C')).toBeCloseTo(-1, 12);
    expect(correlationBetween(m, 'B', 'A')).toBe(correlationBetween(m, 'A', 'B'));
    expect(correlationBetween(m, 'A', 'A')).toBe(1);
  });

  it('aligns returns on identical instants, so a gap in one series drops the returns around it', () => {
    const a = [100, 101, 99, 103, 102, 105, 104];
    const m = buildCorrelationMatrix(new Map([['A', series(a)], ['B', series(a, 3)]]), { minOverlap: 4 });
    // B lacks hour 3: its 2→4 return matches nothing in A; the four one-hour returns that remain are identical
    expect(correlationBetween(m, 'A', 'B')).toBeCloseTo(1, 12);
    const strict = buildCorrelationMatrix(new Map([['A', series(a)], ['B', series(a, 3)]]), { minOverlap: 5 });
    expect(correlationBetween(strict, 'A', 'B')).toBeNaN();
  });

  it('leaves unknown symbols and too-short overlaps as NaN, never zero', () => {
    const m = buildCorrelationMatrix(new Map([['A', series([1, 2, 3])], ['B', series([1, 2, 4])]]));
    expect(correlationBetween(m, 'A', 'B')).toBeNaN();
    expect(correlationBetween(m, 'A', 'ZZZ')).toBeNaN();
  });

  it('on 30 days of real hourly candles to the end of 2023 finds BTC/ETH above 0.7 and BTC/SOL below', () => {
    const m = buildCorrelationMatrix(
      new Map([
        ['BTC/USDT', readCandles('BTC-USDT', 721)],
        ['ETH/USDT', readCandles('ETH-USDT', 721)],
        ['SOL/USDT', readCandles('SOL-USDT', 721)],
      ]),
    );
    expect(correlationBetween(m, 'BTC/USDT', 'ETH/USDT')).toBeGreaterThan(0.7);
    expect(correlationBetween(m, 'BTC/USDT', 'SOL/USDT')).toBeLessThan(0.7);
    expect(correlationBetween(m, 'BTC/USDT', 'SOL/USDT')).toBeGreaterThan(0.3);
  });
});
