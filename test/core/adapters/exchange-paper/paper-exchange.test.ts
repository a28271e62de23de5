import { describe, expect, it } from 'vitest';
import type { OrderRequest, SubmitOutcome } from '../../../../src/core/ports.js';
import { Decimal } from '../../../../src/core/money.js';
import { OrderNotFoundError, UnknownSymbolError } from '../../../../src/core/adapters/exchange-paper/paper-errors.js';
import { PaperExchange } from '../../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { MIN, balanceOf, makeClock, makeExchange, makeFeed, testRules } from './paper-fixtures.js';

const d = (v: string | number) => new Decimal(v);
let seq = 0;
function order(side: 'buy' | 'sell', qty: string, extra: Partial<OrderRequest> = {}): OrderRequest {
  seq++;
  return { clientOrderId: `c-${seq}`, symbol: 'BTC/USDT', side, type: 'market', qtyBase: d(qty), ...extra };
}
const limit = (side: 'buy' | 'sell', qty: string, price: string, extra: Partial<OrderRequest> = {}) => order(side, qty, { type: 'limit', limitPrice: d(price), ...extra });

function accepted(outcome: SubmitOutcome) {
  if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  return outcome.order;
}
const reasonOf = (outcome: SubmitOutcome) => (outcome.kind === 'refused' ? outcome.reason : outcome.kind);

describe('PaperExchange markets and market data', () => {
  it('lists the feed symbols with overridable rules and refuses unknown symbols', async () => {
    const { exchange } = makeExchange();
    expect(() => exchange.market('BTC/USDT')).toThrow(/loadMarkets/);
    const markets = await exchange.loadMarkets();
    expect([...markets.keys()]).toEqual(['BTC/USDT']);
    expect(exchange.market('BTC/USDT').amountStep.toString()).toBe('0.001');
    expect(() => exchange.market('ETH/USDT')).toThrow(UnknownSymbolError);
  });

  it('quotes bid and ask around the replayed price', async () => {
    const { exchange } = makeExchange({ fillModel: {} }); // default spread: 2 bps
    const t = await exchange.fetchTicker('BTC/USDT');
    expect([t.bid.toString(), t.last.toString(), t.ask.toString()]).toEqual(['99.99', '100', '100.01']);
  });

  it('returns closed candles only, up to the current simulated instant', async () => {
    const { exchange, clock } = makeExchange();
    clock.advance(30_000);
    const candles = await exchange.fetchCandles('BTC/USDT', '1m', 3);
    expect(candles.map((c) => (c.openAt.getTime() - Date.parse('2025-01-01T00:00:00Z')) / MIN)).toEqual([17, 18, 19]);
  });
});

