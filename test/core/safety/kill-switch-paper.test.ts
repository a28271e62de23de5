import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from '../../../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import { makeLoadRiskContext } from '../../../src/core/risk/load-risk-context.js';
import { silentLogger } from '../../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { PositionLocks } from '../../../src/core/positions/position-locks.js';
import { makeKillHarness, makePaperKillVenue, paperFeed, type KillHarness } from './kill-switch-fixtures.js';

/** The kill switch on real parts: the paper exchange replaying October 2025, Prisma on SQLite. */
describe('kill switch on the paper exchange', () => {
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

  /** Buys at the venue and records the position, as an entry would have. */
  async function hold(symbol: string, qty: string, stopBelowPct = '0.02') {
    const outcome = await exchange.submitOrder({ clientOrderId: `buy-${symbol}-${qty}`, symbol, side: 'buy', type: 'market', qtyBase: new Decimal(qty) });
    if (outcome.kind !== 'accepted') throw new Error(`setup buy refused: ${JSON.stringify(outcome)}`);
    const entry = outcome.order.avgPrice!;
    return h.addPosition(symbol, qty, entry, entry.mul(new Decimal(1).minus(stopBelowPct)));
  }

  const sellsOf = (symbol: string) => exchange.snapshotState().orders.filter((o) => o.symbol === symbol && o.side === 'sell');

  it('kills trading, cancels every open order, closes every position in parallel and verifies flat', async () => {
    const btc = await hold('BTC/USDT', '0.05');
    const eth = await hold('ETH/USDT', '1.5');
    const sol = await hold('SOL/USDT', '20');
    const resting = await exchange.submitOrder({ clientOrderId: 'resting-buy', symbol: 'BNB/USDT', side: 'buy', type: 'limit', qtyBase: new Decimal(1), limitPrice: new Decimal(100) });
    expect(resting.kind === 'accepted' && resting.order.status).toBe('open');

    const report = await h.killSwitch.fire(h.user, 'telegram:7001');
    expect(report.stateWrite).toBe('RISK_CONTEXT');
    expect(report.hadNothingToDo).toBe(false);
    expect(report.cancelled.map((c) => c.clientOrderId)).toEqual(['resting-buy']);
    expect(report.closed.map((c) => c.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    expect(report.unclosed).toEqual([]);
    expect(report.verification).toMatchObject({ isFlat: true, openOrdersLeft: 0, residuals: [], unreachable: [] });
    expect(report.rounds).toBe(1);
    expect(report.timeToFlatMs).not.toBeNull();
    expect(report.timeToFlatMs!).toBeLessThanOrEqual(report.elapsedMs);

    const balances = await exchange.fetchBalances();
    for (const asset of ['BTC', 'ETH', 'SOL']) expect(balances.get(asset)?.total.toString() ?? '0').toBe('0');
    expect(await exchange.fetchOpenOrders()).toEqual([]);

    for (const p of [btc, eth, sol]) {
      const row = await h.positions.findForUser(h.user.id, p.id);
      const line = report.closed.find((c) => c.positionId === p.id)!;
      expect(row).toMatchObject({ status: 'closed', closeReason: 'KILL_SWITCH' });
      expect(row!.qtyBase.isZero()).toBe(true);
      expect(line.closedQtyBase.eq(p.qtyBase)).toBe(true);
      // The whole trade after fees: (exit − entry) × qty − entry fee − exit fee, and R against the initial risk.
      expect(row!.realisedPnlUsd.eq(line.avgPriceQuote!.minus(p.entryPrice).mul(p.qtyBase))).toBe(true);
      expect(line.pnlUsd.eq(row!.realisedPnlUsd.minus(row!.feesUsd))).toBe(true);
      expect(row!.rMultiple!.eq(line.pnlUsd.div(p.initialRiskUsd))).toBe(true);
      expect(sellsOf(p.symbol)).toHaveLength(1); // one closing order per position, none duplicated
    }
    const orderRows = await t.db.order.findMany({ where: { purpose: 'kill' } });
    expect(orderRows.map((o) => o.status)).toEqual(['filled', 'filled', 'filled']);
    expect(orderRows.every((o) => o.reduceOnly)).toBe(true);
    expect(await t.db.auditEvent.count({ where: { action: 'kill_switch.fired', actor: 'telegram:7001' } })).toBe(1);
    expect(h.notifier.sent.map((s) => [s.event.kind, s.event.data.to])).toEqual([['TRADING_STATE_CHANGED', 'killed']]);
  });

  it('is idempotent: firing again finds nothing to do and says so', async () => {
    await hold('BTC/USDT', '0.02');
    const first = await h.killSwitch.fire(h.user, 'telegram:7001');
    expect(first.closed).toHaveLength(1);
    const second = await h.killSwitch.fire(h.user, 'telegram:7001');
    expect(second).toMatchObject({ previousState: 'killed', hadNothingToDo: true, closed: [], unclosed: [], cancelled: [] });
    expect(second.verification.isFlat).toBe(true);
    expect(sellsOf('BTC/USDT')).toHaveLength(1);
    expect(h.notifier.sent).toHaveLength(1); // KILLED was announced once
  });

  it('two taps at once run one after the other: the second closes nothing', async () => {
    await hold('ETH/USDT', '1');
    const [a, b] = await Promise.all([h.killSwitch.fire(h.user, 'telegram:7001'), h.killSwitch.fire(h.user, 'telegram:7001')]);
    expect(a.closed).toHaveLength(1);
    expect(b.hadNothingToDo).toBe(true);
    expect(sellsOf('ETH/USDT')).toHaveLength(1);
  });

  it('KILLED survives a restart: a new risk context on the same database still blocks entries until resume', async () => {
    await h.killSwitch.fire(h.user, 'telegram:7001');
    const restarted = makeLoadRiskContext({
      accounts: new PrismaAccountRepository(t.db), positions: new PrismaPositionRepository(t.db), tradingStates: new PrismaTradingStateStore(t.db),
      exchangeForWallet: async () => exchange, notifier: new RecordingNotifier(), clock, log: silentLogger,
    });
    clock.advance(36 * 3_600_000); // a new day does not lift it either
    const ctx = await restarted(h.user);
    expect(ctx.trading.status.state).toBe('killed');
    expect(ctx.trading.allowsEntries).toBe(false);
    expect((await restarted(h.user, { command: 'resume', actor: 'telegram:7001' })).trading.status.state).toBe('active');
  });

  it('rides out throttling and lost answers without sending any close twice', async () => {
    await hold('BTC/USDT', '0.03');
    await hold('ETH/USDT', '2');
    await hold('SOL/USDT', '10');
    exchange.injectFault({ kind: 'throttle', count: 2 });
    exchange.injectFault({ kind: 'execute_then_unknown' });
    exchange.injectFault({ kind: 'unknown' });
    const report = await h.killSwitch.fire(h.user, 'job:test');
    expect(report.verification.isFlat).toBe(true);
    expect(report.rounds).toBe(2); // the order lost before reaching the venue was looked up, found absent, then sent afresh
    expect(report.closed).toHaveLength(3);
    const rows = await t.db.order.findMany({ where: { purpose: 'kill' }, orderBy: { id: 'asc' } });
    expect(rows.filter((r) => r.status === 'filled')).toHaveLength(3);
    expect(rows.filter((r) => r.status !== 'filled').map((r) => [r.status, r.error])).toEqual([['rejected', 'NOT_AT_VENUE']]);
    for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']) {
      const filled = sellsOf(symbol).filter((o) => new Decimal(o.filledQtyBase).gt(0));
      expect(filled).toHaveLength(1);
    }
    const balances = await exchange.fetchBalances();
    for (const asset of ['BTC', 'ETH', 'SOL']) expect(balances.get(asset)?.total.toString() ?? '0').toBe('0');
  });

  it('reports honestly what the venue keeps refusing, leaves that position open and says it is not flat', async () => {
    const btc = await hold('BTC/USDT', '0.01');
    exchange.injectFault({ kind: 'refuse', reason: 'REJECTED', count: 10 });
    const report = await h.killSwitch.fire(h.user, 'job:test');
    expect(report.rounds).toBe(4);
    expect(report.verification.isFlat).toBe(false);
    expect(report.timeToFlatMs).toBeNull();
    expect(report.unclosed).toMatchObject([{ positionId: btc.id, symbol: 'BTC/USDT', reason: 'REJECTED' }]);
    expect(report.unclosed[0]!.qtyLeftBase.eq('0.01')).toBe(true);
    expect(report.verification.residuals).toMatchObject([{ symbol: 'BTC/USDT' }]);
    expect(await h.positions.findForUser(h.user.id, btc.id)).toMatchObject({ status: 'open', closeReason: null });
    expect(await t.db.auditEvent.findFirst({ where: { action: 'kill_switch.fired' } })).toMatchObject({ result: 'failed' });
  });

  it('never touches another user\'s positions or their trading state', async () => {
    const other = await makeKillHarness({ t, exchange: new PaperExchange({ feed: paperFeed, clock, latencyMs: 0 }), clock, telegramId: '7002' });
    const theirs = await other.addPosition('BTC/USDT', '0.01', '60000', '59000');
    await hold('ETH/USDT', '1');
    await h.killSwitch.fire(h.user, 'telegram:7001');
    expect(await other.positions.findForUser(other.user.id, theirs.id)).toMatchObject({ status: 'open' });
    expect(await h.positions.findForUser(h.user.id, theirs.id)).toBeNull();
    expect((await other.accounts.tradingState(other.user.id)).state).toBe('active');
  });

  it('closes a position opened while KILLED was being stored', async () => {
    let late: { id: number } | null = null;
    const racing = await makeKillHarness({
      t, exchange, clock, telegramId: '7003',
      beforeKilled: async () => {
        const bought = await exchange.submitOrder({ clientOrderId: 'late-entry', symbol: 'SOL/USDT', side: 'buy', type: 'market', qtyBase: new Decimal(5) });
        if (bought.kind !== 'accepted') throw new Error('setup');
        late = await racing.addPosition('SOL/USDT', '5', bought.order.avgPrice!, bought.order.avgPrice!.mul('0.98'));
      },
    });
    const report = await racing.killSwitch.fire(racing.user, 'telegram:7003');
    expect(late).not.toBeNull();
    expect(report.closed.map((c) => c.positionId)).toEqual([late!.id]);
    expect(report.hadNothingToDo).toBe(false);
    expect(report.verification.isFlat).toBe(true);
    expect(report.rounds).toBe(2);
  });

  it('writes KILLED directly when the risk context is too slow, without waiting for the venue', async () => {
    const slow = await makeKillHarness({ t, exchange, clock, telegramId: '7004', kill: { stateDeadlineMs: 30 }, beforeKilled: () => new Promise((r) => setTimeout(r, 400)) });
    const report = await slow.killSwitch.fire(slow.user, 'telegram:7004');
    expect(report.stateWrite).toBe('DIRECT');
    expect((await slow.accounts.tradingState(slow.user.id)).state).toBe('killed');
    expect(report.elapsedMs).toBeLessThan(400);
    await new Promise((r) => setTimeout(r, 500)); // the late risk context finishes before the database closes
    expect((await slow.accounts.tradingState(slow.user.id)).state).toBe('killed');
  });

  it('waits for a stop being executed on a position, then closes what is left; holds the lock while it works', async () => {
    const locks = new PositionLocks();
    const events: string[] = [];
    const recorded = {
      tryAcquire: (id: number) => {
        const ok = locks.tryAcquire(id);
        if (ok) events.push('kill took the lock');
        return ok;
      },
      release: (id: number, changed?: boolean) => {
        events.push('kill released the lock');
        locks.release(id, changed);
      },
    };
    const guarded = await makeKillHarness({ t, exchange, clock, telegramId: '7005', locks: recorded, kill: { lockWaitMs: 2_000 } });
    const bought = await exchange.submitOrder({ clientOrderId: 'guarded-buy', symbol: 'ETH/USDT', side: 'buy', type: 'market', qtyBase: new Decimal(2) });
    if (bought.kind !== 'accepted') throw new Error('setup');
    const p = await guarded.addPosition('ETH/USDT', '2', bought.order.avgPrice!, bought.order.avgPrice!.mul('0.98'));
    expect(locks.tryAcquire(p.id)).toBe(true); // the monitor is selling half at its stop
    setTimeout(() => {
      void (async () => {
        await exchange.submitOrder({ clientOrderId: 'stop-half', symbol: 'ETH/USDT', side: 'sell', type: 'market', qtyBase: new Decimal(1) });
        await guarded.positions.update(p.id, { qtyBase: new Decimal(1) });
        events.push('stop released the lock');
        locks.release(p.id, true);
      })();
    }, 100);
    const report = await guarded.killSwitch.fire(guarded.user, 'telegram:7005');
    expect(events).toEqual(['stop released the lock', 'kill took the lock', 'kill released the lock']);
    expect(report.closed).toMatchObject([{ positionId: p.id }]);
    expect(report.closed[0]!.closedQtyBase.toString()).toBe('1'); // only what the stop left
    expect(report.verification.isFlat).toBe(true);
    expect(locks.tryAcquire(p.id)).toBe(true); // released at the end
  });

  it('reports a position another action keeps busy instead of racing it', async () => {
    const locks = new PositionLocks();
    const guarded = await makeKillHarness({ t, exchange, clock, telegramId: '7006', locks, kill: { lockWaitMs: 100 } });
    const p = await guarded.addPosition('BTC/USDT', '0.01', '60000', '59000');
    locks.tryAcquire(p.id);
    const report = await guarded.killSwitch.fire(guarded.user, 'telegram:7006');
    expect(report.unclosed).toMatchObject([{ positionId: p.id, reason: 'POSITION_BUSY' }]);
    expect(report.verification.isFlat).toBe(false);
    expect(await guarded.positions.findForUser(guarded.user.id, p.id)).toMatchObject({ status: 'open' });
  });

  it('previews what it would do without changing anything', async () => {
    await hold('BTC/USDT', '0.01');
    await exchange.submitOrder({ clientOrderId: 'r1', symbol: 'BNB/USDT', side: 'buy', type: 'limit', qtyBase: new Decimal(1), limitPrice: new Decimal(100) });
    const preview = await h.killSwitch.preview(h.user);
    expect(preview).toMatchObject({ positions: 1, openOrders: 1, state: 'active' });
    expect(preview.slippageCapPct.eq(1)).toBe(true);
    expect((await exchange.fetchOpenOrders())).toHaveLength(1);
  });
});
