import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CcxtAdapterError } from '../../../../src/core/adapters/exchange-ccxt/ccxt-adapter-error.js';
import type { CcxtExchange } from '../../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { Decimal } from '../../../../src/core/money.js';
import type { OrderRequest, SubmitOutcome } from '../../../../src/core/ports.js';
import {
  FAKE_API_KEY,
  FAKE_SECRET,
  startFakeExchangeServer,
  type FakeExchangeServer,
} from '../../../support/fake-exchange/fake-exchange-server.js';
import { makeCcxtOnFakeServer } from '../../../support/fake-exchange/make-ccxt-on-fake-server.js';

const ORDER = 'POST /api/v3/order';
let server: FakeExchangeServer;
let exchange: CcxtExchange;
let seq = 0;

function marketBuy(label: string): OrderRequest {
  return { clientOrderId: `f-${label}-${++seq}`, symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: new Decimal('0.001') };
}

function ordersWithId(clientOrderId: string) {
  return server.state.listOrders().filter((o) => o.clientOrderId === clientOrderId);
}

/** No outcome or error text may carry the key, the secret or a signature. */
function expectClean(text: string): void {
  expect(text).not.toContain(FAKE_API_KEY);
  expect(text).not.toContain(FAKE_SECRET);
  expect(text).not.toContain('signature=');
}

function messageOf(outcome: SubmitOutcome): string {
  return outcome.kind === 'accepted' ? '' : outcome.message;
}

async function errorOf(p: Promise<unknown>): Promise<CcxtAdapterError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof CcxtAdapterError)) throw new Error(`expected a CcxtAdapterError, got ${String(e)}`);
  return e;
}

beforeAll(async () => {
  server = await startFakeExchangeServer();
  exchange = makeCcxtOnFakeServer(server);
  await exchange.loadMarkets();
  await exchange.fetchBalances(); // a first private call, as in production
});
afterAll(() => server.close());
beforeEach(() => {
  server.faults.clear();
  server.state.setPrice('BTCUSDT', '60000', '0.5');
  server.state.setBalance('USDT', '100000');
});