describe('PaperExchange market orders', () => {
  it('buys at the touch, debits cost plus the taker fee in quote, credits base', async () => {
    const { exchange } = makeExchange();
    const o = accepted(await exchange.submitOrder(order('buy', '1')));
    expect([o.status, o.filledQtyBase.toString(), o.avgPrice!.toString(), o.feeQuote.toString()]).toEqual(['closed', '1', '100', '0.1']);
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '9899.9', used: '0', total: '9899.9' });
    expect((await balanceOf(exchange, 'BTC')).total).toBe('1');
  });

  it('sells base and credits proceeds less the fee', async () => {
    const { exchange } = makeExchange();
    accepted(await exchange.submitOrder(order('buy', '1')));
    const o = accepted(await exchange.submitOrder(order('sell', '0.5')));
    expect(o.feeQuote.toString()).toBe('0.05');
    expect((await balanceOf(exchange, 'USDT')).total).toBe('9949.85');
    expect((await balanceOf(exchange, 'BTC')).total).toBe('0.5');
  });

  it('slips more as the order grows against the book', async () => {
    const { exchange } = makeExchange();
    const slips = [];
    for (const qty of ['1', '50', '500']) slips.push((await exchange.estimateFill('BTC/USDT', 'buy', d(qty))).slippagePct.toString());
    expect(slips).toEqual(['0', '0.02', '0.245']);
    const o = accepted(await exchange.submitOrder(order('buy', '50')));
    expect(o.avgPrice!.toString()).toBe('100.02');
    expect((await balanceOf(exchange, 'USDT')).total).toBe('4993.999'); // 10000 - 5001 * 1.001
  });

  it('refuses with PRICE_CAP_EXCEEDED when the expected average crosses the cap', async () => {
    const { exchange } = makeExchange({ initialBalances: new Map([['USDT', d(100000)], ['BTC', d(300)]]) });
    // 200 BTC walk 20 levels: average 100.095 on the way up, 99.905 on the way down.
    expect(reasonOf(await exchange.submitOrder(order('buy', '200', { limitPrice: d('100.09') })))).toBe('PRICE_CAP_EXCEEDED');
    expect((await balanceOf(exchange, 'USDT')).total).toBe('100000');
    expect(accepted(await exchange.submitOrder(order('buy', '200', { limitPrice: d('100.1') }))).avgPrice!.toString()).toBe('100.095');
    expect(reasonOf(await exchange.submitOrder(order('sell', '200', { limitPrice: d('99.91') })))).toBe('PRICE_CAP_EXCEEDED');
    expect(accepted(await exchange.submitOrder(order('sell', '200', { limitPrice: d('99.9') }))).avgPrice!.toString()).toBe('99.905');
  });

  it('refuses off-step, too small and too cheap orders, and unknown symbols', async () => {
    const { exchange } = makeExchange({ marketRules: { 'BTC/USDT': { ...testRules, minQty: d('0.01') } } });
    expect(reasonOf(await exchange.submitOrder(order('buy', '0.0115')))).toBe('INVALID_ORDER');
    expect(reasonOf(await exchange.submitOrder(order('buy', '0.005')))).toBe('QTY_BELOW_MIN');
    expect(reasonOf(await exchange.submitOrder(order('buy', '0.04')))).toBe('NOTIONAL_BELOW_MIN'); // 4 USDT
    expect(reasonOf(await exchange.submitOrder(limit('buy', '0.04', '100')))).toBe('NOTIONAL_BELOW_MIN');
    expect(reasonOf(await exchange.submitOrder(limit('buy', '1', '97.005')))).toBe('INVALID_ORDER');
    expect(reasonOf(await exchange.submitOrder(order('buy', '1', { type: 'limit' })))).toBe('INVALID_ORDER');
    expect(reasonOf(await exchange.submitOrder(order('buy', '1', { symbol: 'ETH/USDT' })))).toBe('UNKNOWN_SYMBOL');
    expect((await balanceOf(exchange, 'USDT')).total).toBe('10000');
  });

  it('refuses INSUFFICIENT_FUNDS when the free balance is short, counting reservations', async () => {
    const { exchange } = makeExchange();
    expect(reasonOf(await exchange.submitOrder(order('buy', '100')))).toBe('INSUFFICIENT_FUNDS'); // 10000 + fee
    expect(reasonOf(await exchange.submitOrder(order('sell', '1')))).toBe('INSUFFICIENT_FUNDS');
    accepted(await exchange.submitOrder(limit('buy', '99', '100'))); // fills 10 now, reserves the rest
    expect(reasonOf(await exchange.submitOrder(limit('buy', '1', '97')))).toBe('INSUFFICIENT_FUNDS');
  });
});

