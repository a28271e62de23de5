import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { systemClock } from '../../../src/core/clock.js';
import type { CcxtExchange } from '../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { makeExecuteOrder } from '../../../src/core/execution/execute-order.js';
import type { ExecuteOrderRequest, ExecutionResult } from '../../../src/core/execution/executor-types.js';
import { reconcileOpenOrders } from '../../../src/core/execution/reconcile-open-orders.js';
import { silentLogger } from '../../../src/logger.js';
import { startFakeExchangeServer, type FakeExchangeServer } from '../../support/fake-exchange/fake-exchange-server.js';
import { makeCcxtOnFakeServer } from '../../support/fake-exchange/make-ccxt-on-fake-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';
import { entryRequest, makeExecutorDeps } from './executor-fixtures.js';

const ORDER = 'POST /api/v3/order';
const LOOKUP = 'GET /api/v3/order';
const BTC = 'BTC/USDT';

let server: FakeExchangeServer;
let exchange: CcxtExchange;
let t: TestDatabase;
let repo: PrismaOrderRepository;

beforeAll(async () => {
  server = await startFakeExchangeServer();
  exchange = makeCcxtOnFakeServer(server, { timeoutMs: 1200 });
  await exchange.loadMarkets();
});
afterAll(() => server.close());
beforeEach(async () => {
  server.faults.clear();
  server.state.setPrice('BTCUSDT', '60000', '0.5');
  server.state.setBalance('USDT', '100000');
  server.state.setBalance('BTC', '1');
  t = await createTestDatabase();
  repo = new PrismaOrderRepository(t.db);
  await new PrismaAccountRepository(t.db).registerUser({ telegramId: '1', displayName: 'T', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(1), now: new Date() });
});
afterEach(() => t.close());

function executor() {
  const { deps } = makeExecutorDeps({ exchange, orders: repo, clock: systemClock, config: { reconcileBaseMs: 1, backoffBaseMs: 1 } });
  return { deps, executeOrder: makeExecuteOrder(deps) };
}

const buy = (o: Partial<ExecuteOrderRequest> = {}) => entryRequest({ symbol: BTC, qty: '0.001', signalPriceQuote: new Decimal('60000'), ...o });

/** What the venue and our tables say about one execution. */
async function evidence(result: ExecutionResult) {
  const ids = result.fill.clientOrderIds;
  return {
    venueOrders: server.state.listOrders().filter((o) => ids.includes(o.clientOrderId)),
    sends: server.requestsTo(ORDER).filter((r) => ids.includes(r.params['newClientOrderId'] ?? '')),
    orderRows: await t.db.order.findMany({ orderBy: { id: 'asc' } }),
    logRows: await t.db.executionLog.findMany({ orderBy: { id: 'asc' } }),
  };
}

const reconcile = (deps: ReturnType<typeof executor>['deps']) =>
  reconcileOpenOrders({ orders: repo, exchangeFor: async () => exchange, clock: systemClock, sleep: deps.sleep, random: deps.random, log: silentLogger });

