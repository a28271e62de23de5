import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CcxtExchange } from '../../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { UnknownExchangeError } from '../../../../src/core/adapters/exchange-ccxt/create-ccxt-client.js';
import { Decimal } from '../../../../src/core/money.js';
import type { Clock } from '../../../../src/core/ports.js';
import { startFakeExchangeServer, type FakeExchangeServer } from '../../../support/fake-exchange/fake-exchange-server.js';
import { ForbiddenHostError, makeFakeFetch } from '../../../support/fake-exchange/fake-fetch.js';
import { makeCcxtOnFakeServer } from '../../../support/fake-exchange/make-ccxt-on-fake-server.js';

const d = (v: string) => new Decimal(v);
const NOW = Date.UTC(2025, 0, 15, 12, 30, 0);
const clock: Clock = { now: () => new Date(NOW) };

let server: FakeExchangeServer;
let exchange: CcxtExchange;
let seq = 0;
const cid = (label: string) => `t-${label}-${++seq}`;

beforeAll(async () => {
  server = await startFakeExchangeServer({ now: () => NOW });
  exchange = makeCcxtOnFakeServer(server, { clock });
  await exchange.loadMarkets();
});
afterAll(() => server.close());
beforeEach(() => server.faults.clear());

describe('CcxtExchange market data (real ccxt binance on the fake server)', () => {
  it('maps exchangeInfo filters into exact MarketRules (TICK_SIZE precision)', () => {
    const btc = exchange.market('BTC/USDT');
    expect(btc.base).toBe('BTC');
    expect(btc.quote).toBe('USDT');
    expect(btc.marketType).toBe('spot');
    expect(btc.amountStep.toString()).toBe('0.00001');
    expect(btc.priceTick.toString()).toBe('0.01');
    expect(btc.minQty.toString()).toBe('0.00001');
    expect(btc.minNotional.toString()).toBe('5');
    expect(btc.takerFeeRate.toString()).toBe('0.001');
    expect(btc.makerFeeRate.toString()).toBe('0.001');
    expect(exchange.market('SOL/USDT').amountStep.toString()).toBe('0.001');
  });

  it('throws for an unknown market', () => {
    expect(() => exchange.market('DOGE/USDT')).toThrow(/unknown spot market DOGE\/USDT/);
  });

  it('quotes bid, ask and last from the venue as Decimals', async () => {
    server.state.setBook('ETHUSDT', {
      bids: [{ price: '2999.99', qty: '1' }],
      asks: [{ price: '3000.01', qty: '1' }],
    });
    const t = await exchange.fetchTicker('ETH/USDT');
    expect(t.bid.toString()).toBe('2999.99');
    expect(t.ask.toString()).toBe('3000.01');
    expect(t.last.toString()).toBe('3000');
  });

  it('estimates a fill by walking several book levels (avg, worst, slippage, 1 % liquidity)', async () => {
    server.state.setBook('SOLUSDT', {
      bids: [{ price: '99.9', qty: '5' }],
      asks: [
        { price: '100', qty: '1' },
        { price: '100.5', qty: '2' },
        { price: '101', qty: '3' },
        { price: '102', qty: '10' },
      ],
    });
    const e = await exchange.estimateFill('SOL/USDT', 'buy', d('4'));
    // 1 @ 100 + 2 @ 100.5 + 1 @ 101 = 402 for 4
    expect(e.avgPrice.toString()).toBe('100.5');
    expect(e.worstPrice.toString()).toBe('101');
    expect(e.slippagePct.toString()).toBe('0.5');
    // Within 1 % of 100 (<= 101): 100 + 201 + 303
    expect(e.liquidityQuote.toString()).toBe('604');
  });

  it('returns closed candles only, oldest first, dropping the one still forming', async () => {
    const candles = await exchange.fetchCandles('BTC/USDT', '1h', 3);
    expect(candles).toHaveLength(3);
    expect(candles.map((c) => c.openAt.toISOString())).toEqual([
      '2025-01-15T09:00:00.000Z',
      '2025-01-15T10:00:00.000Z',
      '2025-01-15T11:00:00.000Z',
    ]);
    expect(candles[0]?.high.gte(candles[0].low)).toBe(true);
  });

  it('reads balances (free, used, total) and leaves out zero assets', async () => {
    server.state.setBalance('SOL', '0');
    server.state.setBalance('ETH', '2.5', '0.5');
    const balances = await exchange.fetchBalances();
    expect(balances.get('ETH')).toMatchObject({ asset: 'ETH' });
    expect(balances.get('ETH')?.free.toString()).toBe('2.5');
    expect(balances.get('ETH')?.used.toString()).toBe('0.5');
    expect(balances.get('ETH')?.total.toString()).toBe('3');
    expect(balances.has('SOL')).toBe(false);
  });
});

