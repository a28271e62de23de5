import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCandleCsv } from '../../../src/core/adapters/exchange-paper/candle-csv.js';
import { computeWilderAtr } from '../../../src/core/market/candles.js';
import type { Candle } from '../../../src/core/ports.js';
import {
  defaultReferenceStrategyParams as params,
  evaluateReferenceStrategy,
  referenceStrategyLookback,
  type StrategySignal,
} from '../../../src/core/signals/reference-strategy.js';
import { scanReferenceStrategy } from '../../../src/core/signals/scan-reference-strategy.js';
import { candlesFromCloses } from './candle-builders.js';

const lookback = referenceStrategyLookback(params);
const dataDir = fileURLToPath(new URL('../../../data/candles/', import.meta.url));

/** A rising (or falling) trend with a wave on top: breaks out now and then, with an orderly path. */
function trendWithWaves(bars: number, slopePerBar: number, start = 100): number[] {
  return Array.from({ length: bars }, (_, i) => start + slopePerBar * i + 2 * Math.sin(i / 5));
}

/** Candles with small wicks, so a wave's rising leg can clear the channel's highs. */
const shaped = (closes: readonly number[]) => candlesFromCloses(closes, 0.1);

function expectSaneSignal(s: StrategySignal, c: Candle): void {
  const isLong = s.side === 'long';
  expect(s.entryPriceQuote.eq(c.close)).toBe(true);
  expect(s.candleOpenAt).toEqual(c.openAt);
  expect(isLong ? s.stopPriceQuote.lt(s.entryPriceQuote) : s.stopPriceQuote.gt(s.entryPriceQuote)).toBe(true);
  const risk = s.entryPriceQuote.minus(s.stopPriceQuote).abs();
  const reward = s.targetPricesQuote[0]!.minus(s.entryPriceQuote).abs();
  expect(reward.div(risk).gte(1.5)).toBe(true);
  expect(isLong ? s.targetPricesQuote[0]!.gt(s.entryPriceQuote) : s.targetPricesQuote[0]!.lt(s.entryPriceQuote)).toBe(true);
  expect(s.confidence.gte(0.5) && s.confidence.lte(0.95)).toBe(true);
}

describe('evaluateReferenceStrategy on shaped prices', () => {
  it('signals a long on a fresh breakout of a rising trend, stop 2.5 ATR below, targets at 2R/3R/4R', () => {
    const candles = shaped(trendWithWaves(600, 0.05));
    const found = scanReferenceStrategy(candles);
    expect(found.length).toBeGreaterThan(0);
    const { index, signal } = found[0]!;
    expect(signal.side).toBe('long');
    expect(signal.reason).toBe('BREAKOUT_LONG');
    const window = candles.slice(index - lookback + 1, index + 1);
    const atr = computeWilderAtr(window.slice(-params.atrPeriod * 5), params.atrPeriod)!;
    const risk = atr.mul(2.5);
    expect(signal.atrQuote.eq(atr)).toBe(true);
    expect(signal.stopPriceQuote.eq(signal.entryPriceQuote.minus(risk))).toBe(true);
    expect(signal.targetPricesQuote.map((t) => t.minus(signal.entryPriceQuote).div(risk).toDecimalPlaces(20).toString())).toEqual(['2', '3', '4']);
    for (const f of found) expectSaneSignal(f.signal, candles[f.index]!);
  });

  it('fires once per breakout, not on every candle of a run above the channel', () => {
    const found = scanReferenceStrategy(shaped(trendWithWaves(600, 0.05)));
    const indexes = found.map((f) => f.index);
    for (let k = 1; k < indexes.length; k++) expect(indexes[k]! - indexes[k - 1]!).toBeGreaterThan(1);
  });

  it('signals shorts in a falling trend, and none when shorts are off', () => {
    const candles = shaped(trendWithWaves(600, -0.05, 300));
    const found = scanReferenceStrategy(candles);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.signal.side).toBe('short');
      expectSaneSignal(f.signal, candles[f.index]!);
    }
    expect(scanReferenceStrategy(candles, undefined, undefined, { ...params, allowShorts: false })).toEqual([]);
  });

  it('gives a steadier trend a higher confidence, within 0.5..0.95', () => {
    const gentle = scanReferenceStrategy(shaped(trendWithWaves(600, 0.05)))[0]!.signal.confidence;
    const steady = scanReferenceStrategy(shaped(trendWithWaves(600, 0.1)))[0]!.signal.confidence;
    expect(gentle.toString()).toBe('0.72');
    expect(steady.toString()).toBe('0.95');
  });

  it('stays silent in a trendless, choppy market', () => {
    expect(scanReferenceStrategy(shaped(trendWithWaves(800, 0)))).toEqual([]);
  });

  it('needs the lookback of candles and ignores anything older', () => {
    const candles = shaped(trendWithWaves(600, 0.05));
    const { index } = scanReferenceStrategy(candles)[0]!;
    const upTo = candles.slice(0, index + 1);
    expect(evaluateReferenceStrategy(upTo.slice(-(lookback - 1)))).toBeNull();
    expect(evaluateReferenceStrategy(upTo.slice(-lookback))).toEqual(evaluateReferenceStrategy(upTo));
  });
});

describe('the reference strategy on real Binance 1h candles, 2022-2023 (in-sample)', () => {
  const from = Date.UTC(2022, 0, 1);
  const to = Date.UTC(2024, 0, 1);
  const history = new Map<string, Candle[]>();

  beforeAll(async () => {
    for (const base of ['BTC', 'ETH']) {
      const series = await loadCandleCsv(`${dataDir}binance_${base}-USDT_1h.csv`, '1h');
      const first = series.firstIndexOpenAtOrAfter(from);
      history.set(base, series.slice(first - lookback, series.firstIndexOpenAtOrAfter(to)));
    }
  });

  it.each(['BTC', 'ETH'])('%s: a sane number of signals, each with the stop on its side and R:R >= 1.5', (base) => {
    const candles = history.get(base)!;
    const found = scanReferenceStrategy(candles, from, to);
    // ~17,500 hourly candles: a breakout system fires tens to a few hundred times, not never and not every day.
    expect(found.length).toBeGreaterThan(40);
    expect(found.length).toBeLessThan(600);
    for (const { index, signal } of found) {
      expect(signal.candleOpenAt.getTime()).toBeGreaterThanOrEqual(from);
      expect(signal.candleOpenAt.getTime()).toBeLessThan(to);
      expectSaneSignal(signal, candles[index]!);
    }
    const sides = new Set(found.map((f) => f.signal.side));
    expect(sides).toEqual(new Set(['long', 'short']));
  });

  it('has no look-ahead: signals up to a cut-off are the same with or without the candles after it', () => {
    const candles = history.get('BTC')!;
    const cut = Math.floor(candles.length / 2);
    const withFuture = scanReferenceStrategy(candles).filter((f) => f.index < cut);
    const withoutFuture = scanReferenceStrategy(candles.slice(0, cut));
    expect(withoutFuture).toEqual(withFuture);
  });
});