describe('executeOrder through the real ccxt binance class on the fake exchange', () => {
  it('fills a small market buy as a capped IOC order, with every log column', async () => {
    const { executeOrder } = executor();
    const result = await executeOrder(buy());
    expect(result.kind).toBe('filled');
    const e = await evidence(result);
    expect(e.venueOrders).toHaveLength(1);
    expect(e.sends[0]?.params).toMatchObject({ type: 'LIMIT', timeInForce: 'IOC', price: '60306.03' });
    expect(e.orderRows).toMatchObject([{ status: 'filled', type: 'market', filledQtyBase: '0.001', avgFillPrice: '60006', limitPrice: '60306.03' }]);
    expect(e.orderRows[0]!.exchangeOrderId).toBe(String(e.venueOrders[0]!.orderId));
    const row = e.logRows[0]!;
    expect(row).toMatchObject({ action: 'open', orderType: 'market', status: 'success', retryCount: 0, requestedPrice: '60006', signalPrice: '60000', executedPrice: '60006', slippagePercent: '0', requestedSize: '0.001', filledSize: '0.001', fillPercent: '100', errorMessage: null });
    expect(Number(row.feesPaid)).toBeGreaterThan(0);
    expect(Number(row.marketVolatility)).toBeGreaterThan(0);
    expect(Number(row.marketLiquidity)).toBeGreaterThan(100_000);
    expect(result.fill.slippageVsSignalPct?.toString()).toBe('0.01');
  });

  it('429: retried after a backoff with the same client id; exactly one order', async () => {
    const { executeOrder } = executor();
    server.faults.inject(ORDER, 'throttle');
    const result = await executeOrder(buy());
    expect(result.kind).toBe('filled');
    const e = await evidence(result);
    expect(e.sends).toHaveLength(2);
    expect(new Set(e.sends.map((s) => s.params['newClientOrderId'])).size).toBe(1);
    expect(e.venueOrders).toHaveLength(1);
    expect(e.orderRows.map((o) => o.status)).toEqual(['filled']);
    expect(e.logRows.map((l) => [l.status, l.retryCount])).toEqual([['failed', 0], ['success', 1]]);
    expect(e.logRows[0]!.errorMessage).toMatch(/^THROTTLED/);
  });

  it('503: unknown, looked up (never resent), left unknown, then settled NOT_AT_VENUE by the reconciler', async () => {
    const { executeOrder, deps } = executor();
    server.faults.inject(ORDER, 'unavailable');
    const lookupsBefore = server.requestsTo(LOOKUP).length;
    const result = await executeOrder(buy());
    expect(result).toMatchObject({ kind: 'unknown', reason: 'UNKNOWN_OUTCOME' });
    const e = await evidence(result);
    expect(e.sends).toHaveLength(1);
    expect(e.venueOrders).toHaveLength(0);
    expect(server.requestsTo(LOOKUP).length - lookupsBefore).toBe(3);
    expect(e.orderRows).toMatchObject([{ status: 'unknown', error: 'UNKNOWN_OUTCOME' }]);
    expect(e.logRows).toMatchObject([{ status: 'unknown', retryCount: 0 }]);

    expect(await reconcile(deps)).toMatchObject({ checked: 1, notAtVenue: 1 });
    expect(await t.db.order.findFirst()).toMatchObject({ status: 'rejected', error: 'NOT_AT_VENUE' });
    expect(server.requestsTo(ORDER).filter((r) => r.params['newClientOrderId'] === result.fill.clientOrderIds[0])).toHaveLength(1);
  });

  it('hang: the request times out, the order is looked up, nothing is resent', async () => {
    const { executeOrder } = executor();
    server.faults.inject(ORDER, 'hang');
    const result = await executeOrder(buy());
    expect(result).toMatchObject({ kind: 'unknown' });
    expect(result.kind === 'unknown' && result.message).toMatch(/timed out/);
    const e = await evidence(result);
    expect(e.sends).toHaveLength(1);
    expect(e.venueOrders).toHaveLength(0);
    expect(e.orderRows.map((o) => o.status)).toEqual(['unknown']);
  });

  it('execute-then-hang: the venue filled it and the reply never came; afterwards exactly one order, recorded filled', async () => {
    const { executeOrder } = executor();
    server.faults.inject(ORDER, 'execute-then-hang');
    const result = await executeOrder(buy());
    expect(result.kind).toBe('filled');
    const e = await evidence(result);
    expect(e.sends).toHaveLength(1);
    expect(e.venueOrders).toHaveLength(1);
    expect(e.venueOrders[0]!.status).toBe('FILLED');
    expect(e.orderRows).toMatchObject([{ status: 'filled', filledQtyBase: '0.001', exchangeOrderId: String(e.venueOrders[0]!.orderId) }]);
    expect(e.logRows).toHaveLength(1);
    expect(e.logRows[0]).toMatchObject({ status: 'success', retryCount: 0 });
    expect(e.logRows[0]!.errorMessage).toMatch(/^UNKNOWN_OUTCOME_RESOLVED: .*timed out/);
  });

  it('insufficient funds: refused at once, not retried, reported clearly', async () => {
    const { executeOrder } = executor();
    server.state.setBalance('USDT', '10');
    const result = await executeOrder(buy());
    expect(result).toMatchObject({ kind: 'refused', reason: 'INSUFFICIENT_FUNDS', retryable: false });
    expect(result.kind === 'refused' && result.message).toMatch(/insufficient balance/);
    const e = await evidence(result);
    expect(e.sends).toHaveLength(1);
    expect(e.venueOrders).toHaveLength(0);
    expect(e.orderRows).toMatchObject([{ status: 'rejected', error: 'INSUFFICIENT_FUNDS' }]);
    expect(e.logRows).toMatchObject([{ status: 'failed', retryCount: 0 }]);
  });

  it('duplicate client id: the venue already holds the id; the existing order is found and recorded, not resent', async () => {
    const { executeOrder } = executor();
    const clientOrderId = 'rae-1-hiddenduplicate01';
    server.state.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', clientOrderId });
    server.faults.inject(ORDER, 'duplicate-client-id');
    const result = await executeOrder(buy({ clientOrderId }));
    expect(result.kind).toBe('filled');
    const e = await evidence(result);
    expect(e.sends).toHaveLength(1);
    expect(e.venueOrders).toHaveLength(1);
    expect(e.orderRows).toMatchObject([{ clientOrderId, status: 'filled' }]);
    expect(e.logRows[0]!.errorMessage).toMatch(/^UNKNOWN_OUTCOME_RESOLVED: .*Duplicate order sent/);
  });

  it('auth failure: refused AUTH_FAILED, not retried', async () => {
    const fresh = makeCcxtOnFakeServer(server, { timeoutMs: 1200 });
    await fresh.loadMarkets();
    const { deps } = makeExecutorDeps({ exchange: fresh, orders: repo, clock: systemClock });
    server.faults.inject(ORDER, 'auth-failed');
    const result = await makeExecuteOrder(deps)(buy());
    expect(result).toMatchObject({ kind: 'refused', reason: 'AUTH_FAILED', retryable: false });
    expect((await evidence(result)).sends).toHaveLength(1);
  });

  it('a stop fills only within its cap: the IOC order ends partially filled and says why', async () => {
    const { executeOrder } = executor();
    const stop = { ...buy(), qtyBase: new Decimal(1), side: 'sell' as const, purpose: 'stop' as const, maxSlippagePct: new Decimal('0.005'), riskDecision: undefined };
    const result = await executeOrder(stop);
    expect(result).toMatchObject({ kind: 'partially_filled', reason: 'PRICE_CAP_REACHED' });
    expect(result.fill.filledQtyBase.toString()).toBe('0.5');
    const e = await evidence(result);
    expect(e.venueOrders).toHaveLength(1);
    expect(e.venueOrders[0]!.status).toBe('EXPIRED');
    expect(e.orderRows).toMatchObject([{ status: 'partially_filled', error: 'PRICE_CAP_REACHED', reduceOnly: true }]);
    expect(e.logRows).toMatchObject([{ status: 'partial', action: 'stop', fillPercent: '50' }]);
  });
});
