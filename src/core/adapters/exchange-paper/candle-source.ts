import type { Candle } from '../../ports.js';
import { CandleSeries } from './candle-series.js';

/** One stored series: a symbol ("BTC/USDT") at a timeframe ("5m"). */
export interface SeriesKey {
  readonly symbol: string;
  readonly timeframe: string;
}

/**
 * Where a replay feed gets its candles: the bundled CSV files (CsvCandleSource) or arrays in memory
 * (InMemoryCandleSource, for tests and backtests).
 */
export interface CandleSource {
  /** Every series the source holds. */
  listSeries(): Promise<readonly SeriesKey[]>;
  /** The series, or null when the source does not hold it. Implementations cache. */
  load(symbol: string, timeframe: string): Promise<CandleSeries | null>;
}

/** A candle source over arrays already in memory, keyed "SYMBOL@timeframe" internally. */
export class InMemoryCandleSource implements CandleSource {
  readonly #series = new Map<string, { key: SeriesKey; series: CandleSeries }>();

  /** Each entry: symbol, timeframe, candles oldest first (validated like a file). */
  constructor(entries: readonly { symbol: string; timeframe: string; candles: readonly Candle[] }[]) {
    for (const e of entries) {
      this.#series.set(`${e.symbol}@${e.timeframe}`, {
        key: { symbol: e.symbol, timeframe: e.timeframe },
        series: CandleSeries.fromCandles(e.candles, e.timeframe),
      });
    }
  }

  async listSeries(): Promise<readonly SeriesKey[]> {
    return [...this.#series.values()].map((v) => v.key);
  }

  async load(symbol: string, timeframe: string): Promise<CandleSeries | null> {
    return this.#series.get(`${symbol}@${timeframe}`)?.series ?? null;
  }
}
