import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '../../../../src/core/money.js';
import { InMemoryCandleSource } from '../../../../src/core/adapters/exchange-paper/candle-source.js';
import { NoPriceDataError } from '../../../../src/core/adapters/exchange-paper/paper-errors.js';
import { ReplayPriceFeed } from '../../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { MIN, T0, candleAt, makeFeed } from './paper-fixtures.js';

const at = (minute: number, seconds = 0) => new Date(T0 + minute * MIN + seconds * 1000);
const dataDir = fileURLToPath(new URL('../../../../data/candles/', import.meta.url));

describe('ReplayPriceFeed.priceAt', () => {
  const feed = makeFeed();

  it('follows the intra-candle path: open, then the legs a third of the candle each', async () => {
    expect((await feed.priceAt('BTC/USDT', at(30))).toString()).toBe('100');
    expect((await feed.priceAt('BTC/USDT', at(30, 40))).toString()).toBe('94'); // bearish: high at 1/3, low at 2/3
    expect((await feed.priceAt('BTC/USDT', at(30, 50))).toString()).toBe('95');
    expect((await feed.priceAt('BTC/USDT', at(31))).toString()).toBe('96');
  });

  it('has no price before the first candle or for an unknown symbol', async () => {
    await expect(feed.priceAt('BTC/USDT', at(-1))).rejects.toThrow(NoPriceDataError);
    await expect(feed.priceAt('ETH/USDT', at(5))).rejects.toThrow(NoPriceDataError);
  });

  it('holds the last close through a data gap and after the data', async () => {
    const gappy = makeFeed([candleAt(0, '10', '12', '9', '11'), candleAt(1, '11', '13', '11', '12'), candleAt(4, '20', '21', '19', '20')]);
    expect((await gappy.priceAt('BTC/USDT', at(2, 30))).toString()).toBe('12');
    expect((await gappy.priceAt('BTC/USDT', at(3, 59))).toString()).toBe('12');
    expect((await gappy.priceAt('BTC/USDT', at(4))).toString()).toBe('20');
    expect((await gappy.priceAt('BTC/USDT', at(500))).toString()).toBe('20');
  });
});

describe('ReplayPriceFeed.movesBetween', () => {
  it('covers part of a candle with the path extremes seen so far and pro-rata volume', async () => {
    const moves = await makeFeed().movesBetween('BTC/USDT', at(30), at(30, 40));
    expect(moves).toHaveLength(1);
    const m = moves[0]!;
    expect([m.open, m.high, m.low, m.close].map(String)).toEqual(['100', '100', '94', '94']);
    expect(m.path.map((p) => p.price.toString())).toEqual(['100', '100', '94']);
    expect(m.volumeBase.toDecimalPlaces(20).eq(new Decimal(20).div(3).toDecimalPlaces(20))).toBe(true);
  });

  it('does not reveal the rest of a candle still in progress', async () => {
    const [m] = await makeFeed().movesBetween('BTC/USDT', at(60), at(60, 20));
    // Bullish path 96 -> 96 -> 104 -> 103: the rally has not happened yet at one third.
    expect(m!.high.toString()).toBe('96');
  });

  it('skips data gaps: nothing trades there', async () => {
    const gappy = makeFeed([candleAt(0, '10', '12', '9', '11', '6'), candleAt(1, '11', '13', '11', '12', '6'), candleAt(4, '20', '21', '19', '20', '6')]);
    const moves = await gappy.movesBetween('BTC/USDT', at(1, 30), at(4, 30));
    expect(moves.map((m) => [m.fromAt.getTime() - T0, m.toAt.getTime() - T0])).toEqual([
      [1.5 * MIN, 2 * MIN],
      [4 * MIN, 4.5 * MIN],
    ]);
    expect(moves.map((m) => m.volumeBase.toString())).toEqual(['3', '3']);
  });
});

