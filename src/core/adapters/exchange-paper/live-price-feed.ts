import type { Candle, Clock, Exchange } from '../../ports.js';
import { Decimal, ZERO } from '../../money.js';
import { bucketStartMs, priceWithinCandle, subPathWithinCandle, summarisePath, timeframeToMs, type PricePathPoint } from '../../market/candles.js';
import { NoPriceDataError } from './paper-errors.js';
import type { PriceFeed, PriceMove } from './price-feed.js';

export interface LivePriceFeedOptions {
  /** A public (credential-free) exchange, e.g. a CcxtExchange; it should read the same clock. */
  readonly exchange: Exchange;
  readonly clock: Clock;
  /** Native timeframe of moves and of the history used for past instants; default "1m". */
  readonly baseTimeframe?: string;
  /** How long a ticker or a candle fetch is reused, in ms; default 2000. */
  readonly cacheTtlMs?: number;
  /** Symbols to offer; default every loaded market quoted in USDT. */
  readonly symbols?: readonly string[];
  /** Most candles asked for in one request: how far back the feed can see; default 500. */
  readonly maxCandles?: number;
}

interface TapePoint {
  readonly atMs: number;
  readonly price: Decimal;
}

interface CachedCandles {
  readonly fetchedAtMs: number;
  readonly limit: number;
  readonly candles: Promise<readonly Candle[]>;
}

/** Fewest candles asked for: covers the paper book's lookback (14) and the volume estimate (15). */
const MIN_CANDLES_PER_REQUEST = 20;
/** Closed candles whose mean volume prices the still-open stretch. */
const VOLUME_LOOKBACK = 15;
/** Ticker observations kept per symbol (one per fetch); only the still-open stretch needs them. */
const MAX_TAPE_POINTS = 2000;

/**
 * Public market data of a live exchange as a PriceFeed, so the paper exchange can trade now.
 *
 * Live data has no history at an arbitrary instant: `at` is meant to be about now.
 * - Closed candles come from `exchange.fetchCandles` (the most recent `maxCandles` at most); an
 *   instant before the oldest reachable candle has no price (NoPriceDataError).
 * - The still-open stretch after the last closed candle is a "tape": the last close at its close
 *   time, then every ticker last price this feed fetched, at the clock time of the fetch, linear in
 *   between and flat after the latest one. Its volume is estimated pro rata from the mean volume of
 *   the last 15 closed candles (a zero would starve resting orders: a paper exchange that is called
 *   often settles almost only inside the open candle).
 * Tickers and candle fetches are cached for `cacheTtlMs` (a candle fetch also expires when a new
 * candle of its timeframe closes), and concurrent callers share one request, so a burst of calls
 * makes one request per symbol. Failed requests are not cached; exchange errors propagate.
 */
export class LivePriceFeed implements PriceFeed {
  readonly baseTimeframe: string;
  readonly #exchange: Exchange;
  readonly #clock: Clock;
  readonly #baseMs: number;
  readonly #ttlMs: number;
  readonly #maxCandles: number;
  readonly #symbols: readonly string[] | undefined;
  readonly #tickers = new Map<string, { fetchedAtMs: number; price: Promise<Decimal> }>();
  readonly #candles = new Map<string, CachedCandles>();
  readonly #tapes = new Map<string, TapePoint[]>();
  #listed: Promise<readonly string[]> | null = null;

