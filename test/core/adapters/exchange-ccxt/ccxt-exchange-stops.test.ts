import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CcxtExchange } from '../../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { Decimal } from '../../../../src/core/money.js';
import type { Clock, StopOrderRequest, StopOrders } from '../../../../src/core/ports.js';
import { startFakeExchangeServer, type FakeExchangeServer } from '../../../support/fake-exchange/fake-exchange-server.js';
import { makeFakeFetch } from '../../../support/fake-exchange/fake-fetch.js';
import { makeCcxtOnFakeServer } from '../../../support/fake-exchange/make-ccxt-on-fake-server.js';

// The real ccxt binance class against the fake Binance server: how a protective stop is sent,
// listed, triggered and looked up on Binance spot.

const d = (v: string) => new Decimal(v);
const NOW = Date.UTC(2025, 0, 15, 12, 30, 0);
const clock: Clock = { now: () => new Date(NOW) };

let server: FakeExchangeServer;
let exchange: CcxtExchange;
let stops: StopOrders;
let seq = 0;
const cid = (label: string) => `t-${label}-${++seq}`;
const stop = (o: Partial<StopOrderRequest> & Pick<StopOrderRequest, 'symbol' | 'qtyBase' | 'triggerPrice'>): StopOrderRequest => ({
  clientOrderId: cid('stop'), side: 'sell', limitOffsetPct: d('2'), reduceOnly: true, ...o,
});

beforeAll(async () => {
  server = await startFakeExchangeServer({ now: () => NOW });
  // A market that also offers STOP_LOSS (a stop-market order), as Binance lists on some spot pairs.
  server.state.symbols.set('BNBUSDT', {
    id: 'BNBUSDT', base: 'BNB', quote: 'USDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5',
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
  });
  exchange = makeCcxtOnFakeServer(server, { clock });
  await exchange.loadMarkets();
  stops = exchange.stopOrders!;
});
afterAll(() => server.close());
beforeEach(() => {
  server.faults.clear();
  server.state.setPrice('BTCUSDT', '60000', '0.5');
  server.state.setPrice('BNBUSDT', '600', '20');
});

