import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { AtrCache } from '../../../src/core/positions/atr-cache.js';
import { makeMonitorPositions, type MonitorRunResult, type MonitorRunSummary } from '../../../src/core/positions/monitor-positions.js';
import { PositionLocks } from '../../../src/core/positions/position-locks.js';
import type { PositionRecord } from '../../../src/core/positions/position-record.js';
import { silentLogger } from '../../../src/logger.js';
import { createMonitorWorld, type MonitorWorld } from './monitor-fixtures.js';

/**
 * The monitor on real parts: Prisma on SQLite, one paper exchange per wallet replaying injected
 * one-minute price paths, the real executor, a manual clock; each test is one tick, called directly.
 *
 * BTC 100 → 103 → 104 → 104 → 101 (trailing activates, tightens, then is hit);
 * ETH 50 → 52.5 (first scale-out level, 1R = 52); SOL 20 → 19.1 → 19.05 → 18.9 (health drops, stop 19 hit);
 * XRP's ticker fails; NOPE/USDT is not listed by the exchange.
 */
const paths = {
  'BTC/USDT': [100, 103, 104, 104, 101],
  'ETH/USDT': [50, 52.5, 52.5, 52.5, 52.5, 52.5, 52.5],
  'SOL/USDT': [20, 19.1, 19.05, 18.9, 18.9],
  'XRP/USDT': [10, 10, 10, 10, 10],
};

