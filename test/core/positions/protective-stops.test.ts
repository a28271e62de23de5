import { afterEach, describe, expect, it } from 'vitest';
import type { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import { Decimal, ONE } from '../../../src/core/money.js';
import type { Exchange } from '../../../src/core/ports.js';
import { AtrCache } from '../../../src/core/positions/atr-cache.js';
import { makeClosePosition } from '../../../src/core/positions/make-close-position.js';
import { makeMoveStopToBreakEven } from '../../../src/core/positions/make-move-stop-to-break-even.js';
import { makeMonitorPositions, type MonitorRunResult, type MonitorRunSummary } from '../../../src/core/positions/monitor-positions.js';
import { PositionLocks } from '../../../src/core/positions/position-locks.js';
import type { PositionRecord } from '../../../src/core/positions/position-record.js';
import { makeProtectiveStops } from '../../../src/core/positions/sync-protective-stop.js';
import { silentLogger } from '../../../src/logger.js';
import { createMonitorWorld, type MonitorWorld } from './monitor-fixtures.js';

/**
 * Protective stops resting on the exchange, on real parts: Prisma on SQLite, the paper exchange
 * (whose stop orders fire on the replayed price path by themselves, whether anyone is watching or
 * not), the real executor and the real position monitor, one tick per call.
 */

let w: MonitorWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

let seed = 1;
/** The monitor with resting stops, as makePositionManagement wires it; a new one is a restart of the process. */
function startProcess(world: MonitorWorld, locks = new PositionLocks()) {
  const stops = makeProtectiveStops({ store: world.store, orders: world.orders, clock: world.clock, random: makeSeededRandom(seed++), log: silentLogger });
  const monitor = makeMonitorPositions({
    store: world.store, accounts: world.accounts, orders: world.orders, exchangeForWallet: world.exchangeForWallet, executorFor: world.executorFor,
    atr: new AtrCache({ timeframe: '1m', period: 14, baselinePeriod: 100, ttlMs: 60_000, log: silentLogger }),
    locks, notifier: world.notifier, clock: world.clock, log: silentLogger, protectiveStops: { stops, orders: world.orders },
  });
  const common = { accounts: world.accounts, exchangeForWallet: world.exchangeForWallet, locks, clock: world.clock, log: silentLogger, positions: world.store, protectiveStops: stops };
  return {
    stops, locks,
    tick: async (): Promise<MonitorRunSummary> => ran(await monitor()),
    close: makeClosePosition({ ...common, executorFor: world.executorFor }),
    breakEven: makeMoveStopToBreakEven(common),
  };
}

function ran(r: MonitorRunResult): MonitorRunSummary {
  if (r.kind !== 'ran') throw new Error('monitor run was skipped');
  return r;
}

async function setUp(paths: Record<string, readonly number[]>, position: { symbol: string; entry: number; stop: number; qty: string }) {
  w = await createMonitorWorld(paths);
  const user = await w.addUser('201');
  const opened = await w.openPosition({ ...user, ...position });
  const wallet = (await w.accounts.listWallets(user.userId))[0]!;
  const exchange = (await w.exchangeForWallet(wallet)) as Exchange as PaperExchange;
  const world = w;
  return {
    world, user, exchange, id: opened.id,
    record: async (): Promise<PositionRecord> => (await world.store.findForUser(user.userId, opened.id))!,
    /** The stop orders resting at the venue now. */
    liveStops: async () => (await exchange.fetchOpenOrders()).filter((o) => o.type === 'stop_market'),
    rows: () => world.t.db.order.findMany({ where: { positionId: opened.id }, orderBy: { id: 'asc' } }),
    sent: (clientOrderId: string) => exchange.snapshotState().orders.filter((o) => o.clientOrderId === clientOrderId),
  };
}

const flat = (price: number, minutes = 10) => Array.from({ length: minutes }, () => price);

describe('resting protective stops: placing and moving', () => {
  it('places the stop on the exchange on the first tick, records it on the position, and sends nothing more while it is in line', async () => {
    const s = await setUp({ 'BTC/USDT': flat(100) }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    const record = await s.record();
    const [live] = await s.liveStops();
    expect(record.stopOrderClientId).toMatch(/^ras-/);
    expect([record.exchangeStopOrderId, record.stopOrderTriggerPrice?.toString(), record.stopOrderQtyBase?.toString()]).toEqual([live!.id, '95', '1']);
    expect([live!.clientOrderId, live!.side, live!.triggerPrice?.toString(), live!.qtyBase.toString()]).toEqual([record.stopOrderClientId, 'sell', '95', '1']);
    // It holds the coins, as a resting sell does on spot.
    expect((await s.exchange.fetchBalances()).get('BTC')).toMatchObject({ used: new Decimal(1), free: new Decimal(0) });
    expect(await s.rows()).toMatchObject([{ purpose: 'stop', type: 'stop_market', side: 'sell', status: 'open', qtyBase: '1', stopPrice: '95', reduceOnly: true, exchangeOrderId: live!.id }]);

    s.world.atMinute(1);
    await p.tick();
    s.world.atMinute(2);
    await p.tick();
    expect(await s.rows()).toHaveLength(1);
    expect(await s.liveStops()).toHaveLength(1);
  });

  it('replaces the stop when the trailing stop moves: the old one is cancelled first, exactly one stays live', async () => {
    const s = await setUp({ 'BTC/USDT': [100, 103, 104, 104, 104, 104] }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    const first = (await s.record()).stopOrderClientId!;

    s.world.atMinute(1); // trailing activates: 103 × 98.5 % = 101.45
    await p.tick();
    let record = await s.record();
    expect(record.stopPrice.toString()).toBe('101.45');
    expect(record.stopOrderTriggerPrice?.toString()).toBe('101.45');
    expect(record.stopOrderClientId).not.toBe(first);
    let live = await s.liveStops();
    expect(live.map((o) => [o.clientOrderId, o.triggerPrice?.toString()])).toEqual([[record.stopOrderClientId, '101.45']]);

    s.world.atMinute(2); // 104 × 98.5 % = 102.44
    await p.tick();
    record = await s.record();
    live = await s.liveStops();
    expect(live.map((o) => [o.clientOrderId, o.triggerPrice?.toString()])).toEqual([[record.stopOrderClientId, '102.44']]);
    expect((await s.rows()).map((r) => [r.status, r.stopPrice])).toEqual([['canceled', '95'], ['canceled', '101.45'], ['open', '102.44']]);
    expect(s.world.notifier.sent.filter((n) => n.event.kind === 'STOP_MOVED').length).toBeGreaterThanOrEqual(1);
    expect(s.world.notifier.sent.filter((n) => n.event.kind === 'STOP_ORDER_FAILED')).toEqual([]);
  });

  it('a refused replacement puts the previous stop back at once and alerts; the next tick moves it', async () => {
    const s = await setUp({ 'BTC/USDT': [100, 103, 103, 103, 103] }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    s.exchange.injectFault({ kind: 'refuse', reason: 'REJECTED' }); // the new stop only; the restore goes through
    s.world.atMinute(1);
    await p.tick();
    let record = await s.record();
    expect(record.stopPrice.toString()).toBe('101.45');
    expect(record.stopOrderTriggerPrice?.toString()).toBe('95');
    expect((await s.liveStops()).map((o) => o.triggerPrice?.toString())).toEqual(['95']);
    const alert = s.world.notifier.sent.find((n) => n.event.kind === 'STOP_ORDER_FAILED')!;
    expect(alert.event.data).toMatchObject({ action: 'replace', failure: 'REJECTED', protectedAtVenue: true, restingTriggerQuote: '95', stopPriceQuote: '101.45' });

    s.world.atMinute(2);
    await p.tick();
    record = await s.record();
    expect((await s.liveStops()).map((o) => [o.clientOrderId, o.triggerPrice?.toString()])).toEqual([[record.stopOrderClientId, '101.45']]);
  });

  it('resizes the stop after a scale-out, and moves it with the stop', async () => {
    const s = await setUp({ 'ETH/USDT': [50, 52.5, 52.5, 52.5] }, { symbol: 'ETH/USDT', entry: 50, stop: 48, qty: '3' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    s.world.atMinute(1); // 1R = 52: a third is sold, the stop trails to 52.5 × 98.5 % = 51.71
    const summary = await p.tick();
    expect(summary.scaleOuts).toBe(1);
    const record = await s.record();
    expect(record.qtyBase.toString()).toBe('2');
    expect((await s.liveStops()).map((o) => [o.qtyBase.toString(), o.triggerPrice?.toString()])).toEqual([['2', '51.71']]);
    // The first stop was cancelled before the sale (it held all 3 ETH), then the new one placed for the rest.
    expect((await s.rows()).map((r) => [r.purpose, r.status, r.qtyBase])).toEqual([['stop', 'canceled', '3'], ['scale_out', 'filled', '1'], ['stop', 'open', '2']]);
    expect((await s.exchange.fetchBalances()).get('ETH')).toMatchObject({ total: new Decimal(2), used: new Decimal(2) });
  });
});

describe('resting protective stops: stopped out at the exchange', () => {
  it('a crash while the process is down is stopped out by the resting order; the next tick after the restart closes the position from its fill', async () => {
    // 100, then a gap down to 93 at minute 2 that recovers to 101 by minute 4: nobody watches in between.
    const s = await setUp({ 'BTC/USDT': [100, 100, 93, 97, 101, 101, 101] }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const before = startProcess(s.world);
    s.world.atMinute(0);
    await before.tick();
    const stopId = (await s.record()).stopOrderClientId!;

    // The process is down from minute 0 to minute 4; then it starts again (new monitor, new state in memory).
    s.world.atMinute(4);
    const after = startProcess(s.world);
    const summary = await after.tick();
    expect(summary.closed).toBe(1);
    const record = await s.record();
    const fill = s.sent(stopId)[0]!;
    expect([fill.status, fill.filledQtyBase]).toEqual(['closed', '1']);
    // The stop fired at the gap's first price, 93; the mark is back at 101, where a tick-only stop would never have sold.
    expect(record).toMatchObject({ status: 'closed', closeReason: 'STOP_HIT', stopOrderClientId: null, exchangeStopOrderId: null });
    expect(record.qtyBase.isZero()).toBe(true);
    expect(record.realisedPnlUsd.toString()).toBe('-7'); // (93 − 100) × 1
    expect(record.feesUsd.toString()).toBe('0.193'); // entry 0.1 + exit 0.093
    expect(record.rMultiple?.toString()).toBe('-1.4386'); // −7.193 / 5
    const closed = s.world.notifier.sent.filter((n) => n.event.kind === 'POSITION_CLOSED');
    expect(closed.map((n) => n.event.data)).toMatchObject([{ positionId: s.id, reason: 'STOP_HIT', priceQuote: '93', netPnlUsd: '-7.193', rMultiple: '-1.4386' }]);
    // No order of our own sold anything: the resting stop did, and its row and log say so.
    expect((await s.rows()).map((r) => [r.purpose, r.type, r.status, r.filledQtyBase, r.avgFillPrice])).toEqual([['stop', 'stop_market', 'filled', '1', '93']]);
    const logs = await s.world.t.db.executionLog.findMany({ where: { positionId: s.id } });
    expect(logs).toMatchObject([{ action: 'stop', orderType: 'stop_market', status: 'success', executedPrice: '93', requestedPrice: '95', errorMessage: 'STOP_TRIGGERED_AT_VENUE' }]);
    expect(await s.exchange.fetchOpenOrders()).toEqual([]);

    s.world.atMinute(5);
    expect((await after.tick()).positions).toBe(0);
  });

  it('when the tick itself sees the stop hit, the resting stop has already sold: the position is closed from its fill, no second sale', async () => {
    const s = await setUp({ 'BTC/USDT': [100, 93, 93, 93] }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    s.world.atMinute(1);
    const summary = await p.tick();
    expect(summary.closed).toBe(1);
    expect(await s.record()).toMatchObject({ status: 'closed', closeReason: 'STOP_HIT' });
    expect((await s.rows()).map((r) => [r.purpose, r.type, r.status])).toEqual([['stop', 'stop_market', 'filled']]);
    expect(s.exchange.snapshotState().orders.filter((o) => o.side === 'sell')).toHaveLength(1);
  });
});

describe('resting protective stops: chat actions', () => {
  it('a manual close cancels the resting stop first (it holds the coins), then sells at market', async () => {
    const s = await setUp({ 'BTC/USDT': flat(100) }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    s.world.atMinute(1);
    const out = await p.close(s.user.userId, s.id, ONE, 'telegram:201');
    expect(out.kind).toBe('executed');
    expect(await s.record()).toMatchObject({ status: 'closed', closeReason: 'MANUAL_CLOSE', stopOrderClientId: null });
    expect((await s.rows()).map((r) => [r.purpose, r.status, r.filledQtyBase])).toEqual([['stop', 'canceled', '0'], ['exit', 'filled', '1']]);
    expect(await s.exchange.fetchOpenOrders()).toEqual([]);
    expect((await s.exchange.fetchBalances()).get('BTC')?.total.isZero()).toBe(true);
  });

  it('a partial close cancels the stop, sells half and puts a stop for the rest back on the exchange', async () => {
    const s = await setUp({ 'BTC/USDT': flat(100) }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    const out = await p.close(s.user.userId, s.id, new Decimal('0.5'), 'telegram:201');
    expect(out.kind).toBe('executed');
    expect((await s.rows()).map((r) => [r.purpose, r.status, r.qtyBase])).toEqual([['stop', 'canceled', '1'], ['exit', 'filled', '0.5'], ['stop', 'open', '0.5']]);
    expect((await s.liveStops()).map((o) => [o.qtyBase.toString(), o.triggerPrice?.toString()])).toEqual([['0.5', '95']]);
  });

  it('a stop that cannot be cancelled refuses the close and sends nothing', async () => {
    const s = await setUp({ 'BTC/USDT': flat(100) }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    const failingCancel = new Proxy(s.exchange as Exchange, {
      get(target, key) {
        if (key === 'cancelOrder') return async () => { throw new Error('injected fault: cancel timed out'); };
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const close = makeClosePosition({
      accounts: s.world.accounts, exchangeForWallet: async () => failingCancel, executorFor: s.world.executorFor, locks: p.locks, clock: s.world.clock,
      log: silentLogger, positions: s.world.store, protectiveStops: p.stops,
    });
    expect(await close(s.user.userId, s.id, ONE, 'telegram:201')).toMatchObject({ kind: 'refused', reason: 'STOP_ORDER_NOT_CANCELLED' });
    expect((await s.rows()).map((r) => [r.purpose, r.status])).toEqual([['stop', 'open']]);
    expect(await s.liveStops()).toHaveLength(1);
  });

  it('"stop to break-even" from the chat moves the resting stop at once', async () => {
    const s = await setUp({ 'BTC/USDT': [100, 102, 102, 102] }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    s.world.atMinute(1);
    const out = await p.breakEven(s.user.userId, s.id, 'telegram:201');
    expect(out).toMatchObject({ kind: 'moved', restingStop: 'moved' });
    const record = await s.record();
    expect(record.stopPrice.toString()).toBe('100.21'); // 100 × 1.001 / 0.999, up to the tick
    expect((await s.liveStops()).map((o) => [o.clientOrderId, o.triggerPrice?.toString()])).toEqual([[record.stopOrderClientId, '100.21']]);
    expect((await s.rows()).map((r) => r.status)).toEqual(['canceled', 'open']);
  });
});

describe('resting protective stops: lost answers', () => {
  it('a stop whose answer was lost is looked up by its client id on the next tick, never sent again', async () => {
    const s = await setUp({ 'BTC/USDT': flat(100) }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.exchange.injectFault({ kind: 'execute_then_unknown' });
    s.world.atMinute(0);
    await p.tick();
    let record = await s.record();
    const id = record.stopOrderClientId!;
    expect(record.exchangeStopOrderId).toBeNull();
    expect((await s.rows()).map((r) => [r.clientOrderId, r.status])).toEqual([[id, 'unknown']]);

    s.world.atMinute(1);
    await p.tick();
    record = await s.record();
    expect(record.stopOrderClientId).toBe(id);
    expect(record.exchangeStopOrderId).toBe(s.sent(id)[0]!.id);
    expect(s.sent(id)).toHaveLength(1);
    expect((await s.rows()).map((r) => [r.clientOrderId, r.status])).toEqual([[id, 'open']]);
    expect(await s.liveStops()).toHaveLength(1);
  });

  it('a stop the venue never received is recorded NOT_AT_VENUE and placed under a new client id', async () => {
    const s = await setUp({ 'BTC/USDT': flat(100) }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.exchange.injectFault({ kind: 'unknown' });
    s.world.atMinute(0);
    await p.tick();
    const lost = (await s.record()).stopOrderClientId!;
    s.world.atMinute(1);
    await p.tick();
    const record = await s.record();
    expect(record.stopOrderClientId).not.toBe(lost);
    expect((await s.rows()).map((r) => [r.clientOrderId, r.status, r.error])).toEqual([[lost, 'rejected', 'NOT_AT_VENUE'], [record.stopOrderClientId, 'open', null]]);
    expect((await s.liveStops()).map((o) => o.clientOrderId)).toEqual([record.stopOrderClientId]);
  });

  it('a stop cancelled outside the assistant is noticed at the next check and placed again', async () => {
    const s = await setUp({ 'BTC/USDT': flat(100) }, { symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(s.world);
    s.world.atMinute(0);
    await p.tick();
    const [live] = await s.liveStops();
    await s.exchange.cancelOrder('BTC/USDT', live!.id); // e.g. by hand on the exchange's website
    s.world.atMinute(1); // the wallet's stops are checked every 30 s
    await p.tick();
    const record = await s.record();
    expect(record.stopOrderClientId).not.toBe(live!.clientOrderId);
    expect((await s.liveStops()).map((o) => o.clientOrderId)).toEqual([record.stopOrderClientId]);
    expect((await s.rows()).map((r) => r.status)).toEqual(['canceled', 'open']);
  });
});

describe('venues without stop orders', () => {
  it('rest nothing: the monitor enforces the stop on its ticks, as before', async () => {
    w = await createMonitorWorld({ 'BTC/USDT': [100, 93, 93] }, { restingStops: false });
    const user = await w.addUser('301');
    const opened = await w.openPosition({ ...user, symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' });
    const p = startProcess(w);
    w.atMinute(0);
    await p.tick();
    expect(await w.t.db.order.count({ where: { positionId: opened.id } })).toBe(0);
    w.atMinute(1);
    await p.tick();
    const record = (await w.store.findForUser(user.userId, opened.id))!;
    expect(record).toMatchObject({ status: 'closed', closeReason: 'STOP_HIT', stopOrderClientId: null });
    expect((await w.t.db.order.findMany({ where: { positionId: opened.id } })).map((r) => [r.purpose, r.type])).toEqual([['stop', 'market']]);
  });
});
