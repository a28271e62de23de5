import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { position, btcMarket, readBundledCandles, replay, rules } from './position-builders.js';

/**
 * The rules replayed over real Binance BTC/USDT candles shipped in data/candles, one tick per closed
 * candle (mark = close, high/low = the candle's). Hourly cases stay before 2024 (in sample); the
 * 5-minute file covers October 2025. Expected prices are worked out from the candles in comments.
 */
const HOUR = 3_600_000;
const FIVE_MIN = 300_000;
const market = btcMarket(); // 0.01 tick, 0.00001 step, 0.1 % taker fee

const steps = (s: ReturnType<typeof replay>) => s.map((x) => [x.closedAt.slice(0, 16), ...x.actions]);

describe('a long through the BTC rally of 23 October 2023 (1h)', () => {
  // Entry at the close of the 00:00 candle, 30120; stop 29500, so R = 620: levels 30740 / 31360 / 31980,
  // trailing activation at +2 % = 30722.40.
  const start = () =>
    position('long', { entry: 30120, stop: 29500, qty: '0.3', openedAt: new Date('2023-10-23T01:00:00Z'), bestPriceQuote: dec(30120) });

  it('scales out at 1R, activates the trailing stop, trails each new high by 1.5 % and is stopped on the pull-back', async () => {
    const { history, candles } = await readBundledCandles('BTC-USDT', '1h', '2023-10-23T01:00:00Z', '2023-10-26T00:00:00Z');
    const s = replay(start(), history, candles, HOUR, rules(), market);
    expect(steps(s)).toEqual([
      // 03:00 candle: high 30799 ≥ 30740 (1R) and ≥ 30722.40 (activation); 30799 × 0.985 = 30337.015 -> 30337.01,
      // tighter than break-even 30120 × 1.001 / 0.999 = 30180.30… -> 30180.31.
      ['2023-10-23T04:00', 'SCALE_OUT 1 0.1 @30740', 'MOVE_STOP TRAILING 29500 -> 30337.01'],
      ['2023-10-23T05:00', 'MOVE_STOP TRAILING 30337.01 -> 30395.13'], // high 30858 × 0.985 = 30395.13
      ['2023-10-23T06:00', 'MOVE_STOP TRAILING 30395.13 -> 30479'], // high 30943.15 × 0.985 = 30479.00275
      ['2023-10-23T07:00', 'MOVE_STOP TRAILING 30479 -> 30520.34'], // high 30985.12 × 0.985 = 30520.3432
      ['2023-10-23T08:00', 'CLOSE STOP_HIT 0.2 @30520.34'], // 07:00 candle low 30426.82
    ]);
    const last = s[s.length - 1]!.position;
    // 0.1 × (30740 − 30120) + 0.2 × (30520.34 − 30120) = 62 + 80.068
    expect(last.realisedPnlUsd.toString()).toBe('142.068');
    expect(last.qtyBase.isZero()).toBe(true);
  });

  it('with a 3 % trail rides the whole ladder: break-even after 1R, trailing from 17:00, final target at 3R', async () => {
    const { history, candles } = await readBundledCandles('BTC-USDT', '1h', '2023-10-23T01:00:00Z', '2023-10-26T00:00:00Z');
    const s = replay(start(), history, candles, HOUR, rules({ trailingStopPercent: dec(3) }), market);
    expect(steps(s)).toEqual([
      // Trailing activates (30799 ≥ 30722.40) but 30799 × 0.97 = 29875.03 is looser than break-even 30180.31.
      ['2023-10-23T04:00', 'SCALE_OUT 1 0.1 @30740', 'MOVE_STOP BREAK_EVEN 29500 -> 30180.31'],
      ['2023-10-23T17:00', 'MOVE_STOP TRAILING 30180.31 -> 30350.33'], // high 31289 × 0.97
      ['2023-10-23T18:00', 'MOVE_STOP TRAILING 30350.33 -> 30377.7'], // high 31317.22 × 0.97 = 30377.7034
      ['2023-10-23T20:00', 'SCALE_OUT 2 0.1 @31360', 'MOVE_STOP TRAILING 30377.7 -> 30496.85'], // high 31440.06 × 0.97 = 30496.8582
      ['2023-10-23T21:00', 'MOVE_STOP TRAILING 30496.85 -> 30871.24'], // high 31826.03 × 0.97 = 30871.2491
      ['2023-10-23T23:00', 'CLOSE FINAL_TARGET 0.1 @31980'], // the 22:00 candle runs to 34741.91
    ]);
    expect(s[0]!.position.trailingActive).toBe(true);
    // 0.1 × (620 + 1240 + 1860)
    expect(s[s.length - 1]!.position.realisedPnlUsd.toString()).toBe('372');
  });
});