  constructor(options: LivePriceFeedOptions) {
    this.#exchange = options.exchange;
    this.#clock = options.clock;
    this.baseTimeframe = options.baseTimeframe ?? '1m';
    this.#baseMs = timeframeToMs(this.baseTimeframe);
    this.#ttlMs = options.cacheTtlMs ?? 2000;
    this.#maxCandles = options.maxCandles ?? 500;
    this.#symbols = options.symbols;
    if (!(this.#ttlMs >= 0)) throw new RangeError(`cacheTtlMs must be >= 0: ${this.#ttlMs}`);
    if (!Number.isInteger(this.#maxCandles) || this.#maxCandles < MIN_CANDLES_PER_REQUEST) {
      throw new RangeError(`maxCandles must be an integer >= ${MIN_CANDLES_PER_REQUEST}: ${this.#maxCandles}`);
    }
  }

  /** The configured symbols, or the exchange's markets quoted in USDT (loaded once), sorted. */
  async symbols(): Promise<readonly string[]> {
    if (this.#symbols) return [...new Set(this.#symbols)].sort();
    if (!this.#listed) {
      const listed = this.#exchange.loadMarkets().then((markets) => [...markets.values()].filter((m) => m.quote === 'USDT').map((m) => m.symbol).sort());
      this.#listed = listed;
      listed.catch(() => {
        if (this.#listed === listed) this.#listed = null;
      });
    }
    return this.#listed;
  }

  /**
   * The ticker's last price when `at` is within cacheTtlMs of now (or later). An older instant is
   * priced from history: inside a closed candle along pricePathWithinCandle, after the last closed
   * candle along the tape. Throws NoPriceDataError before the oldest reachable candle.
   */
  async priceAt(symbol: string, at: Date): Promise<Decimal> {
    const nowMs = this.#clock.now().getTime();
    const atMs = at.getTime();
    if (atMs >= nowMs - this.#ttlMs) return this.#ticker(symbol, nowMs);
    const candles = await this.#history(symbol, atMs, nowMs);
    const first = candles[0];
    if (!first || atMs < first.openAt.getTime()) throw new NoPriceDataError(`No ${symbol} price at ${at.toISOString()}: live data reaches back ${this.#maxCandles} ${this.baseTimeframe} candles`);
    const last = candles[candles.length - 1]!;
    const lastCloseMs = last.openAt.getTime() + this.#baseMs;
    if (atMs >= lastCloseMs) {
      await this.#ticker(symbol, nowMs);
      return tapePrice(this.#tapeFrom(symbol, last.close, lastCloseMs), atMs);
    }
    let i = candles.length - 1;
    while (candles[i]!.openAt.getTime() > atMs) i--;
    const candle = candles[i]!;
    const elapsed = atMs - candle.openAt.getTime();
    // Past the candle's close we are in a venue gap: the last close stands.
    return elapsed >= this.#baseMs ? candle.close : priceWithinCandle(candle, new Decimal(elapsed).div(this.#baseMs));
  }

  /**
   * Moves during (fromAt, toAt]: closed candles as in the replay feed (pro-rata volume), then one
   * move along the tape for the still-open stretch. A stretch older than the reachable history, or
   * a venue gap between candles, has no moves.
   */
  async movesBetween(symbol: string, fromAt: Date, toAt: Date): Promise<readonly PriceMove[]> {
    const fromMs = fromAt.getTime();
    const toMs = toAt.getTime();
    const moves: PriceMove[] = [];
    if (toMs <= fromMs) return moves;
    const nowMs = this.#clock.now().getTime();
    const candles = await this.#history(symbol, fromMs, nowMs);
    for (const candle of candles) {
      const openMs = candle.openAt.getTime();
      if (openMs >= toMs) break;
      const startMs = Math.max(fromMs, openMs);
      const endMs = Math.min(toMs, openMs + this.#baseMs);
      if (endMs <= startMs) continue;
      const f0 = new Decimal(startMs - openMs).div(this.#baseMs);
      const f1 = new Decimal(endMs - openMs).div(this.#baseMs);
      const path = subPathWithinCandle(candle, f0, f1);
      moves.push({ fromAt: new Date(startMs), toAt: new Date(endMs), ...summarisePath(path), volumeBase: candle.volume.mul(f1.minus(f0)), path });
    }
    const last = candles[candles.length - 1];
    if (!last) return moves;
    const lastCloseMs = last.openAt.getTime() + this.#baseMs;
    if (toMs <= lastCloseMs) return moves;
    const startMs = Math.max(fromMs, lastCloseMs);
    await this.#ticker(symbol, nowMs);
    const path = tapePath(this.#tapeFrom(symbol, last.close, lastCloseMs), startMs, toMs);
    const recent = candles.slice(-VOLUME_LOOKBACK);
    const volumePerMs = recent.reduce((sum, c) => sum.plus(c.volume), ZERO).div(recent.length * this.#baseMs);
    moves.push({ fromAt: new Date(startMs), toAt: new Date(toMs), ...summarisePath(path), volumeBase: volumePerMs.mul(toMs - startMs), path });
    return moves;
  }

  /**
   * Up to `limit` closed candles of `timeframe` whose close is at or before `at`, from the latest
   * `maxCandles` the exchange returns: fewer (or none) when `at` lies further back than that.
   */
  async candlesUntil(symbol: string, timeframe: string, at: Date, limit: number): Promise<readonly Candle[]> {
    if (limit <= 0) return [];
    const tfMs = timeframeToMs(timeframe);
    const atMs = at.getTime();
    const nowMs = this.#clock.now().getTime();
    const closingAfterAt = Math.max(0, Math.ceil((nowMs - atMs) / tfMs));
    const candles = await this.#closedCandles(symbol, timeframe, tfMs, limit + closingAfterAt, nowMs);
    return candles.filter((c) => c.openAt.getTime() + tfMs <= atMs).slice(-limit);
  }

  /** Base candles reaching back to `sinceMs` when the history allows. */
  #history(symbol: string, sinceMs: number, nowMs: number): Promise<readonly Candle[]> {
    const needed = Math.floor((nowMs - sinceMs) / this.#baseMs) + 2;
    return this.#closedCandles(symbol, this.baseTimeframe, this.#baseMs, needed, nowMs);
  }

  /** Cached exchange.fetchCandles: reused while fresh, within one candle period, and large enough. */
  #closedCandles(symbol: string, timeframe: string, tfMs: number, wanted: number, nowMs: number): Promise<readonly Candle[]> {
    const limit = Math.min(Math.max(wanted, MIN_CANDLES_PER_REQUEST), this.#maxCandles);
    const key = `${symbol} ${timeframe}`;
    const cached = this.#candles.get(key);
    if (cached && cached.limit >= limit && this.#isFresh(cached.fetchedAtMs, nowMs) && bucketStartMs(cached.fetchedAtMs, tfMs) === bucketStartMs(nowMs, tfMs)) {
      return cached.candles;
    }
    const entry: CachedCandles = { fetchedAtMs: nowMs, limit, candles: this.#exchange.fetchCandles(symbol, timeframe, limit) };
    this.#candles.set(key, entry);
    entry.candles.catch(() => {
      if (this.#candles.get(key) === entry) this.#candles.delete(key);
    });
    return entry.candles;
  }

  /** Cached ticker last price; every fetch is recorded on the symbol's tape at the fetch instant. */
  #ticker(symbol: string, nowMs: number): Promise<Decimal> {
    const cached = this.#tickers.get(symbol);
    if (cached && this.#isFresh(cached.fetchedAtMs, nowMs)) return cached.price;
    const price = this.#exchange.fetchTicker(symbol).then((t) => {
      this.#record(symbol, { atMs: nowMs, price: t.last });
      return t.last;
    });
    const entry = { fetchedAtMs: nowMs, price };
    this.#tickers.set(symbol, entry);
    price.catch(() => {
      if (this.#tickers.get(symbol) === entry) this.#tickers.delete(symbol);
    });
    return price;
  }

  #isFresh(fetchedAtMs: number, nowMs: number): boolean {
    // A clock that went backwards (a restarted test or replay) invalidates everything fetched "later".
    return nowMs >= fetchedAtMs && nowMs - fetchedAtMs < this.#ttlMs;
  }

  /** Keeps the tape in time order (concurrent fetches may answer out of order) and about two candles long. */
  #record(symbol: string, point: TapePoint): void {
    const tape = [...(this.#tapes.get(symbol) ?? []).filter((p) => p.atMs !== point.atMs), point].sort((a, b) => a.atMs - b.atMs);
    const horizonMs = tape[tape.length - 1]!.atMs - 2 * this.#baseMs;
    this.#tapes.set(symbol, tape.filter((p) => p.atMs >= horizonMs).slice(-MAX_TAPE_POINTS));
  }

  /** The tape of the still-open stretch: the last close at its close time, then later observations. */
  #tapeFrom(symbol: string, lastClose: Decimal, lastCloseMs: number): TapePoint[] {
    const observed = (this.#tapes.get(symbol) ?? []).filter((p) => p.atMs > lastCloseMs);
    return [{ atMs: lastCloseMs, price: lastClose }, ...observed];
  }
}

/** Price on a tape at `atMs` (not before its first point): linear between points, flat after the last. */
function tapePrice(tape: readonly TapePoint[], atMs: number): Decimal {
  let i = 0;
  while (i + 1 < tape.length && tape[i + 1]!.atMs <= atMs) i++;
  const a = tape[i]!;
  const b = tape[i + 1];
  if (!b) return a.price;
  return a.price.plus(b.price.minus(a.price).mul(atMs - a.atMs).div(b.atMs - a.atMs));
}

/** The tape between two instants as a path: interpolated ends, the observations strictly inside. */
function tapePath(tape: readonly TapePoint[], startMs: number, endMs: number): PricePathPoint[] {
  const length = endMs - startMs;
  const inside = tape.filter((p) => p.atMs > startMs && p.atMs < endMs);
  return [
    { fraction: ZERO, price: tapePrice(tape, startMs) },
    ...inside.map((p) => ({ fraction: new Decimal(p.atMs - startMs).div(length), price: p.price })),
    { fraction: new Decimal(1), price: tapePrice(tape, endMs) },
  ];
}
