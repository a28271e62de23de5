import { computeWilderAtr } from '../market/candles.js';
import type { Decimal } from '../money.js';
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
 * Cost (the monitor awaits this inside its tick): the two Wilder ATRs of one market take about half
 * a millisecond of 40-digit Decimal arithmetic (mostly the 87 smoothing divisions of ATR(14)), so
 * recomputing every market in one tick would cost 50 ms and more at 100 markets. Two things keep
 * that off the tick without changing any value:
 * - closed candles do not change, so a refresh whose candles have the same high, low and close as
 *   the previous fetch keeps the previous value (what recomputing would give) without recomputing:
 *   only the first refresh after a new candle closed computes;
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
      if (previous?.candles && haveSameRanges(previous.candles, kept)) return { value: previous.value, candles: kept, fetchedAtMs };
      return { value: { atrQuote: computeWilderAtr(kept, this.o.period), baselineAtrQuote: computeWilderAtr(kept, this.o.baselinePeriod) }, candles: kept, fetchedAtMs };
    } catch (error) {
      this.o.log.warn({ symbol, timeframe: this.o.timeframe, at: now, err: error }, 'ATR unavailable, using the last known value');
      return { value: previous?.value ?? { atrQuote: null, baselineAtrQuote: null }, candles: previous?.candles ?? null, fetchedAtMs };
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

/**
 * x.eq(y), first by representation: equal sign, exponent and base-1e7 words (decimal.js's documented
 * fields, see compareDecimals) mean equal values. A venue sends new objects on every fetch, and
 * Decimal#eq copies its argument each time (303 comparisons per market per refresh).
 */
function isSame(x: Decimal, y: Decimal): boolean {
  if (x === y) return true;
  const a = x.d;
  const b = y.d;
  if (a && b && x.s === y.s && x.e === y.e && a.length === b.length) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (i === a.length) return true;
  }
  return x.eq(y);
}

/**
 * Wallets whose exchanges report the same venue id and market type see the same prices, so the
 * monitor asks for each symbol once per venue (all paper wallets share the replayed candles).
 */
export function venueKeyOf(exchange: Pick<Exchange, 'id'>, marketType: string): string {
  return `${exchange.id}:${marketType}`;
}