describe('a short through the BTC sell-off of 13 June 2022 (1h)', () => {
  // Entry at the close of 2022-06-12 19:00, 27424.71; stop 28100, R = 675.29: levels 26749.42 / 26074.13 /
  // 25398.84, trailing activation at −2 % = 26876.2158.
  const start = () =>
    position('short', { entry: '27424.71', stop: 28100, qty: '0.3', openedAt: new Date('2022-06-12T20:00:00Z'), bestPriceQuote: dec('27424.71') });

  it('scales out at 1R and 2R, trails each new low by 1.5 % (ceiled) and closes at 3R', async () => {
    const { history, candles } = await readBundledCandles('BTC-USDT', '1h', '2022-06-12T20:00:00Z', '2022-06-15T00:00:00Z');
    const s = replay(start(), history, candles, HOUR, rules(), market);
    expect(steps(s)).toEqual([
      ['2022-06-13T00:00', 'SCALE_OUT 1 0.1 @26749.42', 'MOVE_STOP TRAILING 28100 -> 26958.4'], // low 26560 × 1.015
      ['2022-06-13T01:00', 'MOVE_STOP TRAILING 26958.4 -> 26679.85'], // low 26285.56 × 1.015 = 26679.8434
      ['2022-06-13T02:00', 'SCALE_OUT 2 0.1 @26074.13', 'MOVE_STOP TRAILING 26679.85 -> 25986.21'], // low 25602.17 × 1.015 = 25986.20255
      ['2022-06-13T03:00', 'CLOSE FINAL_TARGET 0.1 @25398.84'], // low 25334.66
    ]);
  });

  it('keeps a runner with a half/quarter ladder and closes it when a bounce crosses the freshly trailed stop', async () => {
    const { history, candles } = await readBundledCandles('BTC-USDT', '1h', '2022-06-12T20:00:00Z', '2022-06-15T00:00:00Z');
    const ladder = rules({ scaleOutLevelsR: [dec(1), dec(2)], scaleOutFractions: [dec('0.5'), dec('0.25')] });
    const s = replay(start(), history, candles, HOUR, ladder, market);
    expect(steps(s)).toEqual([
      ['2022-06-13T00:00', 'SCALE_OUT 1 0.15 @26749.42', 'MOVE_STOP TRAILING 28100 -> 26958.4'],
      ['2022-06-13T01:00', 'MOVE_STOP TRAILING 26958.4 -> 26679.85'],
      ['2022-06-13T02:00', 'SCALE_OUT 2 0.075 @26074.13', 'MOVE_STOP TRAILING 26679.85 -> 25986.21'],
      ['2022-06-13T03:00', 'MOVE_STOP TRAILING 25986.21 -> 25714.68'], // low 25334.66 × 1.015 = 25714.6799
      // 03:00 candle: high 25672.59 stays under 25714.68; the low 24900 trails the stop to 25273.50 and the
      // close 25520.05 is above it, so the price crossed it after the new low.
      ['2022-06-13T04:00', 'MOVE_STOP TRAILING 25714.68 -> 25273.5', 'CLOSE STOP_HIT 0.075 @25273.5'],
    ]);
  });
});

describe('the BTC crash of 10 October 2025 (5m)', () => {
  it('stops a long out at its stop when the 20:50 candle falls through it', async () => {
    const { history, candles } = await readBundledCandles('BTC-USDT', '5m', '2025-10-10T20:50:00Z', '2025-10-11T00:00:00Z');
    const p = position('long', { entry: '116890.8', stop: 115800, qty: '0.05', openedAt: new Date('2025-10-10T20:50:00Z'), bestPriceQuote: dec('116890.8') });
    const s = replay(p, history, candles, FIVE_MIN, rules(), market);
    expect(steps(s)).toEqual([['2025-10-10T20:55', 'CLOSE STOP_HIT 0.05 @115800']]); // low 115145.46
    expect(s[0]!.position.realisedPnlUsd.toString()).toBe('-54.54'); // 0.05 × (115800 − 116890.8)
  });

  it('counts a wick: a dip buyer is stopped by the 21:20 low although that candle closes far above the stop', async () => {
    const { history, candles } = await readBundledCandles('BTC-USDT', '5m', '2025-10-10T21:20:00Z', '2025-10-11T00:00:00Z');
    expect(candles[0]!.low.toString()).toBe('102000');
    expect(candles[0]!.close.toString()).toBe('108219.08');
    const p = position('long', { entry: '103975.26', stop: 102500, qty: '0.05', openedAt: new Date('2025-10-10T21:20:00Z'), bestPriceQuote: dec('103975.26') });
    expect(steps(replay(p, history, candles, FIVE_MIN, rules(), market))).toEqual([['2025-10-10T21:25', 'CLOSE STOP_HIT 0.05 @102500']]);
  });

  it('scales a short out twice in the first leg down (amount-step floors) and closes it at 3R', async () => {
    const { history, candles } = await readBundledCandles('BTC-USDT', '5m', '2025-10-10T20:50:00Z', '2025-10-11T00:00:00Z');
    // Entry 116890.80, stop 117500, R = 609.20: levels 116281.60 / 115672.40 / 115063.20.
    const p = position('short', { entry: '116890.8', stop: 117500, qty: '0.05', openedAt: new Date('2025-10-10T20:50:00Z'), bestPriceQuote: dec('116890.8') });
    expect(steps(replay(p, history, candles, FIVE_MIN, rules(), market))).toEqual([
      // low 115145.46: two levels; a third of 0.05 floors to 0.01666, the second sells down to a third (0.01667 left);
      // break-even 116890.80 × 0.999 / 1.001 = 116657.2519… -> 116657.25; trailing not yet active (needs 114552.98).
      ['2025-10-10T20:55', 'SCALE_OUT 1 0.01666 @116281.6', 'SCALE_OUT 2 0.01667 @115672.4', 'MOVE_STOP BREAK_EVEN 117500 -> 116657.25'],
      ['2025-10-10T21:00', 'CLOSE FINAL_TARGET 0.01667 @115063.2'], // low 113039
    ]);
  });
});
