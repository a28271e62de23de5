import { computeTrueRanges } from '../market/candles.js';
import { ZERO, type Decimal } from '../money.js';
import type { Candle, Exchange, Logger } from '../ports.js';

/** Volatility of one market for the position rules: ATR and its longer-run baseline, quote units. */
export interface SymbolVolatility {
  /** Wilder ATR(`period`); null when the exchange has too few candles or could not be asked. */
  readonly atrQuote: Decimal | null;
  /** Wilder ATR(`baselinePeriod`) on the same candles: the regime the ATR is compared with. */
  readonly baselineAtrQuote: Decimal | null;
}

export interface AtrCacheOptions {
  /** Candle timeframe of the ATR, e.g. "1h". */
  readonly timeframe: string;
  readonly period: number;
  readonly baselinePeriod: number;
  /**
   * How long a value is reused at most, ms: ATR of hourly candles barely moves within minutes.
   * Each market uses a fixed share of it between a half and the whole (see AtrCache).
   */
  readonly ttlMs: number;
  readonly log: Logger;
}

interface Entry {
  readonly value: SymbolVolatility;
  /** The candles `value` was computed from (null: none yet), so a refresh that returns the same ones keeps it. */
  readonly candles: readonly Candle[] | null;
  /** Their true ranges (computeTrueRanges), so a refresh after a new candle computes only the new ones. */
  readonly ranges: readonly Decimal[] | null;
  readonly fetchedAtMs: number;
}

/** Shortest reuse, as a share of ttlMs (see AtrCache). */
const MIN_TTL_SHARE = 0.5;

/**
 * ATR per market, fetched from recent candles at most once per `ttlMs` and shared by every position
 * (and position card) of that market. Keyed by a venue key (see venueKeyOf) and symbol. A failed
 * fetch keeps the previous value (degraded, logged) or gives unknown volatility; it never throws,
 * since the position rules work without an ATR (the health score leaves those parts out).
 *
 * Cost (the monitor awaits this inside its tick): computed from scratch, the two Wilder ATRs of one
 * market take most of a millisecond of Decimal arithmetic (the true ranges most of it), so a
 * refresh of every market in the same tick would cost ~70 ms at 100 markets. Three things keep
 * that off the tick, none of which changes a value (each gives the very Decimal computeWilderAtr
 * would):
 * - closed candles do not change, so a refresh whose candles have the same high, low and close as
 *   the previous fetch keeps the previous value without recomputing;
 * - after a new candle closed, the true ranges of the candles already seen are reused (a true
 *   range depends only on its candle and the previous close), so only the Wilder averages are
 *   redone: about a fifth of the work;
 * - each market reuses its value for a fixed share of `ttlMs` between a half and the whole
 *   (from a hash of its key): markets first read together then expire, and pick up a new candle,
 *   over several ticks instead of all in one. A value is never older than `ttlMs`.
 */
