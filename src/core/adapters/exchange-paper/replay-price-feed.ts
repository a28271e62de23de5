import type { Candle } from '../../ports.js';
import { Decimal } from '../../money.js';
import { aggregateCandles, bucketStartMs, priceWithinCandle, subPathWithinCandle, summarisePath, timeframeToMs } from '../../market/candles.js';
import { CsvCandleSource } from './candle-csv.js';
import type { CandleSeries } from './candle-series.js';
import type { CandleSource } from './candle-source.js';
import { NoPriceDataError } from './paper-errors.js';
import type { PriceFeed, PriceMove } from './price-feed.js';

/** First and last instant a replay can price: first candle's open to last candle's close. */
export interface Coverage {
  readonly firstAt: Date;
  readonly lastAt: Date;
}

export interface ReplayPriceFeedOptions {
  readonly source: CandleSource;
  /** Native timeframe for prices and moves; default "5m". */
  readonly timeframe?: string;
}

/**
 * Replays stored candles as a market. Inside a candle the price follows pricePathWithinCandle
 * (open -> low -> high -> close when bullish, open -> high -> low -> close when bearish); inside a
 * data gap it stays at the last known close and nothing trades. Candle queries never look ahead:
 * only candles closed at the asked instant are returned.
 */
export class ReplayPriceFeed implements PriceFeed {
  readonly baseTimeframe: string;
  readonly #source: CandleSource;
  readonly #baseMs: number;

  constructor(options: ReplayPriceFeedOptions) {
    this.#source = options.source;
    this.baseTimeframe = options.timeframe ?? '5m';
    this.#baseMs = timeframeToMs(this.baseTimeframe);
  }

  /** Feed over the bundled CSV files of `dir` (e.g. "data/candles"), replayed at `timeframe`. */
  static fromDirectory(dir: string, timeframe = '5m', exchange = 'binance'): ReplayPriceFeed {
    return new ReplayPriceFeed({ source: new CsvCandleSource(dir, exchange), timeframe });
  }

  async symbols(): Promise<readonly string[]> {
    const listed = await this.#source.listSeries();
    return [...new Set(listed.filter((k) => k.timeframe === this.baseTimeframe).map((k) => k.symbol))].sort();
  }

  async priceAt(symbol: string, at: Date): Promise<Decimal> {
    const series = await this.#baseSeries(symbol);
    const atMs = at.getTime();
    const i = series.lastIndexOpenAtOrBefore(atMs);
    if (i < 0) throw new NoPriceDataError(`No ${symbol} price before ${at.toISOString()}`);
    const candle = series.at(i);
    const elapsed = atMs - series.openMsAt(i);
    // Past the candle's close we are in a gap (or after the data): the last close stands.
    if (elapsed >= this.#baseMs) return candle.close;
    return priceWithinCandle(candle, new Decimal(elapsed).div(this.#baseMs));
  }

  async movesBetween(symbol: string, fromAt: Date, toAt: Date): Promise<readonly PriceMove[]> {
    const series = await this.#baseSeries(symbol);
    const fromMs = fromAt.getTime();
    const toMs = toAt.getTime();
    const moves: PriceMove[] = [];
    if (toMs <= fromMs) return moves;
    for (let i = Math.max(0, series.lastIndexOpenAtOrBefore(fromMs)); i < series.length; i++) {
      const openMs = series.openMsAt(i);
      if (openMs >= toMs) break;
      const startMs = Math.max(fromMs, openMs);
      const endMs = Math.min(toMs, openMs + this.#baseMs);
      if (endMs <= startMs) continue;
      const candle = series.at(i);
      const f0 = new Decimal(startMs - openMs).div(this.#baseMs);
      const f1 = new Decimal(endMs - openMs).div(this.#baseMs);
      const path = subPathWithinCandle(candle, f0, f1);
      moves.push({ fromAt: new Date(startMs), toAt: new Date(endMs), ...summarisePath(path), volumeBase: candle.volume.mul(f1.minus(f0)), path });
    }
    return moves;
  }

  async candlesUntil(symbol: string, timeframe: string, at: Date, limit: number): Promise<readonly Candle[]> {
    if (limit <= 0) return [];
    const tfMs = timeframeToMs(timeframe);
    const atMs = at.getTime();
    const native = await this.#source.load(symbol, timeframe);
    if (native) {
      const last = native.lastIndexOpenAtOrBefore(atMs - tfMs);
      return native.slice(Math.max(0, last - limit + 1), last + 1);
    }
    const finer = await this.#coarsestDivisor(symbol, tfMs);
    if (!finer) throw new NoPriceDataError(`No ${symbol} candles to build ${timeframe} from`);
    // The bucket holding `at` is still open; every source candle before it belongs to a closed bucket.
    const end = finer.firstIndexOpenAtOrAfter(bucketStartMs(atMs, tfMs));
    let start = end;
    let buckets = 0;
    let bucket = Number.NaN;
    while (start > 0) {
      const b = bucketStartMs(finer.openMsAt(start - 1), tfMs);
      if (b !== bucket) {
        if (buckets === limit) break;
        buckets++;
        bucket = b;
      }
      start--;
    }
    return aggregateCandles(finer.slice(start, end), timeframe);
  }

  /**
   * First open to last close of one symbol, or with no symbol the span every symbol covers
   * (latest first open to earliest last close). Throws NoPriceDataError when there is none.
   */
  async coverage(symbol?: string): Promise<Coverage> {
    const symbols = symbol === undefined ? await this.symbols() : [symbol];
    let first = Number.NEGATIVE_INFINITY;
    let last = Number.POSITIVE_INFINITY;
    for (const s of symbols) {
      const series = await this.#baseSeries(s);
      if (series.length === 0) throw new NoPriceDataError(`No ${s} candles`);
      first = Math.max(first, series.openMsAt(0));
      last = Math.min(last, series.openMsAt(series.length - 1) + this.#baseMs);
    }
    if (!(first < last)) throw new NoPriceDataError('The symbols have no common span of data');
    return { firstAt: new Date(first), lastAt: new Date(last) };
  }

  async #baseSeries(symbol: string): Promise<CandleSeries> {
    const series = await this.#source.load(symbol, this.baseTimeframe);
    if (!series) throw new NoPriceDataError(`No ${this.baseTimeframe} candles for ${symbol}`);
    return series;
  }

  /** The coarsest stored timeframe that divides `tfMs`: the fewest candles to aggregate. */
  async #coarsestDivisor(symbol: string, tfMs: number): Promise<CandleSeries | null> {
    const candidates = (await this.#source.listSeries())
      .filter((k) => k.symbol === symbol)
      .map((k) => ({ timeframe: k.timeframe, ms: timeframeToMs(k.timeframe) }))
      .filter((k) => k.ms < tfMs && tfMs % k.ms === 0)
      .sort((a, b) => b.ms - a.ms);
    const best = candidates[0];
    return best ? this.#source.load(symbol, best.timeframe) : null;
  }
}
