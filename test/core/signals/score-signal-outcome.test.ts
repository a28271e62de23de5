import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { scoreSignalOutcome, type ScoredTrade } from '../../../src/core/signals/score-signal-outcome.js';
import { candle } from './candle-builders.js';

const long: ScoredTrade = { side: 'long', entryPriceQuote: dec(100), stopPriceQuote: dec(90), targetPricesQuote: [dec(120), dec(130), dec(140)] };
const short: ScoredTrade = { side: 'short', entryPriceQuote: dec(100), stopPriceQuote: dec(110), targetPricesQuote: [dec(80)] };

describe('scoreSignalOutcome', () => {
  it('takes equal parts at each target: all three hit is (2 + 3 + 4) / 3 = 3R', () => {
    const o = scoreSignalOutcome(long, [candle(1, 100, 125, 99, 124), candle(2, 124, 141, 120, 140)]);
    expect(o).toMatchObject({ reachedOneRFirst: true, exit: 'TARGETS', barsHeld: 2 });
    expect(o.realisedR.toString()).toBe('3');
  });

  it('stops the rest at the original stop after a partial exit: 2/3 - 2/3 = 0R', () => {
    const o = scoreSignalOutcome(long, [candle(1, 100, 121, 99, 119), candle(2, 119, 119, 89, 90)]);
    expect(o).toMatchObject({ reachedOneRFirst: true, exit: 'STOP', barsHeld: 2 });
    expect(o.realisedR.toString()).toBe('0');
  });

  it('counts a candle touching both the stop and +1R as the stop first', () => {
    const o = scoreSignalOutcome(long, [candle(1, 100, 115, 85, 100)]);
    expect(o).toMatchObject({ reachedOneRFirst: false, exit: 'STOP' });
    expect(o.realisedR.toString()).toBe('-1');
  });

  it('closes what is left at the last close when the window ends, and leaves 1R undecided if never reached', () => {
    const o = scoreSignalOutcome(long, [candle(1, 100, 105, 95, 104), candle(2, 104, 106, 101, 105)]);
    expect(o).toMatchObject({ reachedOneRFirst: null, exit: 'TIME', barsHeld: 2 });
    expect(o.realisedR.toString()).toBe('0.5');
  });

  it('mirrors everything for a short', () => {
    expect(scoreSignalOutcome(short, [candle(1, 100, 101, 79, 80)])).toMatchObject({ reachedOneRFirst: true, exit: 'TARGETS' });
    expect(scoreSignalOutcome(short, [candle(1, 100, 111, 95, 109)]).realisedR.toString()).toBe('-1');
  });

  it('refuses a trade without risk or targets: no producer makes one', () => {
    expect(() => scoreSignalOutcome({ ...long, stopPriceQuote: dec(100) }, [])).toThrow(RangeError);
    expect(() => scoreSignalOutcome({ ...long, targetPricesQuote: [] }, [])).toThrow(RangeError);
  });
});