describe('CcxtExchange stop orders on Binance spot', () => {
  it('offers resting stops that hold the coins they would sell, stop-limit or stop-market as each market lists', () => {
    expect(stops.reservesBalance).toBe(true);
    expect(stops.typeFor('BTC/USDT')).toBe('stop_limit');
    expect(stops.typeFor('BNB/USDT')).toBe('stop_market');
    expect(stops.typeFor('DOGE/USDT')).toBeNull();
  });

  it('sends STOP_LOSS_LIMIT (the market has no STOP_LOSS) with the stop price, the offset limit, GTC and our client id', async () => {
    const request = stop({ symbol: 'BTC/USDT', qtyBase: d('0.012349'), triggerPrice: d('57000.004') });
    const outcome = await stops.submit(request);
    if (outcome.kind !== 'accepted') throw new Error(JSON.stringify(outcome));
    const sent = server.requestsTo('POST /api/v3/order').at(-1)!;
    // The trigger rounds up to the tick (never looser), the limit 2 % below it rounds down (never less room).
    expect(sent.params).toMatchObject({
      newClientOrderId: request.clientOrderId, type: 'STOP_LOSS_LIMIT', side: 'SELL', quantity: '0.01234', stopPrice: '57000.01', price: '55860', timeInForce: 'GTC',
    });
    expect(outcome.order).toMatchObject({ clientOrderId: request.clientOrderId, type: 'stop_limit', status: 'open' });
    expect([outcome.order.triggerPrice?.toString(), outcome.order.limitPrice?.toString(), outcome.order.qtyBase.toString()]).toEqual(['57000.01', '55860', '0.01234']);
    expect((await exchange.fetchBalances()).get('BTC')?.used.toString()).toBe('0.01234');
    await exchange.cancelOrder('BTC/USDT', outcome.order.id);
  });

  it('sends STOP_LOSS, a stop-market order, where the market lists it', async () => {
    server.state.setBalance('BNB', '2');
    const request = stop({ symbol: 'BNB/USDT', qtyBase: d('1'), triggerPrice: d('570') });
    const outcome = await stops.submit(request);
    if (outcome.kind !== 'accepted') throw new Error(JSON.stringify(outcome));
    const sent = server.requestsTo('POST /api/v3/order').at(-1)!;
    expect(sent.params).toMatchObject({ type: 'STOP_LOSS', stopPrice: '570', quantity: '1' });
    expect(sent.params['price']).toBeUndefined();
    expect(outcome.order).toMatchObject({ type: 'stop_market', limitPrice: null });
    expect(outcome.order.triggerPrice?.toString()).toBe('570');
  });

  it('fills when the price falls through the stop; the lookup by client id reports the fill', async () => {
    server.state.setBalance('BTC', '1');
    const request = stop({ symbol: 'BTC/USDT', qtyBase: d('0.1'), triggerPrice: d('58000') });
    const placed = await stops.submit(request);
    if (placed.kind !== 'accepted') throw new Error(JSON.stringify(placed));
    server.state.setPrice('BTCUSDT', '57990', '1'); // below the stop, above its 56840 limit
    const found = await exchange.fetchOrderByClientId('BTC/USDT', request.clientOrderId);
    expect([found?.status, found?.type, found?.filledQtyBase.toString(), found?.triggerPrice?.toString()]).toEqual(['closed', 'stop_limit', '0.1', '58000']);
    expect(found?.avgPrice?.toString()).toBe('57984.2'); // the best bid of the new book: the limit sits far below
    expect((await exchange.fetchOpenOrders('BTC/USDT')).map((o) => o.clientOrderId)).not.toContain(request.clientOrderId);
    expect((await exchange.fetchBalances()).get('BTC')?.total.toString()).toBe('0.9');
  });

  it('a stop whose answer was lost is unknown, and found resting by its client id (never resent)', async () => {
    server.state.setBalance('BTC', '1');
    server.faults.inject('POST /api/v3/order', 'execute-then-hang');
    const request = stop({ symbol: 'BTC/USDT', qtyBase: d('0.1'), triggerPrice: d('58000') });
    const outcome = await stops.submit(request);
    expect(outcome).toMatchObject({ kind: 'unknown', clientOrderId: request.clientOrderId });
    const found = await exchange.fetchOrderByClientId('BTC/USDT', request.clientOrderId);
    expect([found?.status, found?.type]).toEqual(['open', 'stop_limit']);
    expect(server.state.listOrders().filter((o) => o.clientOrderId === request.clientOrderId)).toHaveLength(1);
    await exchange.cancelOrder('BTC/USDT', found!.id);
  });

  it('refuses, sending nothing, a stop below the minimum value or without the coins', async () => {
    server.state.setBalance('BTC', '0.01');
    const before = server.requestsTo('POST /api/v3/order').length;
    expect(await stops.submit(stop({ symbol: 'BTC/USDT', qtyBase: d('0.00001'), triggerPrice: d('58000') }))).toMatchObject({ kind: 'refused', reason: 'NOTIONAL_BELOW_MIN' });
    expect(server.requestsTo('POST /api/v3/order').length).toBe(before);
    expect(await stops.submit(stop({ symbol: 'BTC/USDT', qtyBase: d('0.1'), triggerPrice: d('58000') }))).toMatchObject({ kind: 'refused', reason: 'INSUFFICIENT_FUNDS' });
  });

  it('offers no resting stops on futures, where Binance keeps them apart from normal orders', () => {
    const futures = new CcxtExchange({ exchangeId: 'binance', marketType: 'futures', ccxtOptions: { fetchImplementation: makeFakeFetch(server.url) } });
    expect(futures.stopOrders).toBeNull();
  });
});