describe('ReplayPriceFeed.candlesUntil', () => {
  const feed = makeFeed();

  it('returns only closed candles: the candle in progress is never included', async () => {
    const before = await feed.candlesUntil('BTC/USDT', '1m', at(30, 59), 3);
    expect(before.map((c) => (c.openAt.getTime() - T0) / MIN)).toEqual([27, 28, 29]);
    const after = await feed.candlesUntil('BTC/USDT', '1m', at(31), 3);
    expect(after.map((c) => (c.openAt.getTime() - T0) / MIN)).toEqual([28, 29, 30]);
  });

  it('builds larger timeframes from stored ones, closed buckets only', async () => {
    const at34 = await feed.candlesUntil('BTC/USDT', '5m', at(34, 59), 2);
    expect(at34.map((c) => (c.openAt.getTime() - T0) / MIN)).toEqual([20, 25]);
    const at35 = await feed.candlesUntil('BTC/USDT', '5m', at(35), 2);
    expect(at35.map((c) => (c.openAt.getTime() - T0) / MIN)).toEqual([25, 30]);
    expect([at35[1]!.open, at35[1]!.high, at35[1]!.low, at35[1]!.close, at35[1]!.volume].map(String)).toEqual(['100', '100', '94', '96', '50']);
  });

  it('never returns a candle closing after the asked instant, and always the latest closed one (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 100 * MIN }), fc.constantFrom('1m', '5m', '15m'), fc.integer({ min: 1, max: 40 }), async (offset, tf, limit) => {
        const tfMs = { '1m': MIN, '5m': 5 * MIN, '15m': 15 * MIN }[tf];
        const now = T0 + offset;
        const candles = await feed.candlesUntil('BTC/USDT', tf, new Date(now), limit);
        expect(candles.length).toBeLessThanOrEqual(limit);
        for (const c of candles) expect(c.openAt.getTime() + tfMs).toBeLessThanOrEqual(now);
        const last = candles[candles.length - 1];
        const latestClosedOpen = Math.floor((now - T0) / tfMs) * tfMs + T0 - tfMs;
        if (latestClosedOpen >= T0 && latestClosedOpen < T0 + 90 * MIN) expect(last?.openAt.getTime()).toBe(latestClosedOpen);
      }),
      { numRuns: 200 },
    );
  });

  it('covers the span of the data', async () => {
    const cov = await feed.coverage();
    expect([cov.firstAt.getTime(), cov.lastAt.getTime()]).toEqual([T0, T0 + 90 * MIN]);
  });

  it('takes the common span of several symbols', async () => {
    const source = new InMemoryCandleSource([
      { symbol: 'A/USDT', timeframe: '1m', candles: [candleAt(0, '1', '1', '1', '1'), candleAt(1, '1', '1', '1', '1')] },
      { symbol: 'B/USDT', timeframe: '1m', candles: [candleAt(1, '1', '1', '1', '1'), candleAt(2, '1', '1', '1', '1')] },
    ]);
    const cov = await new ReplayPriceFeed({ source, timeframe: '1m' }).coverage();
    expect([cov.firstAt.getTime() - T0, cov.lastAt.getTime() - T0]).toEqual([MIN, 2 * MIN]);
  });
});

describe('ReplayPriceFeed over the bundled files', () => {
  const feed = ReplayPriceFeed.fromDirectory(dataDir);

  it('knows the seven 5m symbols and covers October 2025', async () => {
    expect(await feed.symbols()).toEqual(['ADA/USDT', 'BNB/USDT', 'BTC/USDT', 'DOGE/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT']);
    const cov = await feed.coverage();
    expect([cov.firstAt.toISOString(), cov.lastAt.toISOString()]).toEqual(['2025-10-01T00:00:00.000Z', '2025-11-01T00:00:00.000Z']);
    expect((await feed.priceAt('BTC/USDT', cov.firstAt)).toString()).toBe('114048.94');
  });

  it('serves hourly candles from the hourly file and 4h candles built from them, without look-ahead', async () => {
    const now = new Date('2025-10-10T12:30:00Z');
    const hourly = await feed.candlesUntil('BTC/USDT', '1h', now, 8);
    expect(hourly.map((c) => c.openAt.toISOString().slice(11, 16))).toEqual(['04:00', '05:00', '06:00', '07:00', '08:00', '09:00', '10:00', '11:00']);
    const fourHourly = await feed.candlesUntil('BTC/USDT', '4h', now, 2);
    expect(fourHourly.map((c) => c.openAt.toISOString())).toEqual(['2025-10-10T04:00:00.000Z', '2025-10-10T08:00:00.000Z']);
    const last4 = hourly.slice(4);
    expect(fourHourly[1]!.open.eq(last4[0]!.open)).toBe(true);
    expect(fourHourly[1]!.close.eq(last4[3]!.close)).toBe(true);
    expect(fourHourly[1]!.high.eq(Decimal.max(...last4.map((c) => c.high)))).toBe(true);
    expect(fourHourly[1]!.volume.eq(last4.reduce((s, c) => s.plus(c.volume), new Decimal(0)))).toBe(true);
  });
});