describe('CcxtExchange orders', () => {
  it('sends a market order with our client id and a step-formatted quantity, and maps the fill', async () => {
    server.state.setPrice('BTCUSDT', '60000', '0.5');
    const clientOrderId = cid('mkt');
    const outcome = await exchange.submitOrder({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: d('0.012349') });
    if (outcome.kind !== 'accepted') throw new Error(JSON.stringify(outcome));
    const sent = server.requestsTo('POST /api/v3/order').at(-1);
    expect(sent?.params['newClientOrderId']).toBe(clientOrderId);
    expect(sent?.params['quantity']).toBe('0.01234'); // floored to the 0.00001 step, never rounded up
    expect(sent?.params['type']).toBe('MARKET');
    expect(sent?.params['maxRetriesOnFailure']).toBeUndefined();
    expect(outcome.order).toMatchObject({ clientOrderId, status: 'closed', type: 'market', limitPrice: null });
    expect(outcome.order.filledQtyBase.toString()).toBe('0.01234');
    expect(outcome.order.avgPrice?.toString()).toBe('60006');
    // Binance charges a buy's commission in the base asset: 0.1 % of 0.01234 BTC at 60006.
    expect(outcome.order.feeQuote.toString()).toBe(d('0.01234').mul('0.001').mul('60006').toString());
  });

  it('sends a limit order that rests, rounding a buy price down to the tick', async () => {
    const clientOrderId = cid('lmt');
    const outcome = await exchange.submitOrder({
      clientOrderId,
      symbol: 'ETH/USDT',
      side: 'buy',
      type: 'limit',
      qtyBase: d('0.01'),
      limitPrice: d('2500.019'),
    });
    if (outcome.kind !== 'accepted') throw new Error(JSON.stringify(outcome));
    const sent = server.requestsTo('POST /api/v3/order').at(-1);
    expect(sent?.params).toMatchObject({ newClientOrderId: clientOrderId, type: 'LIMIT', price: '2500.01', timeInForce: 'GTC' });
    expect(outcome.order.status).toBe('open');
    expect(outcome.order.limitPrice?.toString()).toBe('2500.01');
    expect((await exchange.fetchOpenOrders('ETH/USDT')).map((o) => o.clientOrderId)).toContain(clientOrderId);
    const cancelled = await exchange.cancelOrder('ETH/USDT', outcome.order.id);
    expect(cancelled).toMatchObject({ clientOrderId, status: 'canceled' });
    expect(await exchange.fetchOpenOrders('ETH/USDT')).toHaveLength(0);
  });

  it('sends a capped market order as a limit IOC at the cap: fills within the cap, the rest expires', async () => {
    server.state.setBook('SOLUSDT', {
      bids: [{ price: '99', qty: '10' }],
      asks: [
        { price: '100', qty: '1' },
        { price: '101', qty: '1' },
        { price: '105', qty: '10' },
      ],
    });
    const clientOrderId = cid('cap');
    const outcome = await exchange.submitOrder({
      clientOrderId,
      symbol: 'SOL/USDT',
      side: 'buy',
      type: 'market',
      qtyBase: d('3'),
      limitPrice: d('101.5'),
    });
    if (outcome.kind !== 'accepted') throw new Error(JSON.stringify(outcome));
    expect(server.requestsTo('POST /api/v3/order').at(-1)?.params).toMatchObject({ type: 'LIMIT', timeInForce: 'IOC', price: '101.5' });
    expect(outcome.order.status).toBe('expired');
    expect(outcome.order.filledQtyBase.toString()).toBe('2');
    expect(outcome.order.avgPrice?.toString()).toBe('100.5');
  });

  it('finds an order by client id, and answers null for an id the venue never got', async () => {
    const clientOrderId = cid('find');
    const outcome = await exchange.submitOrder({ clientOrderId, symbol: 'BTC/USDT', side: 'sell', type: 'market', qtyBase: d('0.001') });
    expect(outcome.kind).toBe('accepted');
    const found = await exchange.fetchOrderByClientId('BTC/USDT', clientOrderId);
    expect(found).toMatchObject({ clientOrderId, side: 'sell', status: 'closed' });
    expect(found?.filledQtyBase.toString()).toBe('0.001');
    expect(server.requestsTo('GET /api/v3/order').at(-1)?.params['origClientOrderId']).toBe(clientOrderId);
    expect(await exchange.fetchOrderByClientId('BTC/USDT', 'never-sent')).toBeNull();
  });

  it('refuses below the minimum notional itself (ccxt does not check it), sending nothing', async () => {
    const before = server.requestsTo('POST /api/v3/order').length;
    const outcome = await exchange.submitOrder({ clientOrderId: cid('tiny'), symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: d('0.00005') });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'NOTIONAL_BELOW_MIN', retryable: false });
    expect(server.requestsTo('POST /api/v3/order')).toHaveLength(before);
  });

  it('refuses a quantity that floors below the step instead of letting ccxt truncate it', async () => {
    const outcome = await exchange.submitOrder({ clientOrderId: cid('dust'), symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: d('0.000009') });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'QTY_BELOW_MIN', retryable: false });
  });

  it('refuses an unknown symbol and a limit order without a price', async () => {
    expect(await exchange.submitOrder({ clientOrderId: cid('x'), symbol: 'DOGE/USDT', side: 'buy', type: 'market', qtyBase: d('1') }))
      .toMatchObject({ kind: 'refused', reason: 'UNKNOWN_SYMBOL', retryable: false });
    expect(await exchange.submitOrder({ clientOrderId: cid('x'), symbol: 'BTC/USDT', side: 'buy', type: 'limit', qtyBase: d('1') }))
      .toMatchObject({ kind: 'refused', reason: 'INVALID_ORDER', retryable: false });
  });
});

describe('CcxtExchange construction and isolation', () => {
  it('rejects an exchange id ccxt does not know', () => {
    expect(() => new CcxtExchange({ exchangeId: 'nosuchvenue', marketType: 'spot' })).toThrow(UnknownExchangeError);
  });

  it('selects perpetual swaps for futures through ccxt defaultType', () => {
    const futures = new CcxtExchange({ exchangeId: 'binance', marketType: 'futures', ccxtOptions: { fetchImplementation: makeFakeFetch(server.url) } });
    const client = (futures as unknown as { client: { options: Record<string, unknown> } }).client;
    expect(client.options['defaultType']).toBe('swap');
    expect(client.options['maxRetriesOnFailure']).toBe(0);
  });

  it('the fake fetch refuses every host but Binance, so no test reaches the internet', async () => {
    const fakeFetch = makeFakeFetch(server.url);
    await expect(fakeFetch('https://api.kraken.com/0/public/Time')).rejects.toThrow(ForbiddenHostError);
    await expect(fakeFetch('https://example.com/')).rejects.toThrow(ForbiddenHostError);
    expect(() => makeFakeFetch('https://api.binance.com')).toThrow(ForbiddenHostError);
  });
});
