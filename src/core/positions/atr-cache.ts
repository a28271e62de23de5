import { computeWilderAtr } from '../market/candles.js';
import type { Decimal } from '../money.js';
import type { Exchange, Logger } from '../ports.js';

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
  /** How long a value is reused, ms: ATR of hourly candles barely moves within minutes. */
  readonly ttlMs: number;
  readonly log: Logger;
}

interface Entry {
  readonly value: SymbolVolatility;
  readonly fetchedAtMs: number;
}

/**
 * ATR per market, fetched from recent candles at most once per `ttlMs` and shared by every position
 * (and position card) of that market. Keyed by a venue key (see venueKeyOf) and symbol. A failed
 * fetch keeps the previous value (degraded, logged) or gives unknown volatility; it never throws,
 * since the position rules work without an ATR (the health score leaves those parts out).
 */
export class AtrCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<SymbolVolatility>>();

  constructor(private readonly o: AtrCacheOptions) {}

  /** The volatility of `symbol` on `venueKey` at `now`, fetched through `exchange` when stale. */
  get(exchange: Exchange, venueKey: string, symbol: string, now: Date): Promise<SymbolVolatility> {
    const key = `${venueKey}|${symbol}`;
    const entry = this.#entries.get(key);
    if (entry && now.getTime() - entry.fetchedAtMs < this.o.ttlMs && now.getTime() >= entry.fetchedAtMs) return Promise.resolve(entry.value);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#fetch(exchange, symbol, now, entry).then((value) => {
        this.#entries.set(key, { value, fetchedAtMs: now.getTime() });
        return value;
      }).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #fetch(exchange: Exchange, symbol: string, now: Date, previous: Entry | undefined): Promise<SymbolVolatility> {
    try {
      const candles = await exchange.fetchCandles(symbol, this.o.timeframe, this.o.baselinePeriod + 1);
      return { atrQuote: computeWilderAtr(candles, this.o.period), baselineAtrQuote: computeWilderAtr(candles, this.o.baselinePeriod) };
    } catch (error) {
      this.o.log.warn({ symbol, timeframe: this.o.timeframe, at: now, err: error }, 'ATR unavailable, using the last known value');
      return previous?.value ?? { atrQuote: null, baselineAtrQuote: null };
    }
  }
}

/**
 * Wallets whose exchanges report the same venue id and market type see the same prices, so the
 * monitor asks for each symbol once per venue (all paper wallets share the replayed candles).
 */
export function venueKeyOf(exchange: Pick<Exchange, 'id'>, marketType: string): string {
  return `${exchange.id}:${marketType}`;
}
