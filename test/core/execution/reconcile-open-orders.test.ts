import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, ZERO } from '../../../src/core/money.js';
import { systemClock } from '../../../src/core/clock.js';
import type { Exchange, ExchangeOrder } from '../../../src/core/ports.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { openDatabase } from '../../../src/core/adapters/store-prisma/open-database.js';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import type { NewOrderIntent, OrderPurpose, OrderStatus } from '../../../src/core/execution/order-repository.js';
import { reconcileOpenOrders } from '../../../src/core/execution/reconcile-open-orders.js';
import { silentLogger } from '../../../src/logger.js';
import { startFakeExchangeServer, type FakeExchangeServer } from '../../support/fake-exchange/fake-exchange-server.js';
import { makeCcxtOnFakeServer } from '../../support/fake-exchange/make-ccxt-on-fake-server.js';
import { InMemoryOrderRepository } from '../../support/in-memory-order-repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

const projectRoot = resolve(import.meta.dirname, '../../..');
const at = new Date('2025-01-01T00:00:00Z');
const clock = { now: () => at };
const instant = { sleep: async () => {}, random: makeSeededRandom(3), log: silentLogger, clock };

function intent(clientOrderId: string, purpose: OrderPurpose = 'entry', type: 'market' | 'limit' = 'market'): NewOrderIntent {
  return { userId: 1, walletId: 1, positionId: null, clientOrderId, symbol: 'BTC/USDT', side: 'buy', type, purpose, reduceOnly: false, qtyBase: new Decimal(2), limitPrice: new Decimal(100), createdAt: at };
}