export class AtrCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<SymbolVolatility>>();

  constructor(private readonly o: AtrCacheOptions) {}

  /** The volatility of `symbol` on `venueKey` at `now`, fetched through `exchange` when stale. */
  get(exchange: Exchange, venueKey: string, symbol: string, now: Date): Promise<SymbolVolatility> {
    const key = `${venueKey}|${symbol}`;
    const entry = this.#entries.get(key);
    const nowMs = now.getTime();
    if (entry && nowMs - entry.fetchedAtMs < this.#ttlOf(key) && nowMs >= entry.fetchedAtMs) return Promise.resolve(entry.value);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#fetch(exchange, symbol, now, entry).then((next) => {
        this.#entries.set(key, next);
        return next.value;
      }).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #fetch(exchange: Exchange, symbol: string, now: Date, previous: Entry | undefined): Promise<Entry> {
    const fetchedAtMs = now.getTime();
    try {
      const candles = await exchange.fetchCandles(symbol, this.o.timeframe, this.o.baselinePeriod + 1);
      // A copy: an exchange may hand out (and later extend) an array it keeps.
      const kept = candles.slice();
      if (previous?.candles && previous.ranges && haveSameRanges(previous.candles, kept)) return { ...previous, candles: kept, fetchedAtMs };
      const ranges = trueRangesReusing(kept, previous);
      return { value: { atrQuote: wilderAtr(ranges, this.o.period), baselineAtrQuote: wilderAtr(ranges, this.o.baselinePeriod) }, candles: kept, ranges, fetchedAtMs };
    } catch (error) {
      this.o.log.warn({ symbol, timeframe: this.o.timeframe, at: now, err: error }, 'ATR unavailable, using the last known value');
      return { value: previous?.value ?? { atrQuote: null, baselineAtrQuote: null }, candles: previous?.candles ?? null, ranges: previous?.ranges ?? null, fetchedAtMs };
    }
  }

  /** The market's reuse time: a fixed share of ttlMs in [MIN_TTL_SHARE, 1) from an FNV-1a hash of its key. */
  #ttlOf(key: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return this.o.ttlMs * (1 - (1 - MIN_TTL_SHARE) * ((h >>> 0) / 2 ** 32));
  }
}

/** Whether two candle lists have the same highs, lows and closes in the same order: all an ATR reads. */
function haveSameRanges(a: readonly Candle[], b: readonly Candle[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!isSameRange(a[i]!, b[i]!)) return false;
  return true;
}

function isSameRange(x: Candle, y: Candle): boolean {
  return x === y || (isSame(x.high, y.high) && isSame(x.low, y.low) && isSame(x.close, y.close));
}

function isSame(x: Decimal, y: Decimal): boolean {
  return x === y || x.eq(y);
}

/**
 * computeTrueRanges(candles), taking from `previous` the true range of every candle that, with the
 * candle before it, has the same prices as there: a true range reads only its candle's high and
 * low and the previous close. The first candle's is its high − low, as in computeTrueRanges.
 */
function trueRangesReusing(candles: readonly Candle[], previous: Entry | undefined): Decimal[] {
  const old = previous?.candles;
  const oldRanges = previous?.ranges;
  if (!old || !oldRanges || candles.length === 0) return computeTrueRanges(candles);
  // Where this list starts in the previous one (one further on after a new candle closed).
  const startMs = candles[0]!.openAt.getTime();
  const offset = old.findIndex((c) => c.openAt.getTime() === startMs);
  const ranges = new Array<Decimal>(candles.length);
  let previousSame = false;
  for (let j = 0; j < candles.length; j++) {
    const i = offset < 0 ? -1 : j + offset;
    const same = i >= 0 && i < old.length && isSameRange(candles[j]!, old[i]!);
    ranges[j] = same && previousSame ? oldRanges[i]! : computeTrueRanges(j === 0 ? [candles[0]!] : [candles[j - 1]!, candles[j]!])[j === 0 ? 0 : 1]!;
    previousSame = same;
  }
  return ranges;
}

/**
 * computeWilderAtr over true ranges already worked out: its arithmetic step for step (mean of the
 * first `period`, then atr = (atr × (period − 1) + tr) / period), so the same Decimal.
 */
function wilderAtr(ranges: readonly Decimal[], period: number): Decimal | null {
  if (!Number.isInteger(period) || period <= 0) throw new Error(`ATR period must be a positive integer: ${period}`);
  if (ranges.length < period) return null;
  let atr = ranges.slice(0, period).reduce((sum, tr) => sum.plus(tr), ZERO).div(period);
  for (let i = period; i < ranges.length; i++) atr = atr.mul(period - 1).plus(ranges[i]!).div(period);
  return atr;
}

/**
 * Wallets whose exchanges report the same venue id and market type see the same prices, so the
 * monitor asks for each symbol once per venue (all paper wallets share the replayed candles).
 */
export function venueKeyOf(exchange: Pick<Exchange, 'id'>, marketType: string): string {
  return `${exchange.id}:${marketType}`;
}