describe('PaperExchange limit orders', () => {
  // Minute 30 falls 100 -> 100 -> 94 -> 96: at or below 97 for half the minute, so a buy at 97 may
  // take 10 % of 5 BTC there; each flat minute at 96 then offers 10 % of 10 BTC.

  it('rests a limit buy, reserving cost and fee, and fills it when the replayed price crosses', async () => {
    const { exchange, clock } = makeExchange();
    const placed = accepted(await exchange.submitOrder(limit('buy', '2', '97')));
    expect(placed.status).toBe('open');
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '9805.806', used: '194.194', total: '10000' });
    clock.advance(10 * MIN); // minute 30: the dip has not started
    expect((await exchange.fetchOpenOrders()).map((o) => [o.id, o.filledQtyBase.toString()])).toEqual([[placed.id, '0']]);
    clock.advance(3 * MIN); // minute 33: 0.5 in the dip, then 1 per flat minute
    const filled = await exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId);
    expect([filled!.status, filled!.filledQtyBase.toString(), filled!.avgPrice!.toString(), filled!.feeQuote.toString()]).toEqual(['closed', '2', '97', '0.194']);
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '9805.806', used: '0', total: '9805.806' });
    expect((await balanceOf(exchange, 'BTC')).total).toBe('2');
    expect(await exchange.fetchOpenOrders()).toEqual([]);
  });

  it('fills partially by traded volume and only from the part of the candle already replayed', async () => {
    const { exchange, clock } = makeExchange();
    const placed = accepted(await exchange.submitOrder(limit('buy', '2', '97')));
    const filledNow = async () => (await exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId))!;
    clock.advance(10 * MIN + 20_000); // 30m20s: still at the candle's high of 100
    expect((await filledNow()).filledQtyBase.toString()).toBe('0');
    clock.advance(25_000); // 30m45s: below 97 since 30m30s, 1/4 of the minute's 10 BTC, of which 10 %
    expect([(await filledNow()).status, (await filledNow()).filledQtyBase.toString()]).toEqual(['open', '0.25']);
    expect((await balanceOf(exchange, 'USDT')).used).toBe('169.91975'); // 194.194 - 0.25 * 97 * 1.001
    clock.advance(15_000); // end of minute 30
    expect((await filledNow()).filledQtyBase.toString()).toBe('0.5');
    clock.advance(MIN); // a flat minute at 96
    expect((await filledNow()).filledQtyBase.toString()).toBe('1.5');
  });

  it('gives the same fills whether it is checked every few seconds or once, up to lot rounding', async () => {
    const once = makeExchange();
    const often = makeExchange();
    const a = accepted(await once.exchange.submitOrder(limit('buy', '2', '97', { clientOrderId: 'a' })));
    accepted(await often.exchange.submitOrder(limit('buy', '2', '97', { clientOrderId: 'a' })));
    for (let s = 0; s < 11 * 60; s += 5) {
      often.clock.advance(5000);
      await often.exchange.fetchBalances();
    }
    once.clock.advance(11 * MIN);
    const viaOnce = await once.exchange.fetchOrderByClientId('BTC/USDT', a.clientOrderId);
    const viaOften = await often.exchange.fetchOrderByClientId('BTC/USDT', a.clientOrderId);
    expect(viaOnce!.filledQtyBase.toString()).toBe('0.5');
    // Each check floors its fill to the 0.001 lot: six checks fall inside the dip's 30 seconds.
    expect(viaOften!.filledQtyBase.lte('0.5') && viaOften!.filledQtyBase.gte('0.494')).toBe(true);
  });

  it('rests a limit sell, reserving base, and fills it on the rally', async () => {
    const { exchange, clock } = makeExchange({ initialBalances: new Map([['USDT', d(10000)], ['BTC', d(1)]]) });
    accepted(await exchange.submitOrder(limit('sell', '1', '102')));
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '0', used: '1', total: '1' });
    clock.advance(41 * MIN); // minute 61: minute 60 went 96 -> 96 -> 104 -> 103, 5/12 of it at or above 102
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '0', used: '0.584', total: '0.584' });
    clock.advance(MIN); // a flat minute at 103
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '0', used: '0', total: '0' });
    expect((await balanceOf(exchange, 'USDT')).total).toBe('10101.898'); // + 102 - 0.102
  });

  it('serves the better-priced resting order first from the same volume', async () => {
    const { exchange, clock } = makeExchange();
    const worse = accepted(await exchange.submitOrder(limit('buy', '1', '96')));
    const better = accepted(await exchange.submitOrder(limit('buy', '1', '97')));
    clock.advance(11 * MIN); // minute 31: 0.5 BTC available at or below 97, 0.44 of it also at or below 96
    const open = await exchange.fetchOpenOrders();
    expect(open.map((o) => [o.id, o.filledQtyBase.toString()])).toEqual([
      [worse.id, '0'],
      [better.id, '0.5'],
    ]);
  });

  it('fills the crossing part of a marketable limit order at once as taker and rests the rest', async () => {
    const { exchange } = makeExchange();
    const o = accepted(await exchange.submitOrder(limit('buy', '15', '100'))); // only the first level is within 100
    expect([o.status, o.filledQtyBase.toString(), o.avgPrice!.toString(), o.feeQuote.toString()]).toEqual(['open', '10', '100', '1']);
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '8498.5', used: '500.5', total: '8999' });
  });

  it('cancels an order and releases what it still reserves', async () => {
    const { exchange, clock } = makeExchange();
    const placed = accepted(await exchange.submitOrder(limit('buy', '2', '97')));
    clock.advance(10 * MIN + 45_000); // 0.25 filled
    const canceled = await exchange.cancelOrder('BTC/USDT', placed.id);
    expect([canceled.status, canceled.filledQtyBase.toString()]).toEqual(['canceled', '0.25']);
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '9975.72575', used: '0', total: '9975.72575' });
    clock.advance(5 * MIN);
    expect((await exchange.cancelOrder('BTC/USDT', placed.id)).filledQtyBase.toString()).toBe('0.25');
    await expect(exchange.cancelOrder('BTC/USDT', 'paper-999')).rejects.toThrow(OrderNotFoundError);
    await expect(exchange.cancelOrder('ETH/USDT', placed.id)).rejects.toThrow(OrderNotFoundError);
  });
});

