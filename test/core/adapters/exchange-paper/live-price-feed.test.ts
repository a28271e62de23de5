import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CcxtExchange } from '../../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { LivePriceFeed, type LivePriceFeedOptions } from '../../../../src/core/adapters/exchange-paper/live-price-feed.js';
import { NoPriceDataError } from '../../../../src/core/adapters/exchange-paper/paper-errors.js';
import { PaperExchange } from '../../../../src/core/adapters/exchange-paper/paper-exchange.js';
import type { PriceMove } from '../../../../src/core/adapters/exchange-paper/price-feed.js';
import { Decimal } from '../../../../src/core/money.js';
import type { Clock } from '../../../../src/core/ports.js';
import { startFakeExchangeServer, type FakeExchangeServer } from '../../../support/fake-exchange/fake-exchange-server.js';
import type { FakeKline } from '../../../support/fake-exchange/fake-exchange-state.js';
import { makeFakeFetch } from '../../../support/fake-exchange/fake-fetch.js';

const MIN = 60_000;
/** 12:30:20 UTC: twenty seconds into the 12:30 candle, which is still open. */
const NOW = Date.UTC(2025, 0, 15, 12, 30, 20);
const minute = (hhmm: string, seconds = 0) => Date.UTC(2025, 0, 15, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)), seconds);
const TICKER = 'GET /api/v3/ticker/24hr';
const KLINES = 'GET /api/v3/klines';

