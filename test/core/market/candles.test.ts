import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Candle } from '../../../src/core/ports.js';
import { Decimal } from '../../../src/core/money.js';
import {
  aggregateCandles,
  bucketStartMs,
  computeLogReturns,
  computeRealisedVolatility,
  computeSimpleReturns,
  computeTrueRanges,
  computeWilderAtr,
  pricePathWithinCandle,
  priceWithinCandle,
  shareOfPathBeyond,
  subPathWithinCandle,
  summarisePath,
  timeframeToMs,
} from '../../../src/core/market/candles.js';

const MIN = 60_000;

function candle(minute: number, o: string, h: string, l: string, c: string, v = '1'): Candle {
  return { openAt: new Date(minute * MIN), open: new Decimal(o), high: new Decimal(h), low: new Decimal(l), close: new Decimal(c), volume: new Decimal(v) };
}

// Hand-worked series: true ranges 2, 2, 2.5, 3.5 and 5.5 (a gap up after a close of 9.5).
const atrSeries: Candle[] = [
  candle(0, '9', '10', '8', '9'),
  candle(1, '9', '11', '9', '10.5'),
  candle(2, '10.5', '13', '10.5', '12'),
  candle(3, '12', '12.5', '9', '9.5'),
  candle(4, '14', '15', '14', '14.5'),
];

describe('timeframes', () => {
  it('converts timeframe strings to milliseconds and refuses unknown units', () => {
    expect(timeframeToMs('5m')).toBe(300_000);
    expect(timeframeToMs('1h')).toBe(3_600_000);
    expect(timeframeToMs('1d')).toBe(86_400_000);
    expect(timeframeToMs('1w')).toBe(604_800_000);
    expect(() => timeframeToMs('1M')).toThrow();
    expect(() => timeframeToMs('0m')).toThrow();
  });

  it('aligns buckets to the epoch, and weeks to Monday 00:00 UTC', () => {
    const at = Date.parse('2025-10-08T13:47:00Z'); // a Wednesday
    expect(new Date(bucketStartMs(at, timeframeToMs('4h'))).toISOString()).toBe('2025-10-08T12:00:00.000Z');
    expect(new Date(bucketStartMs(at, timeframeToMs('1w'))).toISOString()).toBe('2025-10-06T00:00:00.000Z');
  });
});

describe('true range and ATR', () => {
  it('uses high-low for the first candle and the previous close afterwards', () => {
    expect(computeTrueRanges(atrSeries).map((d) => d.toString())).toEqual(['2', '2', '2.5', '3.5', '5.5']);
  });

  it("computes Wilder's ATR: seed mean of the first n ranges, then (prev*(n-1)+tr)/n", () => {
    // seed (2+2+2.5)/3 = 13/6; then (13/6*2+3.5)/3 = 47/18; then (47/18*2+5.5)/3 = 193/54.
    const atr = computeWilderAtr(atrSeries, 3)!;
    expect(atr.toDecimalPlaces(30).eq(new Decimal(193).div(54).toDecimalPlaces(30))).toBe(true);
    expect(computeWilderAtr(atrSeries.slice(0, 3), 3)!.toDecimalPlaces(30).eq(new Decimal(13).div(6).toDecimalPlaces(30))).toBe(true);
  });

  it('returns null with fewer candles than the period and refuses a bad period', () => {
    expect(computeWilderAtr(atrSeries.slice(0, 2), 3)).toBeNull();
    expect(() => computeWilderAtr(atrSeries, 0)).toThrow();
  });
});

describe('returns and volatility', () => {
  const closes = [candle(0, '100', '100', '100', '100'), candle(1, '100', '110', '100', '110'), candle(2, '110', '110', '99', '99')];

  it('gives close-to-close simple returns as ratios', () => {
    expect(computeSimpleReturns(closes).map((d) => d.toString())).toEqual(['0.1', '-0.1']);
  });

  it('gives the sample standard deviation of log returns', () => {
    const r = [Math.log(1.1), Math.log(0.9)];
    const mean = (r[0]! + r[1]!) / 2;
    const expected = Math.sqrt((r[0]! - mean) ** 2 + (r[1]! - mean) ** 2); // n - 1 = 1
    expect(computeLogReturns(closes)[0]!.toNumber()).toBeCloseTo(r[0]!, 14);
    expect(computeRealisedVolatility(closes)!.toNumber()).toBeCloseTo(expected, 14);
    expect(computeRealisedVolatility(closes.slice(0, 2))).toBeNull();
  });
});

