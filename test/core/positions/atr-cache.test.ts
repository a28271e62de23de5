import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeWilderAtr } from '../../../src/core/market/candles.js';
import { dec } from '../../../src/core/money.js';
import type { Candle, Exchange } from '../../../src/core/ports.js';
import { AtrCache } from '../../../src/core/positions/atr-cache.js';
import { silentLogger } from '../../../src/logger.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 9, 1);
const TTL = 5 * 60_000;

/** 101 hourly candles from `fromHour` on, ranges varying with the hour; fresh objects on every call, as a venue sends them. */
function candles(fromHour: number, count = 101): Candle[] {
  return Array.from({ length: count }, (_, i) => {
    const h = fromHour + i;
    const mid = 100 + (h % 7);
    return { openAt: new Date(T0 + h * HOUR), open: dec(mid), high: dec(mid + 1 + (h % 3)), low: dec(mid - 1), close: dec(mid + 0.5), volume: dec(10) };
  });
}

/** An exchange whose candle endpoint answers from `source` and counts its calls. */
function candleExchange(source: () => readonly Candle[] | Promise<readonly Candle[]>): { exchange: Exchange; calls: () => number } {
  let calls = 0;
  const exchange = {
    id: 'x',
    fetchCandles: async () => {
      calls++;
      return source();
    },
  } as unknown as Exchange;
  return { exchange, calls: () => calls };
}

const cache = () => new AtrCache({ timeframe: '1h', period: 14, baselinePeriod: 100, ttlMs: TTL, log: silentLogger });
const at = (ms: number) => new Date(T0 + ms);

