import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { systemClock } from '../../../src/core/clock.js';
import { Decimal } from '../../../src/core/money.js';
import type { PositionRecord } from '../../../src/core/positions/position-record.js';
import { makeProtectiveStops, type ProtectiveStops } from '../../../src/core/positions/sync-protective-stop.js';
import { silentLogger } from '../../../src/logger.js';
import { startFakeExchangeServer, type FakeExchangeServer } from '../../support/fake-exchange/fake-exchange-server.js';
import { makeCcxtOnFakeServer } from '../../support/fake-exchange/make-ccxt-on-fake-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

/**
 * The protective stop of a position on Binance spot: the real ccxt binance class against the fake
 * Binance server (STOP_LOSS_LIMIT orders that lock the coins and fire when the price falls
 * through), Prisma on SQLite.
 */

const ORDER = 'POST /api/v3/order';
let server: FakeExchangeServer;
let exchange: CcxtExchange;
let t: TestDatabase;
let positions: PrismaPositionRepository;
let orders: PrismaOrderRepository;
let stops: ProtectiveStops;
let position: PositionRecord;

beforeAll(async () => {
  server = await startFakeExchangeServer();
  exchange = makeCcxtOnFakeServer(server, { timeoutMs: 800 });
  await exchange.loadMarkets();
});
afterAll(() => server.close());
beforeEach(async () => {
  server.reset();
  server.state.setPrice('BTCUSDT', '60000', '0.5');
  server.state.setBalance('BTC', '0.05');
  t = await createTestDatabase();
  const accounts = new PrismaAccountRepository(t.db);
  positions = new PrismaPositionRepository(t.db);
  orders = new PrismaOrderRepository(t.db);
  const { user } = await accounts.registerUser({ telegramId: '8001', displayName: 'Ana', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now: new Date() });
  const [wallet] = await accounts.listWallets(user.id);
  position = await positions.create({
    userId: user.id, walletId: wallet!.id, symbol: 'BTC/USDT', side: 'long', entryPrice: new Decimal(60000), stopPrice: new Decimal(58000), targets: [],
    qtyBase: new Decimal('0.05'), feesUsd: new Decimal(3), initialRiskUsd: new Decimal(100), openedAt: new Date(),
  });
  stops = makeProtectiveStops({ store: positions, orders, clock: systemClock, random: makeSeededRandom(9), log: silentLogger });
});
afterEach(() => t.close());

const target = (record: PositionRecord) => ({ record, exchange, market: exchange.market('BTC/USDT') });
const live = () => server.state.openOrders();

describe('protective stop on Binance spot', () => {
  it('rests as STOP_LOSS_LIMIT, is left alone while in line, and is cancelled before its replacement is sent', async () => {
    const placed = await stops.sync(target(position));
    expect(placed.kind).toBe('placed');
    expect(live().map((o) => [o.clientOrderId, o.type, o.stopPrice, o.price, o.origQty])).toEqual([
      [placed.record.stopOrderClientId, 'STOP_LOSS_LIMIT', '58000.00000000', '56840.00000000', '0.05000000'],
    ]);
    expect(server.state.balance('BTC')).toMatchObject({ free: new Decimal(0), locked: new Decimal('0.05') });
    const requests = server.requests.length;
    expect((await stops.sync(target(placed.record))).kind).toBe('in_place');
    expect(server.requests.length).toBe(requests);

    const moved = await positions.update(position.id, { stopPrice: new Decimal('59000.5') });
    const replaced = await stops.sync(target(moved));
    expect(replaced.kind).toBe('replaced');
    const sequence = server.requests.slice(requests).map((r) => r.endpoint).filter((e) => e !== 'GET /api/v3/order');
    expect(sequence).toEqual(['DELETE /api/v3/order', ORDER]); // cancel first: the old stop holds the coins
    expect(live().map((o) => [o.clientOrderId, o.stopPrice])).toEqual([[replaced.record.stopOrderClientId, '59000.50000000']]);
  });

  it('fires when the price falls through it; the lookup books the fill and closes the position with reason STOP_HIT', async () => {
    const placed = await stops.sync(target(position));
    server.state.setPrice('BTCUSDT', '57990', '1');
    expect(live()).toEqual([]);
    const refreshed = await stops.refresh(target(placed.record));
    if (refreshed.kind !== 'triggered') throw new Error(`expected triggered, got ${refreshed.kind}`);
    expect(refreshed.closed).toMatchObject({ reason: 'STOP_HIT' });
    expect(refreshed.avgPriceQuote?.toString()).toBe('57984.2');
    expect(refreshed.record).toMatchObject({ status: 'closed', closeReason: 'STOP_HIT', stopOrderClientId: null });
    expect(refreshed.record.realisedPnlUsd.toString()).toBe('-100.79'); // (57984.2 − 60000) × 0.05
    const [row] = await t.db.order.findMany({ where: { positionId: position.id } });
    expect(row).toMatchObject({ purpose: 'stop', type: 'stop_limit', status: 'filled', filledQtyBase: '0.05', avgFillPrice: '57984.2' });
  });

  it('a stop that fired cannot be cancelled (-2011): the cancel before an exit finds it filled and books it instead of selling', async () => {
    const placed = await stops.sync(target(position));
    server.state.setPrice('BTCUSDT', '57990', '1');
    const cancelled = await stops.cancelForExit(target(placed.record));
    if (cancelled.kind !== 'triggered') throw new Error(`expected triggered, got ${cancelled.kind}`);
    expect(cancelled.closed).toMatchObject({ reason: 'STOP_HIT' });
    expect(cancelled.filledQtyBase.toString()).toBe('0.05');
    expect(server.requestsTo('DELETE /api/v3/order')).toHaveLength(1);
    expect(server.state.listOrders().filter((o) => o.side === 'SELL')).toHaveLength(1);
  });

  it('a lost answer is looked up by client id, not sent again', async () => {
    server.faults.inject(ORDER, 'execute-then-hang');
    const first = await stops.sync(target(position));
    expect(first.kind).toBe('pending');
    const id = first.record.stopOrderClientId!;
    const second = await stops.sync(target(first.record));
    expect(second.kind).toBe('in_place');
    expect(second.record.exchangeStopOrderId).toBe(String(live()[0]!.orderId));
    expect(server.requestsTo(ORDER).filter((r) => r.params['newClientOrderId'] === id)).toHaveLength(1);
    expect(live()).toHaveLength(1);
  });

  it('a close cancels the stop first so the coins can be sold', async () => {
    const placed = await stops.sync(target(position));
    const cancelled = await stops.cancelForExit(target(placed.record));
    expect(cancelled.kind).toBe('clear');
    expect(live()).toEqual([]);
    expect(server.state.balance('BTC')).toMatchObject({ free: new Decimal('0.05'), locked: new Decimal(0) });
    const [row] = await t.db.order.findMany({ where: { positionId: position.id } });
    expect(row).toMatchObject({ purpose: 'stop', status: 'canceled' });
  });
});