describe('PaperExchange client order ids', () => {
  it('refuses a duplicate client id while the earlier order is remembered, open or not', async () => {
    const { exchange } = makeExchange();
    const first = accepted(await exchange.submitOrder(limit('buy', '1', '97', { clientOrderId: 'dup' })));
    expect(reasonOf(await exchange.submitOrder(order('buy', '1', { clientOrderId: 'dup' })))).toBe('DUPLICATE_CLIENT_ID');
    await exchange.cancelOrder('BTC/USDT', first.id);
    expect(reasonOf(await exchange.submitOrder(order('buy', '1', { clientOrderId: 'dup' })))).toBe('DUPLICATE_CLIENT_ID');
  });

  it("with the 'while_open' policy, accepts the id again once the first order is done (Binance behaviour)", async () => {
    const { exchange } = makeExchange({ duplicateClientIdPolicy: 'while_open' });
    const first = accepted(await exchange.submitOrder(limit('buy', '1', '97', { clientOrderId: 'dup' })));
    expect(reasonOf(await exchange.submitOrder(order('buy', '1', { clientOrderId: 'dup' })))).toBe('DUPLICATE_CLIENT_ID');
    await exchange.cancelOrder('BTC/USDT', first.id);
    expect(accepted(await exchange.submitOrder(order('buy', '1', { clientOrderId: 'dup' }))).status).toBe('closed');
  });

  it('lets a refused order id be used again (the venue never held it) and looks orders up per symbol', async () => {
    const { exchange } = makeExchange();
    expect(reasonOf(await exchange.submitOrder(order('buy', '0.01', { clientOrderId: 'x' })))).toBe('NOTIONAL_BELOW_MIN');
    expect(await exchange.fetchOrderByClientId('BTC/USDT', 'x')).toBeNull();
    accepted(await exchange.submitOrder(order('buy', '1', { clientOrderId: 'x' })));
    expect((await exchange.fetchOrderByClientId('BTC/USDT', 'x'))!.status).toBe('closed');
    expect(await exchange.fetchOrderByClientId('ETH/USDT', 'x')).toBeNull();
  });
});

describe('PaperExchange latency', () => {
  it('waits the simulated latency through the injected sleep, with seeded jitter', async () => {
    const run = async (seed: number) => {
      const waits: number[] = [];
      const exchange = new PaperExchange({ feed: makeFeed(), clock: makeClock(20), latencyMs: 40, latencyJitterMs: 20, seed, sleep: async (ms) => void waits.push(ms) });
      for (let i = 0; i < 5; i++) await exchange.fetchBalances();
      return waits;
    };
    const first = await run(7);
    expect(first).toHaveLength(5);
    for (const ms of first) expect(ms >= 40 && ms <= 60).toBe(true);
    expect(await run(7)).toEqual(first);
  });

  it('lets latency move simulated time when the sleep advances the clock', async () => {
    const clock = makeClock(20);
    const exchange = new PaperExchange({ feed: makeFeed(), clock, latencyMs: 500, sleep: async (ms) => clock.advance(ms) });
    await exchange.fetchBalances();
    await exchange.fetchBalances();
    expect(clock.now().getTime() - Date.parse('2025-01-01T00:20:00Z')).toBe(1000);
  });
});

describe('PaperExchange over the bundled October 2025 candles', () => {
  it('trades BTC/USDT with Binance rules at the replayed price, with realistic slippage', async () => {
    const { fileURLToPath } = await import('node:url');
    const { ReplayPriceFeed } = await import('../../../../src/core/adapters/exchange-paper/replay-price-feed.js');
    const { ReplayClock } = await import('../../../../src/core/adapters/exchange-paper/replay-clock.js');
    const feed = ReplayPriceFeed.fromDirectory(fileURLToPath(new URL('../../../../data/candles/', import.meta.url)));
    const clock = new ReplayClock({ startAt: new Date('2025-10-10T12:00:00Z'), speed: 0 });
    const exchange = new PaperExchange({ feed, clock, sleep: async () => {} });
    const markets = await exchange.loadMarkets();
    expect(markets.size).toBe(7);
    expect(exchange.market('BTC/USDT').amountStep.toString()).toBe('0.00001');
    const mid = await feed.priceAt('BTC/USDT', clock.now());
    const small = await exchange.estimateFill('BTC/USDT', 'buy', d('0.01'));
    const large = await exchange.estimateFill('BTC/USDT', 'buy', d('50'));
    expect(small.avgPrice.gt(mid) && small.slippagePct.lt('0.01')).toBe(true);
    expect(large.slippagePct.gt(small.slippagePct)).toBe(true);
    const filled = accepted(await exchange.submitOrder(order('buy', '0.01')));
    expect(filled.avgPrice!.eq(small.avgPrice)).toBe(true);
    expect((await balanceOf(exchange, 'USDT')).total).toBe(d(10000).minus(small.avgPrice.mul('0.01').mul('1.001')).toString());
  });
});