describe('CcxtExchange.submitOrder under venue faults', () => {
  it('429 (with Retry-After) is refused, retryable: throttling is checked before NetworkError', async () => {
    server.faults.inject(ORDER, 'throttle');
    const req = marketBuy('429');
    const outcome = await exchange.submitOrder(req);
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'THROTTLED', retryable: true });
    expect(ordersWithId(req.clientOrderId)).toHaveLength(0);
    expectClean(messageOf(outcome));
  });

  it('503 with an empty body is unknown: the venue may have executed', async () => {
    server.faults.inject(ORDER, 'unavailable');
    const req = marketBuy('503');
    const outcome = await exchange.submitOrder(req);
    expect(outcome).toMatchObject({ kind: 'unknown', clientOrderId: req.clientOrderId });
    expectClean(messageOf(outcome));
  });

  it('a request that hangs until the client times out is unknown (RequestTimeout)', async () => {
    server.faults.inject(ORDER, 'hang');
    const req = marketBuy('hang');
    const outcome = await exchange.submitOrder(req);
    expect(outcome).toMatchObject({ kind: 'unknown', clientOrderId: req.clientOrderId });
    expect(messageOf(outcome)).toMatch(/timed out/);
    expectClean(messageOf(outcome));
  });

  it('executed-then-hung is unknown, and reconciliation by client id finds the one filled order', async () => {
    server.faults.inject(ORDER, 'execute-then-hang');
    const req = marketBuy('eth');
    const outcome = await exchange.submitOrder(req);
    expect(outcome).toMatchObject({ kind: 'unknown', clientOrderId: req.clientOrderId });

    const found = await exchange.fetchOrderByClientId('BTC/USDT', req.clientOrderId);
    expect(found).toMatchObject({ clientOrderId: req.clientOrderId, status: 'closed' });
    expect(found?.filledQtyBase.toString()).toBe('0.001');
    expect(ordersWithId(req.clientOrderId)).toHaveLength(1);
    expect(server.requestsTo(ORDER).filter((r) => r.params['newClientOrderId'] === req.clientOrderId)).toHaveLength(1);
  });

  it('ccxt never retries the write, even when retries are configured', async () => {
    const eager = makeCcxtOnFakeServer(server, { ccxtOptions: { options: { maxRetriesOnFailure: 3, order: { maxRetriesOnFailure: 3 } } } });
    await eager.loadMarkets();
    server.faults.inject(ORDER, 'unavailable', 2);
    const req = marketBuy('noretry');
    expect((await eager.submitOrder(req)).kind).toBe('unknown');
    expect(server.requestsTo(ORDER).filter((r) => r.params['newClientOrderId'] === req.clientOrderId)).toHaveLength(1);
  });

  it('insufficient funds is refused, not retryable (injected and real)', async () => {
    server.faults.inject(ORDER, 'insufficient-funds');
    const injected = await exchange.submitOrder(marketBuy('nsf'));
    expect(injected).toMatchObject({ kind: 'refused', reason: 'INSUFFICIENT_FUNDS', retryable: false });

    server.state.setBalance('USDT', '10');
    const req = marketBuy('nsf-real');
    expect(await exchange.submitOrder(req)).toMatchObject({ kind: 'refused', reason: 'INSUFFICIENT_FUNDS', retryable: false });
    expect(ordersWithId(req.clientOrderId)).toHaveLength(0);
  });

  it('a duplicate client id is unknown, not a plain invalid order: the venue already holds that id', async () => {
    server.faults.inject(ORDER, 'duplicate-client-id');
    expect(await exchange.submitOrder(marketBuy('dup'))).toMatchObject({ kind: 'unknown' });

    // Binance rejects a repeated id while the first order is open; ccxt maps that to InvalidOrder.
    const resting: OrderRequest = { ...marketBuy('dup-real'), type: 'limit', limitPrice: new Decimal('50000'), qtyBase: new Decimal('0.001') };
    expect((await exchange.submitOrder(resting)).kind).toBe('accepted');
    const again = await exchange.submitOrder(resting);
    expect(again).toMatchObject({ kind: 'unknown', clientOrderId: resting.clientOrderId });
    expect(ordersWithId(resting.clientOrderId)).toHaveLength(1);
    expect((await exchange.fetchOrderByClientId('BTC/USDT', resting.clientOrderId))?.status).toBe('open');
  });

  it('an auth failure (-2015) on a fresh session is AUTH_FAILED, not retryable', async () => {
    const fresh = makeCcxtOnFakeServer(server);
    await fresh.loadMarkets();
    server.faults.inject(ORDER, 'auth-failed');
    const outcome = await fresh.submitOrder(marketBuy('auth'));
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'AUTH_FAILED', retryable: false });
    expectClean(messageOf(outcome));
  });

  it('a wrong key or a wrong secret (bad signature) is AUTH_FAILED, and the key never shows', async () => {
    const wrongKey = makeCcxtOnFakeServer(server, { apiKey: 'wrong-key-0123456789' });
    const keyOutcome = await wrongKey.submitOrder(marketBuy('badkey'));
    expect(keyOutcome).toMatchObject({ kind: 'refused', reason: 'AUTH_FAILED' });
    expect(messageOf(keyOutcome)).not.toContain('wrong-key-0123456789');

    const wrongSecret = makeCcxtOnFakeServer(server, { secret: 'wrong-secret-0123456789' });
    expect(await wrongSecret.submitOrder(marketBuy('badsig'))).toMatchObject({ kind: 'refused', reason: 'AUTH_FAILED' });
  });

  it('after a successful private call ccxt reads -2015 as a temporary ban: refused THROTTLED', async () => {
    server.faults.inject(ORDER, 'auth-failed');
    expect(await exchange.submitOrder(marketBuy('ban'))).toMatchObject({ kind: 'refused', reason: 'THROTTLED', retryable: true });
  });

  it('a failed pre-trade read refuses retryably and sends nothing', async () => {
    const before = server.requestsTo(ORDER).length;
    server.faults.inject('GET /api/v3/ticker/24hr', 'unavailable');
    expect(await exchange.submitOrder(marketBuy('pre503'))).toMatchObject({ kind: 'refused', reason: 'EXCHANGE_BUSY', retryable: true });
    server.faults.inject('GET /api/v3/ticker/24hr', 'throttle');
    expect(await exchange.submitOrder(marketBuy('pre429'))).toMatchObject({ kind: 'refused', reason: 'THROTTLED', retryable: true });
    expect(server.requestsTo(ORDER)).toHaveLength(before);
  });
});

describe('CcxtExchange reads under venue faults', () => {
  it('a lookup that times out throws a transient error instead of answering null', async () => {
    server.faults.inject('GET /api/v3/order', 'hang');
    const e = await errorOf(exchange.fetchOrderByClientId('BTC/USDT', 'whatever'));
    expect(e.errorClass).toBe('RequestTimeout');
    expect(e.isTransient).toBe(true);
    expectClean(e.message);
  });

  it('errors on signed GETs carry no key, signature or signed URL', async () => {
    server.faults.inject('GET /api/v3/account', 'unavailable');
    const e = await errorOf(exchange.fetchBalances());
    expect(e.errorClass).toBe('ExchangeNotAvailable');
    expect(e.message).toContain('api.binance.com/api/v3/account');
    expectClean(e.message);
    expect(e.message).not.toContain('timestamp=');
  });
});