describe('AtrCache', () => {
  it('computes Wilder ATR(14) and ATR(100) of the candles', async () => {
    const { exchange } = candleExchange(() => candles(0));
    const v = await cache().get(exchange, 'x:spot', 'BTC/USDT', at(0));
    expect(v.atrQuote!.eq(computeWilderAtr(candles(0), 14)!)).toBe(true);
    expect(v.baselineAtrQuote!.eq(computeWilderAtr(candles(0), 100)!)).toBe(true);
  });

  it('keeps the value, without recomputing, when a refresh brings the same closed candles (new objects, equal prices)', async () => {
    const { exchange, calls } = candleExchange(() => candles(0));
    const c = cache();
    const first = await c.get(exchange, 'x:spot', 'BTC/USDT', at(0));
    const again = await c.get(exchange, 'x:spot', 'BTC/USDT', at(TTL));
    expect(calls()).toBe(2);
    // The same object: nothing was recomputed (a recomputation builds a new one).
    expect(again).toBe(first);
  });

  it('recomputes when a new candle has closed', async () => {
    let fromHour = 0;
    const { exchange } = candleExchange(() => candles(fromHour));
    const c = cache();
    const first = await c.get(exchange, 'x:spot', 'BTC/USDT', at(0));
    fromHour = 1;
    const next = await c.get(exchange, 'x:spot', 'BTC/USDT', at(HOUR));
    expect(next).not.toBe(first);
    expect(next.atrQuote!.eq(computeWilderAtr(candles(1), 14)!)).toBe(true);
    expect(next.baselineAtrQuote!.eq(computeWilderAtr(candles(1), 100)!)).toBe(true);
  });

  it('is not fooled by an exchange that extends the array it returned earlier', async () => {
    const kept = candles(0, 100);
    const { exchange } = candleExchange(() => kept);
    const c = cache();
    await c.get(exchange, 'x:spot', 'BTC/USDT', at(0));
    kept.push(candles(100, 1)[0]!);
    const next = await c.get(exchange, 'x:spot', 'BTC/USDT', at(TTL));
    expect(next.atrQuote!.eq(computeWilderAtr(kept, 14)!)).toBe(true);
    expect(next.baselineAtrQuote!.eq(computeWilderAtr(kept, 100)!)).toBe(true);
  });

  it('reuses each market’s value for a fixed share of the TTL between a half and the whole, so markets expire at different ticks', async () => {
    const c = cache();
    const expiries: number[] = [];
    for (let k = 0; k < 40; k++) {
      const { exchange, calls } = candleExchange(() => candles(0));
      const symbol = `S${k}/USDT`;
      await c.get(exchange, 'x:spot', symbol, at(0));
      // Ask every 10 s, as the monitor does, until the cache fetches again.
      let t = 0;
      while (calls() === 1) {
        t += 10_000;
        await c.get(exchange, 'x:spot', symbol, at(t));
      }
      expiries.push(t);
    }
    for (const t of expiries) {
      expect(t).toBeGreaterThanOrEqual(TTL / 2);
      expect(t).toBeLessThanOrEqual(TTL);
    }
    expect(new Set(expiries).size).toBeGreaterThan(5);
  });

  it('keeps the last value when the exchange fails, and still recognises unchanged candles afterwards', async () => {
    let failing = false;
    const { exchange } = candleExchange(() => (failing ? Promise.reject(new Error('down')) : candles(0)));
    const c = cache();
    const first = await c.get(exchange, 'x:spot', 'BTC/USDT', at(0));
    failing = true;
    expect(await c.get(exchange, 'x:spot', 'BTC/USDT', at(TTL))).toBe(first);
    failing = false;
    expect(await c.get(exchange, 'x:spot', 'BTC/USDT', at(2 * TTL))).toBe(first);
  });

  it('gives unknown volatility when the first fetch fails', async () => {
    const { exchange } = candleExchange(() => Promise.reject(new Error('down')));
    expect(await cache().get(exchange, 'x:spot', 'BTC/USDT', at(0))).toEqual({ atrQuote: null, baselineAtrQuote: null });
  });

  it('always gives exactly computeWilderAtr of the latest candles, whatever the refreshes bring (fast-check)', async () => {
    const candleArb = fc.record({ lowCents: fc.integer({ min: 1, max: 100_000 }), spanCents: fc.integer({ min: 0, max: 5_000 }), closeShare: fc.integer({ min: 0, max: 100 }) });
    const stepArb = fc.record({
      // New candles closed since the last refresh (0: the same list again).
      newCandles: fc.integer({ min: 0, max: 3 }),
      // A candle of the list revised by the venue (rare, but it must not be missed), or none.
      revise: fc.option(fc.record({ index: fc.nat({ max: 100 }), candle: candleArb }), { nil: null }),
      failing: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(candleArb, { minLength: 110, maxLength: 130 }), fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (series, steps) => {
        const all = series.map((c, h): Candle => {
          const low = dec(c.lowCents).div(100);
          const high = low.plus(dec(c.spanCents).div(100));
          return { openAt: new Date(T0 + h * HOUR), open: low, high, low, close: low.plus(high.minus(low).mul(c.closeShare).div(100)), volume: dec(1) };
        });
        // Fresh objects for every answer, as a venue sends them.
        const copy = (c: Candle): Candle => ({ ...c, high: dec(c.high.toString()), low: dec(c.low.toString()), close: dec(c.close.toString()) });
        let end = 101;
        let failing = false;
        const { exchange } = candleExchange(() => (failing ? Promise.reject(new Error('down')) : all.slice(Math.max(0, end - 101), end).map(copy)));
        const c = cache();
        let lastGood = all.slice(0, 101);
        let t = 0;
        await c.get(exchange, 'x:spot', 'BTC/USDT', at(t));
        for (const step of steps) {
          end = Math.min(all.length, end + step.newCandles);
          if (step.revise) {
            const i = Math.max(0, end - 101) + step.revise.index;
            const low = dec(step.revise.candle.lowCents).div(100);
            const high = low.plus(dec(step.revise.candle.spanCents).div(100));
            all[i] = { ...all[i]!, high, low, close: high };
          }
          failing = step.failing;
          if (!failing) lastGood = all.slice(Math.max(0, end - 101), end);
          t += TTL;
          const v = await c.get(exchange, 'x:spot', 'BTC/USDT', at(t));
          expect(v.atrQuote!.toString()).toBe(computeWilderAtr(lastGood, 14)!.toString());
          expect(v.baselineAtrQuote!.toString()).toBe(computeWilderAtr(lastGood, 100)!.toString());
        }
      }),
      { numRuns: 150 },
    );
  });
});
