import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Candle } from '../../../../src/core/ports.js';
import { Decimal } from '../../../../src/core/money.js';
import {
  buildSyntheticBook,
  defaultFillModelOptions,
  estimateFromBook,
  walkSyntheticBook,
  type SyntheticBook,
} from '../../../../src/core/adapters/exchange-paper/paper-fill-model.js';
import { candleAt, flatCandles } from './paper-fixtures.js';

const d = (v: string | number) => new Decimal(v);
const tick = d('0.01');
/** mid 100, no spread, 1000 USDT per bp: 10 BTC per level. */
const book: SyntheticBook = { mid: d(100), bid: d(100), ask: d(100), spreadBps: d(0), depthQuotePerBps: d(1000) };

describe('buildSyntheticBook', () => {
  it('puts bid and ask half the base spread around the mid, on ticks', () => {
    const b = buildSyntheticBook({ mid: d(100), recentCandles: [], timeframeMs: 60_000, priceTick: tick });
    expect([b.bid.toString(), b.ask.toString(), b.spreadBps.toString()]).toEqual(['99.99', '100.01', '2']);
  });

  it('keeps at least one tick between bid and ask when the mid is off-tick', () => {
    const b = buildSyntheticBook({ mid: d('100.005'), recentCandles: [], timeframeMs: 60_000, priceTick: tick }, { ...defaultFillModelOptions, baseSpreadBps: d(0) });
    expect([b.bid.toString(), b.ask.toString()]).toEqual(['100', '100.01']);
  });

  it('widens the spread when recent candles are volatile', () => {
    const calm = buildSyntheticBook({ mid: d(100), recentCandles: flatCandles(0, 14, '100'), timeframeMs: 60_000, priceTick: tick });
    const wild = Array.from({ length: 14 }, (_, i) => candleAt(i, '100', '102', '98', '100'));
    const stormy = buildSyntheticBook({ mid: d(100), recentCandles: wild, timeframeMs: 60_000, priceTick: tick });
    // ATR 4 on a close of 100 is 400 bps; a factor of 0.1 adds 40 bps.
    expect(calm.spreadBps.toString()).toBe('2');
    expect(stormy.spreadBps.toString()).toBe('42');
    expect(stormy.ask.minus(stormy.bid).gt(calm.ask.minus(calm.bid))).toBe(true);
  });

  it('sizes depth from the quote volume traded per bp of price movement, with a floor', () => {
    const input = (candles: Candle[]) => ({ mid: d(100), recentCandles: candles, timeframeMs: 60_000, priceTick: tick });
    // Flat candles count as 1 bp of movement each: 5 * 100000 USDT over 5 bps.
    expect(buildSyntheticBook(input(flatCandles(0, 5, '100', '1000'))).depthQuotePerBps.toString()).toBe('100000');
    expect(buildSyntheticBook(input(flatCandles(0, 5, '100', '1'))).depthQuotePerBps.toString()).toBe('1000'); // the floor
  });

  it('thins the book when the same volume moves the price more', () => {
    const calm = Array.from({ length: 5 }, (_, i) => candleAt(i, '100', '100.5', '99.5', '100', '1000')); // 100 bps ranges
    const wild = Array.from({ length: 5 }, (_, i) => candleAt(i, '100', '102', '98', '100', '1000')); // 400 bps ranges
    const depthOf = (candles: Candle[]) => buildSyntheticBook({ mid: d(100), recentCandles: candles, timeframeMs: 60_000, priceTick: tick }).depthQuotePerBps.toString();
    const busyCalm = calm.map((c) => ({ ...c, volume: d(100000) }));
    const busyWild = wild.map((c) => ({ ...c, volume: d(100000) }));
    expect([depthOf(busyCalm), depthOf(busyWild)]).toEqual(['100000', '25000']);
  });

  it('gives the same depth whatever the timeframe when the price diffuses (range grows with sqrt of time)', () => {
    const oneMinute = Array.from({ length: 4 }, (_, i) => candleAt(i, '100', '101', '99', '100', '1000'));
    const fourMinute = Array.from({ length: 4 }, (_, i) => candleAt(4 * i, '100', '102', '98', '100', '4000'));
    const a = buildSyntheticBook({ mid: d(100), recentCandles: oneMinute, timeframeMs: 60_000, priceTick: tick }, { ...defaultFillModelOptions, minDepthQuotePerBps: d(0) });
    const b = buildSyntheticBook({ mid: d(100), recentCandles: fourMinute, timeframeMs: 240_000, priceTick: tick }, { ...defaultFillModelOptions, minDepthQuotePerBps: d(0) });
    expect([a.depthQuotePerBps.toString(), b.depthQuotePerBps.toString()]).toEqual(['500', '500']);
  });
});

describe('walkSyntheticBook', () => {
  it('fills within the first level at the touch', () => {
    const w = walkSyntheticBook(book, 'buy', d(1));
    expect([w.avgPrice!.toString(), w.worstPrice!.toString(), w.costQuote.toString()]).toEqual(['100', '100', '100']);
  });

  it('walks up one bp per level: 50 BTC over five levels averages 100.02', () => {
    const w = walkSyntheticBook(book, 'buy', d(50));
    // 10 * (100 + 100.01 + 100.02 + 100.03 + 100.04) = 5001
    expect([w.costQuote.toString(), w.avgPrice!.toString(), w.worstPrice!.toString()]).toEqual(['5001', '100.02', '100.04']);
  });

  it('walks down for sells and prices a partial level', () => {
    const w = walkSyntheticBook(book, 'sell', d(15));
    // 10 at 100 + 5 at 99.99
    expect([w.costQuote.toString(), w.worstPrice!.toString()]).toEqual(['1499.95', '99.99']);
  });

  it('stops at a limit price', () => {
    const w = walkSyntheticBook(book, 'buy', d(100), d('100.02'));
    expect(w.filledQtyBase.toString()).toBe('30');
    expect(walkSyntheticBook(book, 'buy', d(1), d('99.99')).filledQtyBase.toString()).toBe('0');
    expect(walkSyntheticBook(book, 'sell', d(100), d('99.99')).filledQtyBase.toString()).toBe('20');
  });
});

describe('estimateFromBook', () => {
  it('reports slippage against the touch and the liquidity within 1 %', () => {
    const e = estimateFromBook('BTC/USDT', book, 'buy', d(500));
    // 50 full levels: 1000 * (50 + 0.0001 * 50 * 49 / 2) = 50122.5, avg 100.245
    expect([e.avgPrice.toString(), e.worstPrice.toString(), e.slippagePct.toString()]).toEqual(['100.245', '100.49', '0.245']);
    expect(e.liquidityQuote.toString()).toBe('100495');
  });

  it('never lowers slippage as the order grows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom('buy' as const, 'sell' as const), (a, b, side) => {
        const [small, large] = a < b ? [a, b] : [b, a];
        const s = estimateFromBook('X', book, side, d(small).div(100)).slippagePct;
        const l = estimateFromBook('X', book, side, d(large).div(100)).slippagePct;
        return l.gte(s);
      }),
    );
  });
});

