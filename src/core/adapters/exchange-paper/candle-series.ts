import type { Candle } from '../../ports.js';
import { Decimal } from '../../money.js';
import { timeframeToMs } from '../../market/candles.js';
import { CandleDataError } from './paper-errors.js';

/**
 * An indexed, read-only run of candles of one symbol and timeframe, oldest first.
 *
 * Open times live in a Float64Array for binary search; candles are built on first access and kept.
 * A series loaded from CSV keeps each row's text and turns it into Decimals only when a candle is
 * read: parsing 76k hourly rows eagerly costs ~0.6 s and ~100 MB, while a replay touches a few
 * hundred of them.
 */
export class CandleSeries {
  readonly timeframe: string;
  readonly timeframeMs: number;
  readonly #openMs: Float64Array;
  readonly #build: (index: number) => Candle;
  readonly #built: (Candle | undefined)[];

  private constructor(timeframe: string, openMs: Float64Array, build: (index: number) => Candle) {
    this.timeframe = timeframe;
    this.timeframeMs = timeframeToMs(timeframe);
    this.#openMs = openMs;
    this.#build = build;
    this.#built = new Array<Candle | undefined>(openMs.length);
    assertOrdered(openMs, this.timeframeMs);
  }

  /** Wraps candles already in memory (tests, backtests). Throws unless open times strictly increase on the grid. */
  static fromCandles(candles: readonly Candle[], timeframe: string): CandleSeries {
    const openMs = Float64Array.from(candles, (c) => c.openAt.getTime());
    return new CandleSeries(timeframe, openMs, (i) => candles[i]!);
  }

  /**
   * Series over raw CSV rows: `rows[i]` is "open,high,low,close,volume" (already validated as
   * plain decimals) for the candle opening at `openMs[i]`.
   */
  static fromRows(timeframe: string, openMs: Float64Array, rows: readonly string[]): CandleSeries {
    return new CandleSeries(timeframe, openMs, (i) => {
      const [open, high, low, close, volume] = rows[i]!.split(',');
      return Object.freeze({
        openAt: new Date(openMs[i]!),
        open: new Decimal(open!),
        high: new Decimal(high!),
        low: new Decimal(low!),
        close: new Decimal(close!),
        volume: new Decimal(volume!),
      });
    });
  }

  get length(): number {
    return this.#openMs.length;
  }

  /** Open time of candle `index`, in ms since the epoch. */
  openMsAt(index: number): number {
    const ms = this.#openMs[index];
    if (ms === undefined) throw new RangeError(`Candle index out of range: ${index}`);
    return ms;
  }

  /** The candle at `index` (0 is the oldest). */
  at(index: number): Candle {
    if (index < 0 || index >= this.length) throw new RangeError(`Candle index out of range: ${index}`);
    let candle = this.#built[index];
    if (!candle) {
      candle = this.#build(index);
      this.#built[index] = candle;
    }
    return candle;
  }

  /** Candles [start, end), like Array.prototype.slice with non-negative bounds. */
  slice(start: number, end: number = this.length): Candle[] {
    const out: Candle[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.at(i));
    return out;
  }

  /** Every candle (materialises the whole series: prefer slice for long files). */
  toArray(): Candle[] {
    return this.slice(0);
  }

  /** Index of the last candle opening at or before `atMs`, or -1 when all open later. */
  lastIndexOpenAtOrBefore(atMs: number): number {
    let lo = 0;
    let hi = this.#openMs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#openMs[mid]! <= atMs) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Index of the first candle opening at or after `atMs` (length when none does). */
  firstIndexOpenAtOrAfter(atMs: number): number {
    const last = this.lastIndexOpenAtOrBefore(atMs);
    return last >= 0 && this.#openMs[last] === atMs ? last : last + 1;
  }
}

function assertOrdered(openMs: Float64Array, timeframeMs: number): void {
  for (let i = 1; i < openMs.length; i++) {
    const step = openMs[i]! - openMs[i - 1]!;
    // Gaps (outages) are allowed, but only by whole candles: anything else means a corrupt or mixed file.
    if (step <= 0 || step % timeframeMs !== 0) {
      throw new CandleDataError(`Candle open times must increase by whole candles (index ${i}: ${openMs[i - 1]} -> ${openMs[i]})`);
    }
  }
}