class SteppingClock implements Clock {
  ms = NOW;
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** One rising 1m candle a minute from 12:00 to 12:40: open 60000 + 10k, close +10, wicks of 5, volume 2. */
function risingKlines(skip: readonly string[] = []): FakeKline[] {
  const rows: FakeKline[] = [];
  for (let k = 0; k <= 40; k++) {
    const openAt = minute('12:00') + k * MIN;
    if (skip.some((s) => minute(s) === openAt)) continue;
    const open = 60000 + 10 * k;
    rows.push({ openAt, open: String(open), high: String(open + 15), low: String(open - 5), close: String(open + 10), volume: '2' });
  }
  return rows;
}

let server: FakeExchangeServer;
let exchange: CcxtExchange;
const clock = new SteppingClock();

/** The real ccxt binance class, without credentials (public endpoints only), on the fake server. */
function publicBinance(): CcxtExchange {
  return new CcxtExchange({
    exchangeId: 'binance',
    marketType: 'spot',
    clock,
    ccxtOptions: {
      fetchImplementation: makeFakeFetch(server.url),
      enableRateLimit: false,
      timeout: 500,
      options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
    },
  });
}

const makeFeed = (o: Partial<LivePriceFeedOptions> = {}) => new LivePriceFeed({ exchange, clock, ...o });
const count = (endpoint: string) => server.requestsTo(endpoint).length;
const span = (m: PriceMove) => [new Date(m.fromAt).toISOString().slice(11, 19), new Date(m.toAt).toISOString().slice(11, 19)];

beforeAll(async () => {
  server = await startFakeExchangeServer({ now: () => clock.ms });
  exchange = publicBinance();
  await exchange.loadMarkets();
});
afterAll(() => server.close());
beforeEach(() => {
  clock.ms = NOW;
  server.faults.clear();
  server.state.setPrice('BTCUSDT', '60400');
  server.state.setKlines('BTCUSDT', '1m', risingKlines());
});

describe('LivePriceFeed.priceAt', () => {
  it('returns the ticker last price for an instant at about now', async () => {
    expect((await makeFeed().priceAt('BTC/USDT', clock.now())).toString()).toBe('60400');
  });

  it('makes one ticker request for a burst of calls, and a new one once cacheTtlMs has passed', async () => {
    const feed = makeFeed();
    const before = count(TICKER);
    await feed.priceAt('BTC/USDT', clock.now());
    await feed.priceAt('BTC/USDT', clock.now());
    await Promise.all([1, 2, 3].map(() => feed.priceAt('BTC/USDT', clock.now())));
    expect(count(TICKER)).toBe(before + 1);

    server.state.setPrice('BTCUSDT', '60500');
    clock.advance(1999);
    expect((await feed.priceAt('BTC/USDT', clock.now())).toString()).toBe('60400');
    expect(count(TICKER)).toBe(before + 1);
    clock.advance(1);
    expect((await feed.priceAt('BTC/USDT', clock.now())).toString()).toBe('60500');
    expect(count(TICKER)).toBe(before + 2);
  });

  it('lets exchange errors propagate and does not cache them', async () => {
    const feed = makeFeed();
    server.faults.inject(TICKER, 'unavailable');
    await expect(feed.priceAt('BTC/USDT', clock.now())).rejects.toMatchObject({ name: 'CcxtAdapterError', errorClass: 'ExchangeNotAvailable' });
    expect((await feed.priceAt('BTC/USDT', clock.now())).toString()).toBe('60400');
  });

  it('prices an older instant from closed candles, along the intra-candle path', async () => {
    const feed = makeFeed();
    // 12:15 opens at 60150 and is bullish: open -> low (60145) at one third -> high -> close.
    expect((await feed.priceAt('BTC/USDT', new Date(minute('12:15')))).toString()).toBe('60150');
    expect((await feed.priceAt('BTC/USDT', new Date(minute('12:15', 20)))).toString()).toBe('60145');
  });

  it('throws NoPriceDataError for an instant before the oldest candle it can fetch', async () => {
    const feed = makeFeed({ maxCandles: 20 });
    // 20 closed candles end at 12:29: the oldest opens at 12:10.
    expect((await feed.priceAt('BTC/USDT', new Date(minute('12:10')))).toString()).toBe('60100');
    await expect(feed.priceAt('BTC/USDT', new Date(minute('12:09', 59)))).rejects.toThrow(NoPriceDataError);
  });
});

describe('LivePriceFeed.candlesUntil', () => {
  it('never returns a candle closing after `at`, nor the candle still open', async () => {
    const feed = makeFeed();
    for (const at of [NOW, minute('12:28'), minute('12:27', 30), minute('12:05', 1)]) {
      const candles = await feed.candlesUntil('BTC/USDT', '1m', new Date(at), 5);
      expect(candles).toHaveLength(5);
      for (const c of candles) expect(c.openAt.getTime() + MIN).toBeLessThanOrEqual(at);
      // The latest candle allowed is the one that closed last at or before `at`.
      expect(candles[4]!.openAt.getTime()).toBe(Math.floor(at / MIN) * MIN - MIN);
    }
  });

  it('returns what the history holds when `at` lies further back than maxCandles reach', async () => {
    const candles = await makeFeed({ maxCandles: 20 }).candlesUntil('BTC/USDT', '1m', new Date(minute('12:12')), 5);
    expect(candles.map((c) => c.openAt.toISOString().slice(11, 16))).toEqual(['12:10', '12:11']);
  });

  it('reuses one candle request until the TTL passes or a new candle closes', async () => {
    const feed = makeFeed({ cacheTtlMs: 60_000 });
    const before = count(KLINES);
    await feed.candlesUntil('BTC/USDT', '1m', clock.now(), 14);
    await feed.candlesUntil('BTC/USDT', '1m', clock.now(), 5);
    expect(count(KLINES)).toBe(before + 1);
    clock.advance(40_000); // 12:31:00: the 12:30 candle has closed
    const candles = await feed.candlesUntil('BTC/USDT', '1m', clock.now(), 5);
    expect(count(KLINES)).toBe(before + 2);
    expect(candles[4]!.openAt.toISOString().slice(11, 16)).toBe('12:30');
  });
});

describe('LivePriceFeed.movesBetween', () => {
  it('covers the stretch: closed candles, then the open stretch from the last close to the ticker', async () => {
    const moves = await makeFeed().movesBetween('BTC/USDT', new Date(minute('12:27', 30)), clock.now());
    expect(moves.map(span)).toEqual([
      ['12:27:30', '12:28:00'],
      ['12:28:00', '12:29:00'],
      ['12:29:00', '12:30:00'],
      ['12:30:00', '12:30:20'],
    ]);
    expect(moves.map((m) => m.close.toString())).toEqual(['60280', '60290', '60300', '60400']);
    const open = moves[3]!;
    expect([open.open, open.low, open.high, open.close].map(String)).toEqual(['60300', '60300', '60400', '60400']);
    expect(open.path.map((p) => [p.fraction.toString(), p.price.toString()])).toEqual([['0', '60300'], ['1', '60400']]);
    // Volume pro rata: 2 BTC a minute over the last closed candles, for 20 seconds.
    expect(open.volumeBase.toDecimalPlaces(12).toString()).toBe(new Decimal(2).div(3).toDecimalPlaces(12).toString());
  });

  it('follows the ticker prices it observed during the open candle instead of inventing earlier ones', async () => {
    const feed = makeFeed();
    await feed.priceAt('BTC/USDT', clock.now()); // 60400 observed at 12:30:20
    clock.advance(5000);
    server.state.setPrice('BTCUSDT', '60350');
    const moves = await feed.movesBetween('BTC/USDT', new Date(NOW), clock.now());
    expect(moves).toHaveLength(1);
    expect([moves[0]!.open, moves[0]!.high, moves[0]!.close].map(String)).toEqual(['60400', '60400', '60350']);

    const whole = await feed.movesBetween('BTC/USDT', new Date(minute('12:30')), clock.now());
    expect(whole[0]!.path.map((p) => [p.fraction.toString(), p.price.toString()])).toEqual([['0', '60300'], ['0.8', '60400'], ['1', '60350']]);
  });

  it('returns nothing for an empty stretch and leaves venue gaps uncovered', async () => {
    server.state.setKlines('BTCUSDT', '1m', risingKlines(['12:25']));
    const feed = makeFeed();
    expect(await feed.movesBetween('BTC/USDT', clock.now(), clock.now())).toEqual([]);
    const moves = await feed.movesBetween('BTC/USDT', new Date(minute('12:24', 30)), new Date(minute('12:26', 30)));
    expect(moves.map(span)).toEqual([
      ['12:24:30', '12:25:00'],
      ['12:26:00', '12:26:30'],
    ]);
  });
});

describe('LivePriceFeed.symbols', () => {
  it('lists the loaded markets quoted in USDT by default, or the configured symbols, sorted', async () => {
    expect(await makeFeed().symbols()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    expect(await makeFeed({ symbols: ['SOL/USDT', 'BTC/USDT'] }).symbols()).toEqual(['BTC/USDT', 'SOL/USDT']);
  });
});

describe('PaperExchange on the LivePriceFeed', () => {
  const paper = () => new PaperExchange({ feed: makeFeed({ symbols: ['BTC/USDT'] }), clock, latencyMs: 0, sleep: async () => {} });

  it('fills a market buy near the venue price', async () => {
    const ex = paper();
    expect([...(await ex.loadMarkets()).keys()]).toEqual(['BTC/USDT']);
    const outcome = await ex.submitOrder({ clientOrderId: 'live-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: new Decimal('0.01') });
    if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
    expect(outcome.order.status).toBe('closed');
    expect(outcome.order.filledQtyBase.toString()).toBe('0.01');
    const avg = outcome.order.avgPrice!;
    expect(avg.gte(60400)).toBe(true);
    expect(avg.div(60400).minus(1).abs().lt('0.001')).toBe(true);
  });

  it('fills a resting limit buy when the live price falls through it', async () => {
    const ex = paper();
    const outcome = await ex.submitOrder({ clientOrderId: 'live-2', symbol: 'BTC/USDT', side: 'buy', type: 'limit', qtyBase: new Decimal('0.01'), limitPrice: new Decimal('60350') });
    expect(outcome.kind === 'accepted' && outcome.order.status).toBe('open');
    server.state.setPrice('BTCUSDT', '60300');
    clock.advance(10_000);
    // 60400 -> 60300 in 10 s: 5 s at or below 60350, where 1/6 BTC trades; 10 % of it is ours.
    const order = await ex.fetchOrderByClientId('BTC/USDT', 'live-2');
    expect([order?.status, order?.filledQtyBase.toString(), order?.avgPrice?.toString()]).toEqual(['closed', '0.01', '60350']);
  });
});
