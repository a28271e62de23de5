import type { Decimal } from '../money.js';
import { compareWithDoubles, toApproxNumber } from './compare-decimals.js';
import type { PositionTick } from './position-tick.js';

/**
 * The price range a tick traded, widened to include the mark (a feed's high and low may lag it),
 * in quote per unit, with each price's double approximation for cheap comparisons.
 */
export interface TickRange {
  readonly low: Decimal;
  readonly high: Decimal;
  readonly mark: Decimal;
  readonly lowNum: number;
  readonly highNum: number;
  readonly markNum: number;
  /** ATR and baseline ATR as doubles; NaN when unknown. */
  readonly atrNum: number;
  readonly baselineAtrNum: number;
}

// One tick is shared by every position of its symbol: its range is worked out once and memoised
// per tick object (ticks are immutable plain data, so the cache is not observable). This keeps the
// per-position evaluation free of allocations that hold doubles, which V8 boxes one by one.
const ranges = new WeakMap<PositionTick, TickRange>();

/** The tick's {@link TickRange}; low ≤ mark ≤ high. */
export function readTickRange(tick: PositionTick): TickRange {
  let range = ranges.get(tick);
  if (range === undefined) {
    range = computeTickRange(tick);
    ranges.set(tick, range);
  }
  return range;
}

function computeTickRange(tick: PositionTick): TickRange {
  const mark = tick.markPriceQuote;
  const markNum = toApproxNumber(mark);
  let high = tick.highPriceQuote ?? mark;
  let highNum = toApproxNumber(high);
  if (compareWithDoubles(high, highNum, mark, markNum) < 0) {
    high = mark;
    highNum = markNum;
  }
  let low = tick.lowPriceQuote ?? mark;
  let lowNum = toApproxNumber(low);
  if (compareWithDoubles(low, lowNum, mark, markNum) > 0) {
    low = mark;
    lowNum = markNum;
  }
  const atr = tick.atrQuote;
  const baseline = tick.baselineAtrQuote;
  return Object.freeze({
    low,
    high,
    mark,
    lowNum,
    highNum,
    markNum,
    atrNum: atr === null ? Number.NaN : toApproxNumber(atr),
    baselineAtrNum: baseline === null || baseline === undefined ? Number.NaN : toApproxNumber(baseline),
  });
}
