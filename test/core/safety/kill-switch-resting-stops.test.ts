import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import { Decimal } from '../../../src/core/money.js';
import { makeProtectiveStops } from '../../../src/core/positions/sync-protective-stop.js';
import { silentLogger } from '../../../src/logger.js';
import { startFakeExchangeServer } from '../../support/fake-exchange/fake-exchange-server.js';
import { makeCcxtOnFakeServer } from '../../support/fake-exchange/make-ccxt-on-fake-server.js';
import { ManualClock } from '../../support/manual-clock.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';
import { makeKillHarness, makePaperKillVenue, type KillHarness } from './kill-switch-fixtures.js';

/**
 * The kill switch with protective stops resting on the exchange (paper exchange replaying October
 * 2025, Prisma on SQLite): "cancel every open order" lists and cancels the stops too, so their
 * coins are free for the closing sells and nothing is left resting after the kill.
 */
describe('kill switch with resting protective stops', () => {
  let t: TestDatabase;
  let clock: ManualClock;
  let exchange: PaperExchange;
  let h: KillHarness;

  beforeEach(async () => {
    t = await createTestDatabase();
    ({ clock, exchange } = await makePaperKillVenue());
    h = await makeKillHarness({ t, exchange, clock });
  });
  afterEach(() => t.close());

  it('cancels the resting stops with every other open order, closes the positions and verifies flat', async () => {
    const stops = makeProtectiveStops({ store: h.positions, orders: h.orders, clock, random: makeSeededRandom(3), log: silentLogger });
    const protectedIds: string[] = [];
    for (const [symbol, qty] of [['BTC/USDT', '0.05'], ['ETH/USDT', '1.5']] as const) {
      const bought = await exchange.submitOrder({ clientOrderId: `buy-${symbol}`, symbol, side: 'buy', type: 'market', qtyBase: new Decimal(qty) });
      if (bought.kind !== 'accepted') throw new Error(`setup buy refused: ${JSON.stringify(bought)}`);
      const entry = bought.order.avgPrice!;
      const position = await h.addPosition(symbol, qty, entry, entry.mul('0.97').toDecimalPlaces(2, Decimal.ROUND_DOWN));
      const placed = await stops.sync({ record: position, exchange, market: exchange.market(symbol) });
      expect(placed.kind).toBe('placed');
      protectedIds.push(placed.record.stopOrderClientId!);
    }
    expect((await exchange.fetchOpenOrders()).map((o) => o.type)).toEqual(['stop_market', 'stop_market']);
    expect((await exchange.fetchBalances()).get('BTC')?.free.isZero()).toBe(true); // held by its stop

    const report = await h.killSwitch.fire(h.user, 'telegram:7001');
    expect(report.cancelled.map((c) => [c.clientOrderId, c.isOurs])).toEqual(expect.arrayContaining(protectedIds.map((id) => [id, true])));
    expect(report.cancelled).toHaveLength(2);
    expect(report.closed.map((c) => c.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(report.unclosed).toEqual([]);
    expect(report.verification).toMatchObject({ isFlat: true, openOrdersLeft: 0 });
    expect(await exchange.fetchOpenOrders()).toEqual([]);
    const balances = await exchange.fetchBalances();
    for (const asset of ['BTC', 'ETH']) expect(balances.get(asset)?.total.isZero()).toBe(true);

    const stopRows = await t.db.order.findMany({ where: { purpose: 'stop' } });
    expect(stopRows.map((r) => [r.type, r.status, r.error])).toEqual([['stop_market', 'canceled', 'KILL_SWITCH_CANCEL'], ['stop_market', 'canceled', 'KILL_SWITCH_CANCEL']]);
    for (const p of await t.db.position.findMany()) {
      expect(p).toMatchObject({ status: 'closed', closeReason: 'KILL_SWITCH', stopOrderClientId: null, exchangeStopOrderId: null, stopOrderTriggerPrice: null });
    }
    // One closing sell per position: the stops never fired.
    expect(exchange.snapshotState().orders.filter((o) => o.side === 'sell').map((o) => [o.type, o.status])).toEqual([
      ['stop_market', 'canceled'], ['stop_market', 'canceled'], ['market', 'closed'], ['market', 'closed'],
    ]);
  });
});

describe('kill switch with resting protective stops on Binance spot (real ccxt on the fake server)', () => {
  it('cancels the STOP_LOSS_LIMIT orders holding the coins, then sells them', async () => {
    const server = await startFakeExchangeServer();
    const t = await createTestDatabase();
    try {
      server.state.setPrice('BTCUSDT', '60000', '0.5');
      server.state.setBalance('BTC', '0.05');
      const exchange = makeCcxtOnFakeServer(server, { timeoutMs: 800 });
      await exchange.loadMarkets();
      const h = await makeKillHarness({ t, exchange, clock: systemClock, kill: { roundPauseMs: 20 } });
      const stops = makeProtectiveStops({ store: h.positions, orders: h.orders, clock: systemClock, random: makeSeededRandom(4), log: silentLogger });
      const position = await h.addPosition('BTC/USDT', '0.05', '59000', '58000');
      const placed = await stops.sync({ record: position, exchange, market: exchange.market('BTC/USDT') });
      expect(placed.kind).toBe('placed');
      expect(server.state.openOrders().map((o) => [o.type, o.stopPrice])).toEqual([['STOP_LOSS_LIMIT', '58000.00000000']]);

      const report = await h.killSwitch.fire(h.user, 'telegram:7001');
      expect(report.cancelled.map((c) => [c.clientOrderId, c.isOurs])).toEqual([[placed.record.stopOrderClientId, true]]);
      expect(report.closed.map((c) => c.symbol)).toEqual(['BTC/USDT']);
      expect(report.verification.isFlat).toBe(true);
      expect(server.state.openOrders()).toEqual([]);
      expect(server.state.balance('BTC').free.plus(server.state.balance('BTC').locked).isZero()).toBe(true);
      const stop = server.state.listOrders().find((o) => o.type === 'STOP_LOSS_LIMIT')!;
      expect([stop.status, stop.executedQty]).toEqual(['CANCELED', '0.00000000']);
    } finally {
      await t.close();
      await server.close();
    }
  });
});