function venueOrder(clientOrderId: string, status: ExchangeOrder['status'], filled: string): ExchangeOrder {
  return { id: `v-${clientOrderId}`, clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', status, qtyBase: new Decimal(2), filledQtyBase: new Decimal(filled), limitPrice: new Decimal(100), avgPrice: filled === '0' ? null : new Decimal(100), feeQuote: ZERO, createdAt: at };
}

/** A venue that knows some orders, fails lookups of others, and records cancels. */
function stubVenue(known: Map<string, ExchangeOrder>, failing: Set<string>) {
  const cancels: string[] = [];
  const exchange = {
    id: 'stub',
    fetchOrderByClientId: async (_symbol: string, id: string) => {
      if (failing.has(id)) throw new Error('request timed out');
      return known.get(id) ?? null;
    },
    cancelOrder: async (_symbol: string, orderId: string) => {
      cancels.push(orderId);
      const o = [...known.values()].find((x) => x.id === orderId)!;
      return { ...o, status: 'canceled' as const };
    },
  } as unknown as Exchange;
  return { exchange, cancels };
}

describe('reconcileOpenOrders', () => {
  it('settles every unresolved order with the venue and never sends one', async () => {
    const orders = new InMemoryOrderRepository();
    const seed: [string, OrderStatus, OrderPurpose, 'market' | 'limit'][] = [
      ['filled-unknown', 'unknown', 'entry', 'market'],
      ['never-arrived', 'sent', 'entry', 'market'],
      ['only-intent', 'intent', 'exit', 'market'],
      ['orphan-limit', 'open', 'entry', 'limit'],
      ['resting-stop', 'open', 'stop', 'limit'],
      ['venue-down', 'unknown', 'entry', 'market'],
      ['done-already', 'filled', 'entry', 'market'],
    ];
    for (const [id, status, purpose, type] of seed) {
      const r = await orders.recordIntent(intent(id, purpose, type));
      await orders.updateOrder(r.id, { status, at });
    }
    const known = new Map([
      ['filled-unknown', venueOrder('filled-unknown', 'closed', '2')],
      ['orphan-limit', venueOrder('orphan-limit', 'open', '0.5')],
      ['resting-stop', venueOrder('resting-stop', 'open', '0')],
    ]);
    const { exchange, cancels } = stubVenue(known, new Set(['venue-down']));
    const summary = await reconcileOpenOrders({ ...instant, orders, exchangeFor: async () => exchange });

    expect(summary).toEqual({ checked: 6, filled: 1, partiallyFilled: 1, canceled: 0, notAtVenue: 2, stillOpen: 1, failed: 1 });
    const status = Object.fromEntries(orders.orders.map((o) => [o.clientOrderId, `${o.status}/${o.error ?? ''}`]));
    expect(status).toEqual({
      'filled-unknown': 'filled/RECONCILED_AFTER_RESTART',
      'never-arrived': 'rejected/NOT_AT_VENUE',
      'only-intent': 'rejected/NOT_AT_VENUE',
      'orphan-limit': 'partially_filled/RECONCILED_AFTER_RESTART',
      'resting-stop': 'open/',
      'venue-down': 'unknown/',
      'done-already': 'filled/',
    });
    expect(cancels).toEqual(['v-orphan-limit']); // the orphaned limit order, never the protective stop
    expect(orders.logs.map((l) => [l.clientOrderId, l.status, l.errorMessage])).toEqual([
      ['filled-unknown', 'success', 'RECONCILED_AFTER_RESTART'],
      ['never-arrived', 'failed', 'NOT_AT_VENUE'],
      ['only-intent', 'failed', 'NOT_AT_VENUE'],
      ['orphan-limit', 'partial', 'RECONCILED_AFTER_RESTART'],
    ]);
    expect((await reconcileOpenOrders({ ...instant, orders, exchangeFor: async () => exchange })).checked).toBe(2); // the resting stop and the unreachable one
  });

  it('leaves orders whose exchange cannot be built for the next run', async () => {
    const orders = new InMemoryOrderRepository();
    await orders.recordIntent(intent('no-exchange'));
    const summary = await reconcileOpenOrders({ ...instant, orders, exchangeFor: async () => { throw new Error('wallet keys missing'); } });
    expect(summary).toMatchObject({ checked: 1, failed: 1 });
    expect(orders.orders[0]!.status).toBe('intent');
  });
});

describe('a process killed between storing an intent and getting the reply', () => {
  let server: FakeExchangeServer;
  let t: TestDatabase;
  beforeAll(async () => {
    server = await startFakeExchangeServer();
    t = await createTestDatabase();
    await new PrismaAccountRepository(t.db).registerUser({ telegramId: '1', displayName: 'T', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(1), now: at });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  it('is settled after restart as the one filled order, with no second order sent', async () => {
    server.faults.inject('POST /api/v3/order', 'execute-then-hang');
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'fixtures/send-then-die.ts'), t.url, server.url], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    const deadline = Date.now() + 20_000;
    while (server.requestsTo('POST /api/v3/order').length === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the child never sent its order:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    // The order is at the venue and the child is waiting for the reply: the intent row is there, unsettled.
    const before = await t.db.order.findMany();
    expect(before).toMatchObject([{ status: 'sent', filledQtyBase: '0' }]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(output).not.toContain('ANSWERED');

    // A fresh process: new client, new repository on the same file, a fresh ccxt exchange.
    const db = openDatabase(t.url);
    try {
      const orders = new PrismaOrderRepository(db);
      const exchange = makeCcxtOnFakeServer(server);
      await exchange.loadMarkets();
      const summary = await reconcileOpenOrders({ orders, exchangeFor: async () => exchange, clock: systemClock, sleep: async () => {}, random: makeSeededRandom(5), log: silentLogger });
      expect(summary).toMatchObject({ checked: 1, filled: 1, notAtVenue: 0 });

      const clientOrderId = before[0]!.clientOrderId;
      const venue = server.state.listOrders().filter((o) => o.clientOrderId === clientOrderId);
      expect(venue).toHaveLength(1);
      expect(venue[0]!.status).toBe('FILLED');
      expect(server.requestsTo('POST /api/v3/order')).toHaveLength(1);
      expect(await db.order.findMany()).toMatchObject([{ clientOrderId, status: 'filled', filledQtyBase: '0.002', exchangeOrderId: String(venue[0]!.orderId) }]);
      expect(await db.executionLog.findMany()).toMatchObject([{ status: 'success', errorMessage: 'RECONCILED_AFTER_RESTART', filledSize: '0.002', fillPercent: '100' }]);
      expect(await orders.listUnresolved()).toHaveLength(0);
    } finally {
      await db.$disconnect();
    }
  });
});