describe('monitorPositions over many positions', () => {
  let w: MonitorWorld;
  let locks: PositionLocks;
  const ids: Record<string, number[]> = { btc: [], eth: [], sol: [], xrp: [], nope: [] };
  let userA: number;
  let userB: number;
  let userC: number;

  const makeMonitor = () =>
    makeMonitorPositions({
      store: w.store, accounts: w.accounts, orders: w.orders, exchangeForWallet: w.exchangeForWallet, executorFor: w.executorFor,
      atr: new AtrCache({ timeframe: '1m', period: 14, baselinePeriod: 100, ttlMs: 60_000, log: silentLogger }),
      locks, notifier: w.notifier, clock: w.clock, log: silentLogger,
      // A higher alert threshold than the default 40, so an ordinary slide toward the stop crosses it.
      config: { rules: { healthThreshold: 50 } },
    });
  let monitor: ReturnType<typeof makeMonitor>;
  const ran = (r: MonitorRunResult): MonitorRunSummary => {
    if (r.kind !== 'ran') throw new Error('monitor run was skipped');
    return r;
  };
  const position = async (id: number): Promise<PositionRecord> => (await w.store.findForUser((await w.t.db.position.findUniqueOrThrow({ where: { id } })).userId, id))!;
  const eventsOf = (kind: string) => w.notifier.sent.filter((s) => s.event.kind === kind);

  beforeAll(async () => {
    w = await createMonitorWorld(paths);
    locks = new PositionLocks();
    monitor = makeMonitor();
    const a = await w.addUser('101');
    const b = await w.addUser('102');
    const c = await w.addUser('103');
    [userA, userB, userC] = [a.userId, b.userId, c.userId];
    for (const [u, qty] of [[a, '1'], [a, '0.5'], [b, '1'], [b, '2'], [c, '1.5']] as const) {
      ids.btc!.push((await w.openPosition({ ...u, symbol: 'BTC/USDT', entry: 100, stop: 95, qty })).id);
    }
    ids.eth!.push((await w.openPosition({ ...a, symbol: 'ETH/USDT', entry: 50, stop: 48, qty: '3' })).id);
    ids.eth!.push((await w.openPosition({ ...c, symbol: 'ETH/USDT', entry: 50, stop: 48, qty: '1.5' })).id);
    ids.sol!.push((await w.openPosition({ ...b, symbol: 'SOL/USDT', entry: 20, stop: 19, qty: '5' })).id);
    ids.xrp!.push((await w.openPosition({ ...a, symbol: 'XRP/USDT', entry: 10, stop: 9.5, qty: '10' })).id);
    ids.nope!.push((await w.openPosition({ ...b, symbol: 'NOPE/USDT', entry: 1, stop: 0.9, qty: '10', buy: false })).id);
    w.failingTickers.add('XRP/USDT');
  });
  afterAll(async () => { await w?.close(); });

  it('tick 1: activates and persists the trailing stops, scales out through the executor, and alerts once per position', async () => {
    w.atMinute(1);
    const summary = ran(await monitor());
    expect(summary.positions).toBe(10);
    expect(summary.evaluated).toBe(8);
    expect(summary.markets).toBe(5); // BTC, ETH, SOL, XRP, NOPE: one read each for the three users' paper wallets
    for (const id of ids.btc!) {
      const p = await position(id);
      expect(p.trailingActive).toBe(true);
      expect(p.bestPrice?.toString()).toBe('103');
      expect(p.trailingStopPrice?.toString()).toBe('101.45'); // 103 × (1 − 1.5 %) = 101.455, floored to the tick
      expect(p.stopPrice.toString()).toBe('101.45');
      expect(p.healthScore).not.toBeNull();
    }
    const moved = eventsOf('STOP_MOVED');
    expect(moved.filter((e) => ids.btc!.includes(e.event.data.positionId as number))).toHaveLength(5);
    expect(moved[0]!.event.data).toMatchObject({ reason: 'TRAILING', fromPriceQuote: '95', toPriceQuote: '101.45', symbol: 'BTC/USDT' });
  });

  it('tick 1: the scale-out went through the executor (Order and ExecutionLog rows) and reduced the position', async () => {
    const [big, small] = [await position(ids.eth![0]!), await position(ids.eth![1]!)];
    expect(big.qtyBase.toString()).toBe('2'); // a third of 3 sold at the first level (1R = 52)
    expect(small.qtyBase.toString()).toBe('1');
    expect(big.scaleOutsDone).toBe(1);
    expect(big.realisedPnlUsd.toString()).toBe('2.5'); // (52.5 − 50) × 1
    expect(big.feesUsd.toString()).toBe('0.2025'); // entry 0.15 + exit 52.5 × 0.1 %
    expect(big.pendingExit).toBeNull();
    // The stop moved past break-even (50.11) to the trailing level 52.5 × 0.985 = 51.7125 → 51.71.
    expect(big.stopPrice.toString()).toBe('51.71');
    const orders = await w.t.db.order.findMany({ where: { positionId: big.id } });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ purpose: 'scale_out', side: 'sell', status: 'filled', qtyBase: '1', filledQtyBase: '1', reduceOnly: true });
    const logs = await w.t.db.executionLog.findMany({ where: { positionId: big.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ action: 'scale_out', status: 'success', symbol: 'ETH/USDT', executedPrice: '52.5' });
    const scaleOuts = eventsOf('SCALE_OUT_EXECUTED');
    expect(scaleOuts.map((s) => s.userId).sort()).toEqual([userA, userC].sort());
    expect(scaleOuts.find((s) => s.userId === userA)!.event.data).toMatchObject({ level: 1, levelR: '1', qtyBase: '1', priceQuote: '52.5', remainingQtyBase: '2', pnlUsd: '2.5' });
  });

  it('tick 1: a market the exchange does not list and a market whose ticker fails are reported, the rest were managed', async () => {
    w.atMinute(1);
    // Re-run the same minute on a fresh monitor: nothing new happens to the managed positions.
    const summary = ran(await makeMonitor()());
    const failures = summary.failures.map((f) => ({ stage: f.stage, symbol: f.symbol, ids: f.positionIds }));
    expect(failures).toEqual(expect.arrayContaining([
      { stage: 'market_data', symbol: 'XRP/USDT', ids: ids.xrp },
      { stage: 'market_data', symbol: 'NOPE/USDT', ids: ids.nope },
    ]));
    expect(summary.failures).toHaveLength(2);
    expect(summary.failures.find((f) => f.symbol === 'NOPE/USDT')!.message).toMatch(/UnknownMarketError/);
    const [xrp, nope] = [await position(ids.xrp![0]!), await position(ids.nope![0]!)];
    expect(xrp.healthScore).toBeNull();
    expect(nope.healthScore).toBeNull();
    expect(summary.scaleOuts).toBe(0);
    expect(summary.stopsMoved).toBe(0);
  });

  it('HEALTH_DEGRADED fires when the score falls below the threshold, once per drop, not every tick', async () => {
    const alerts = eventsOf('HEALTH_DEGRADED');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.userId).toBe(userB);
    expect(alerts[0]!.event.data).toMatchObject({ positionId: ids.sol![0], threshold: 50, symbol: 'SOL/USDT' });
    expect(alerts[0]!.event.data.score as number).toBeLessThan(50);
    expect((alerts[0]!.event.data.parts as { note: string }[]).map((p) => p.note)).toEqual(expect.arrayContaining(['NEAR_STOP', 'LOSING']));
    const sol = await position(ids.sol![0]!);
    expect(sol.healthScore).toBeLessThan(50);
    expect(sol.lastAlerts?.HEALTH_DEGRADED).toBeInstanceOf(Date);
  });

  it('tick 2: the second of two overlapping runs is skipped; trailing stops tighten quietly; a position a chat action holds is left alone', async () => {
    w.atMinute(2);
    const held = ids.btc![4]!;
    expect(locks.tryAcquire(held)).toBe(true);
    const before = w.notifier.sent.length;
    const [first, second] = await Promise.all([monitor(), monitor()]);
    locks.release(held);
    expect(second.kind).toBe('skipped');
    const summary = ran(first);
    expect(summary.deferred).toBe(1);
    for (const id of ids.btc!.slice(0, 4)) expect((await position(id)).stopPrice.toString()).toBe('102.44'); // 104 × 0.985
    expect((await position(held)).stopPrice.toString()).toBe('101.45');
    // Later steps of a trail within 30 minutes are not news; SOL sliding further is not a new drop.
    expect(w.notifier.sent.slice(before).map((s) => s.event.kind)).toEqual([]);
  });

  it('tick 3: a stop hit closes the position with its R recorded and the user notified', async () => {
    w.atMinute(3);
    const summary = ran(await monitor());
    expect(summary.closed).toBe(1);
    const sol = await position(ids.sol![0]!);
    expect(sol.status).toBe('closed');
    expect(sol.closeReason).toBe('STOP_HIT');
    expect(sol.closedAt?.toISOString()).toBe(w.clock.now().toISOString());
    expect(sol.qtyBase.toString()).toBe('0');
    // Gapped from 19.05 to 18.9 below the stop 19: sold at 18.9. (18.9 − 20) × 5 = −5.5, fees 0.1 + 0.0945.
    expect(sol.realisedPnlUsd.toString()).toBe('-5.5');
    expect(sol.feesUsd.toString()).toBe('0.1945');
    expect(sol.rMultiple?.toString()).toBe('-1.1389'); // −5.6945 / 5
    const order = await w.t.db.order.findFirstOrThrow({ where: { positionId: sol.id } });
    expect(order).toMatchObject({ purpose: 'stop', side: 'sell', status: 'filled', filledQtyBase: '5' });
    const closed = eventsOf('POSITION_CLOSED');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.userId).toBe(userB);
    expect(closed[0]!.event.data).toMatchObject({ reason: 'STOP_HIT', rMultiple: '-1.1389', netPnlUsd: '-5.6945', priceQuote: '18.9', qtyBase: '5' });
    // The held position caught up on this tick.
    expect((await position(ids.btc![4]!)).stopPrice.toString()).toBe('102.44');
  });

  it('settles an exit left pending by a lost answer from the orders, without sending it again', async () => {
    // An exit the previous process sent and never booked: the venue filled it, our row says unknown.
    const eth = await position(ids.eth![1]!);
    const since = w.clock.now();
    const exchange = await w.exchangeForWallet((await w.accounts.listWallets(eth.userId))[0]!);
    const clientOrderId = 'rao-3-lostanswer1';
    const intent = await w.orders.recordIntent({
      userId: eth.userId, walletId: eth.walletId, positionId: eth.id, clientOrderId, symbol: 'ETH/USDT', side: 'sell', type: 'market',
      purpose: 'scale_out', reduceOnly: true, qtyBase: new Decimal('0.5'), limitPrice: null, createdAt: since,
    });
    await w.orders.updateOrder(intent.id, { status: 'unknown', error: 'UNKNOWN_OUTCOME', at: since });
    expect((await exchange.submitOrder({ clientOrderId, symbol: 'ETH/USDT', side: 'sell', type: 'market', qtyBase: new Decimal('0.5') })).kind).toBe('accepted');
    await w.store.update(eth.id, { pendingExit: { purpose: 'scale_out', reason: 'SCALE_OUT', level: 2, since }, scaleOutsDone: 2 });
    const sent = await w.t.db.order.count();

    w.atMinute(4);
    const summary = ran(await makeMonitor()()); // a restarted process: fresh monitor, caches and locks from scratch
    expect(summary.settled).toBe(1);
    const after = await position(eth.id);
    expect(after.pendingExit).toBeNull();
    expect(after.qtyBase.toString()).toBe('0.5');
    expect(after.realisedPnlUsd.toString()).toBe('2.5'); // 1.25 from level 1 and 1.25 from the settled 0.5
    expect((await w.orders.findByClientOrderId(clientOrderId))).toMatchObject({ status: 'filled', error: 'UNKNOWN_OUTCOME_RESOLVED' });
    expect(await w.t.db.order.count({ where: { positionId: eth.id, createdAt: { gte: since } } })).toBe(1);
    expect(await w.t.db.order.count()).toBeGreaterThanOrEqual(sent); // the BTC stops below may add their own
    expect(eventsOf('SCALE_OUT_EXECUTED').filter((s) => s.event.data.positionId === eth.id).at(-1)!.event.data).toMatchObject({ level: 2, qtyBase: '0.5' });
  });

  it('tick 4 after a restart: the persisted trailing stops are enforced by a fresh monitor, closing in profit', async () => {
    const btc = await Promise.all(ids.btc!.map(position));
    for (const p of btc) {
      expect(p.status).toBe('closed');
      expect(p.closeReason).toBe('STOP_HIT');
      // Sold at 101 (gapped below the 102.44 stop): +1 per unit less 0.1 + 0.101 fees per unit over 1R of 5 per unit.
      expect(p.rMultiple?.toString()).toBe('0.1598');
    }
    const closedBtc = eventsOf('POSITION_CLOSED').filter((s) => ids.btc!.includes(s.event.data.positionId as number));
    expect(closedBtc.map((s) => s.userId).sort()).toEqual([userA, userA, userB, userB, userC].sort());
  });
});
