import type { Candle } from '../../../../src/core/ports.js';
import { Decimal } from '../../../../src/core/money.js';
import { InMemoryCandleSource } from '../../../../src/core/adapters/exchange-paper/candle-source.js';
import { PaperExchange, type MarketRulesOverride, type PaperExchangeOptions } from '../../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayClock } from '../../../../src/core/adapters/exchange-paper/replay-clock.js';
import { ReplayPriceFeed } from '../../../../src/core/adapters/exchange-paper/replay-price-feed.js';

/** Shared scenario for paper exchange tests: one-minute BTC/USDT candles around 2025-01-01. */
export const T0 = Date.parse('2025-01-01T00:00:00Z');
export const MIN = 60_000;

export function candleAt(minute: number, o: string, h: string, l: string, c: string, v = '10'): Candle {
  return { openAt: new Date(T0 + minute * MIN), open: new Decimal(o), high: new Decimal(h), low: new Decimal(l), close: new Decimal(c), volume: new Decimal(v) };
}

export function flatCandles(fromMinute: number, count: number, price: string, volume = '10'): Candle[] {
  return Array.from({ length: count }, (_, i) => candleAt(fromMinute + i, price, price, price, price, volume));
}

/**
 * Minutes 0-29 flat at 100; minute 30 dips (100 -> 100 -> 94 -> 96, bearish path); 31-59 flat at 96;
 * minute 60 rallies (96 -> 96 -> 104 -> 103, bullish path); 61-89 flat at 103. Volume 10 BTC a minute.
 */
export function scenarioCandles(): Candle[] {
  return [
    ...flatCandles(0, 30, '100'),
    candleAt(30, '100', '100', '94', '96'),
    ...flatCandles(31, 29, '96'),
    candleAt(60, '96', '104', '96', '103'),
    ...flatCandles(61, 29, '103'),
  ];
}

export function makeFeed(candles: readonly Candle[] = scenarioCandles()): ReplayPriceFeed {
  return new ReplayPriceFeed({ source: new InMemoryCandleSource([{ symbol: 'BTC/USDT', timeframe: '1m', candles }]), timeframe: '1m' });
}

/** Frozen replay clock at T0 + `minute`; tests move it with advance(). */
export function makeClock(minute: number): ReplayClock {
  return new ReplayClock({ startAt: new Date(T0 + minute * MIN), speed: 0 });
}

/** Round rules so amounts in tests are easy to check by hand. */
export const testRules: MarketRulesOverride = {
  amountStep: new Decimal('0.001'),
  priceTick: new Decimal('0.01'),
  minQty: new Decimal('0.001'),
  minNotional: new Decimal(5),
  makerFeeRate: new Decimal('0.001'),
  takerFeeRate: new Decimal('0.001'),
};

/**
 * A paper exchange on the scenario at minute 20, with no spread (bid = ask = mid), a book of
 * 1000 USDT per bp level (10 BTC at 100), no latency wait, 10000 USDT.
 */
export function makeExchange(overrides: Partial<PaperExchangeOptions> = {}) {
  const clock = makeClock(20);
  const feed = makeFeed();
  const exchange = new PaperExchange({
    feed,
    clock,
    marketRules: { 'BTC/USDT': testRules },
    fillModel: { baseSpreadBps: new Decimal(0), volatilitySpreadFactor: new Decimal(0), minDepthQuotePerBps: new Decimal(1000), depthShare: new Decimal('0.05') },
    sleep: async () => {},
    ...overrides,
  });
  return { exchange, clock, feed };
}

/** Free/used/total of an asset as strings, for exact comparisons. */
export async function balanceOf(exchange: PaperExchange, asset: string): Promise<{ free: string; used: string; total: string }> {
  const b = (await exchange.fetchBalances()).get(asset);
  return { free: b?.free.toString() ?? '0', used: b?.used.toString() ?? '0', total: b?.total.toString() ?? '0' };
}