describe('price path within a candle', () => {
  const bull = candle(0, '100', '110', '95', '105');
  const bear = candle(0, '100', '110', '95', '97');

  it('goes open -> low -> high -> close for a bullish candle and open -> high -> low -> close for a bearish one', () => {
    expect(pricePathWithinCandle(bull).map((p) => p.price.toString())).toEqual(['100', '95', '110', '105']);
    expect(pricePathWithinCandle(bear).map((p) => p.price.toString())).toEqual(['100', '110', '95', '97']);
  });

  it('interpolates linearly along the legs, each a third of the candle', () => {
    expect(priceWithinCandle(bull, new Decimal(0)).toString()).toBe('100');
    expect(priceWithinCandle(bull, new Decimal(1).div(6)).toString()).toBe('97.5');
    expect(priceWithinCandle(bull, new Decimal(1).div(3)).toString()).toBe('95');
    expect(priceWithinCandle(bull, new Decimal(0.5)).toString()).toBe('102.5');
    expect(priceWithinCandle(bull, new Decimal(1)).toString()).toBe('105');
  });

  it('cuts the path between two instants, rescaled to the stretch, vertices inside kept', () => {
    const firstHalf = subPathWithinCandle(bear, new Decimal(0), new Decimal(0.5));
    expect(firstHalf.map((p) => [p.fraction.toDecimalPlaces(10).toString(), p.price.toString()])).toEqual([
      ['0', '100'],
      ['0.6666666667', '110'],
      ['1', '102.5'],
    ]);
    const range = summarisePath(firstHalf);
    expect([range.open, range.high, range.low, range.close].map(String)).toEqual(['100', '110', '100', '102.5']);
    expect(() => subPathWithinCandle(bear, new Decimal(0.5), new Decimal(0.5))).toThrow(RangeError);
  });

  it('measures the share of time the path spends at or beyond a price', () => {
    const path = pricePathWithinCandle(bear); // 100 -> 110 -> 95 -> 97
    // below 100: 1/3 of the fall from 110 to 95, then all of the last leg: 1/9 + 3/9
    expect(shareOfPathBeyond(path, new Decimal(100), 'below').toDecimalPlaces(20).eq(new Decimal(4).div(9).toDecimalPlaces(20))).toBe(true);
    expect(shareOfPathBeyond(path, new Decimal(100), 'above').toDecimalPlaces(20).eq(new Decimal(5).div(9).toDecimalPlaces(20))).toBe(true);
    // Met only at one instant (the low), a price gets no time at all.
    expect(shareOfPathBeyond(path, new Decimal(95), 'below').isZero()).toBe(true);
    expect(shareOfPathBeyond(pricePathWithinCandle(candle(0, '5', '5', '5', '5')), new Decimal(5), 'below').toString()).toBe('1');
  });

  it('never leaves the candle range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 1000 }), (a, b, f) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const c = candle(0, String(lo), String(hi + 5), String(lo - 0.5), String(hi));
        const p = priceWithinCandle(c, new Decimal(f).div(1000));
        return p.gte(c.low) && p.lte(c.high);
      }),
    );
  });
});

describe('aggregateCandles', () => {
  it('merges into buckets: first open, max high, min low, last close, summed volume, gaps left out', () => {
    const minutes = [candle(0, '1', '3', '1', '2', '1'), candle(1, '2', '5', '2', '4', '2'), candle(2, '4', '4', '0.5', '1', '3'), candle(6, '7', '8', '6', '7', '4')];
    const out = aggregateCandles(minutes, '5m');
    expect(out).toHaveLength(2);
    expect(out[0]!.openAt.getTime()).toBe(0);
    expect([out[0]!.open, out[0]!.high, out[0]!.low, out[0]!.close, out[0]!.volume].map(String)).toEqual(['1', '5', '0.5', '1', '6']);
    expect(out[1]!.openAt.getTime()).toBe(5 * MIN);
    expect(out[1]!.volume.toString()).toBe('4');
  });
});
