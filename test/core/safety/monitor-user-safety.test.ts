import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decimal, ZERO } from '../../../src/core/money.js';
import type { Candle, Exchange } from '../../../src/core/ports.js';
import type { UserAccount } from '../../../src/core/accounts/account.js';
import { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from '../../../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import type { ExecutionLogEntry } from '../../../src/core/execution/order-repository.js';
import { makeLoadRiskContext } from '../../../src/core/risk/load-risk-context.js';
import { monitorUserSafety } from '../../../src/core/safety/monitor-user-safety.js';
import { muteNotificationKinds } from '../../../src/core/safety/mute-notification-kinds.js';
import { makeSafetyMonitorMemory, type SafetyMonitorDeps } from '../../../src/core/safety/safety-monitor-types.js';
import { safetyMonitorJob } from '../../../src/jobs/safety-monitor.js';
import { listUsers } from '../../../src/core/adapters/store-prisma/prisma-user-directory.js';
import { silentLogger } from '../../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';

const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');

/** The paper exchange with some reads replaced: a frozen feed, a crafted crash. */
function alter(exchange: PaperExchange, o: { tickerAgeMs?: number; candles?: (symbol: string) => Candle[] }): Exchange {
  return {
    id: exchange.id,
    loadMarkets: () => exchange.loadMarkets(),
    market: (s) => exchange.market(s),
    fetchTicker: async (s) => {
      const t = await exchange.fetchTicker(s);
      return o.tickerAgeMs === undefined ? t : { ...t, at: new Date(t.at.getTime() - o.tickerAgeMs) };
    },
    fetchCandles: async (s, tf, n) => (o.candles ? o.candles(s).slice(-n) : exchange.fetchCandles(s, tf, n)),
    estimateFill: (s, side, q) => exchange.estimateFill(s, side, q),
    fetchBalances: () => exchange.fetchBalances(),
    submitOrder: (r) => exchange.submitOrder(r),
    fetchOrderByClientId: (s, id) => exchange.fetchOrderByClientId(s, id),
    fetchOpenOrders: (s) => exchange.fetchOpenOrders(s),
    cancelOrder: (s, id) => exchange.cancelOrder(s, id),
  };
}

describe('the safety monitor on real parts', () => {
  let t: TestDatabase;
  let clock: ManualClock;
  let paper: PaperExchange;
  let exchange: Exchange;
  let user: UserAccount;
  let walletId: number;
  let notifier: RecordingNotifier;
  let deps: SafetyMonitorDeps;
  let accounts: PrismaAccountRepository;
  let orders: PrismaOrderRepository;

  beforeEach(async () => {
    t = await createTestDatabase();
    clock = new ManualClock(new Date('2025-10-08T12:00:00Z'));
    paper = new PaperExchange({ feed, clock, latencyMs: 0 });
    await paper.loadMarkets();
    exchange = paper;
    accounts = new PrismaAccountRepository(t.db);
    orders = new PrismaOrderRepository(t.db);
    const positions = new PrismaPositionRepository(t.db);
    notifier = new RecordingNotifier();
    user = (await accounts.registerUser({ telegramId: '8001', displayName: 'Sam', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now: clock.now() })).user;
    walletId = (await accounts.listWallets(user.id))[0]!.id;
    const exchangeForWallet = async () => exchange;
    deps = {
      accounts, positions, orders, exchangeForWallet, notifier, clock, log: silentLogger, memory: makeSafetyMonitorMemory(),
      loadRiskContext: makeLoadRiskContext({ accounts, positions, tradingStates: new PrismaTradingStateStore(t.db), exchangeForWallet, notifier: muteNotificationKinds(notifier, ['TRADING_STATE_CHANGED']), clock, log: silentLogger }),
    };
  });
  afterEach(() => t.close());

  /** One execution log row of a sent order (a real order row, as the executor writes them). */
  async function logSend(secondsAgo: number, over: Partial<ExecutionLogEntry> = {}) {
    const at = new Date(clock.now().getTime() - secondsAgo * 1000);
    const order = await orders.recordIntent({
      userId: user.id, walletId, positionId: null, clientOrderId: `t-${Math.random().toString(36).slice(2)}`, symbol: 'BTC/USDT', side: 'buy', type: 'market',
      purpose: 'entry', reduceOnly: false, qtyBase: new Decimal('0.001'), limitPrice: null, createdAt: at,
    });
    await orders.updateOrder(order.id, { status: over.status === 'failed' ? 'rejected' : 'filled', at });
    await orders.appendExecutionLog({
      userId: user.id, positionId: null, orderId: order.id, timestamp: at, action: 'open', symbol: 'BTC/USDT', orderType: 'market', requestedPrice: new Decimal(60000),
      signalPrice: null, executedPrice: null, slippagePct: null, requestedQtyBase: new Decimal('0.001'), filledQtyBase: ZERO, fillPct: ZERO, feesQuote: ZERO,
      executionTimeMs: 5, status: 'failed', errorMessage: 'REJECTED: test', retryCount: 0, volatilityPct: null, liquidityQuote: null, ...over,
    });
  }

  it('stays quiet on a normal day and takes its balance baseline', async () => {
    const result = await monitorUserSafety(deps, user);
    expect(result).toEqual({ found: [], alerted: [], paused: false });
    expect(deps.memory.balances.get(walletId)?.totals.get('USDT')?.toString()).toBe('10000');
  });

  it('an order-rate spike pauses trading once, audits the reason and alerts; the same finding stays quiet after', async () => {
    for (let i = 0; i < 25; i++) await logSend(i * 2, { status: 'success', errorMessage: null });
    const first = await monitorUserSafety(deps, user);
    expect(first.alerted.map((a) => a.kind)).toEqual(['ORDER_RATE_SPIKE']);
    expect(first.paused).toBe(true);
    expect((await accounts.tradingState(user.id)).state).toBe('paused');
    expect(notifier.sent.map((s) => s.event.kind)).toEqual(['SAFETY_ANOMALY']); // the state change itself is said by this alert
    expect(notifier.sent[0]!.event.data).toMatchObject({ anomaly: 'ORDER_RATE_SPIKE', paused: true, detail: { orders: 25 } });
    const audit = await t.db.auditEvent.findMany({ where: { actor: 'job:safety-monitor' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.target])).toEqual([['trading_state.changed', null], ['safety.anomaly', 'ORDER_RATE_SPIKE']]);
    expect(JSON.parse(audit[1]!.after!)).toMatchObject({ subject: 'orders', paused: true, detail: { orders: 25, threshold: '20.00' } });

    clock.advance(5_000);
    const again = await monitorUserSafety(deps, user);
    expect(again.found.map((a) => a.kind)).toEqual(['ORDER_RATE_SPIKE']);
    expect(again.alerted).toEqual([]);
    expect(notifier.sent).toHaveLength(1);
  });

  it('repeated execution failures and slippage far beyond normal come from the execution log', async () => {
    await monitorUserSafety(deps, user); // the previous check: only what comes after it is new
    for (let i = 0; i < 12; i++) await logSend(3_600 + i * 60, { status: 'success', errorMessage: null, executedPrice: new Decimal(60000), filledQtyBase: new Decimal('0.001'), slippagePct: new Decimal('0.03') });
    clock.advance(60_000);
    await logSend(40, { status: 'success', errorMessage: null, executedPrice: new Decimal(61000), filledQtyBase: new Decimal('0.001'), slippagePct: new Decimal('1.7') });
    await logSend(30);
    await logSend(20, { status: 'unknown', errorMessage: 'UNKNOWN_OUTCOME: timeout' });
    await logSend(10);
    const result = await monitorUserSafety(deps, user);
    expect(result.alerted.map((a) => a.kind).sort()).toEqual(['ABNORMAL_SLIPPAGE', 'EXECUTION_FAILURES']);
    expect(result.paused).toBe(true);
  });

  it('a stale price feed and a price shock are seen on the exchange', async () => {
    const crash: Candle[] = Array.from({ length: 60 }, (_, i) => {
      const c = new Decimal(i === 59 ? '55000' : i % 2 === 0 ? '60000' : '60050');
      return { openAt: new Date(clock.now().getTime() - (60 - i) * 300_000), open: c, high: c, low: c, close: c, volume: new Decimal(5) };
    });
    exchange = alter(paper, { tickerAgeMs: 10 * 60_000, candles: () => crash });
    const result = await monitorUserSafety(deps, user);
    expect(result.alerted.map((a) => `${a.kind} ${a.subject}`)).toEqual(['STALE_PRICES BTC/USDT', 'PRICE_SHOCK BTC/USDT']);
    expect(notifier.sent.map((s) => s.event.data.anomaly)).toEqual(['STALE_PRICES', 'PRICE_SHOCK']);
  });

  it('a balance change our trades do not explain is reported on the second look, not on a single odd read', async () => {
    await monitorUserSafety(deps, user); // baseline
    // Someone else trades on the same account: no order of ours, no log row.
    const outside = await paper.submitOrder({ clientOrderId: 'other-tool-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: new Decimal('0.01') });
    expect(outside.kind).toBe('accepted');
    clock.advance(60_000);
    expect((await monitorUserSafety(deps, user)).found).toEqual([]); // suspected, not yet reported
    clock.advance(60_000);
    const result = await monitorUserSafety(deps, user);
    expect(result.alerted.map((a) => `${a.kind} ${a.subject}`)).toEqual(['UNEXPLAINED_BALANCE_CHANGE BTC', 'UNEXPLAINED_BALANCE_CHANGE USDT']);
    expect(result.alerted[0]!.detail).toMatchObject({ changeQty: '0.01', explainedQty: '0', unexplainedQty: '0.01', wallet: 'Paper' });
    expect(result.paused).toBe(true);
    clock.advance(60_000);
    expect((await monitorUserSafety(deps, user)).found).toEqual([]); // the new balances are the baseline now
  });

  it('keeps a KILLED account killed (a pause never lifts it) but still reports', async () => {
    await deps.loadRiskContext(user, { command: 'kill', actor: 'test' });
    for (let i = 0; i < 25; i++) await logSend(i, { status: 'success', errorMessage: null });
    const result = await monitorUserSafety(deps, user);
    expect(result).toMatchObject({ paused: false });
    expect((await accounts.tradingState(user.id)).state).toBe('killed');
    expect(notifier.sent.at(-1)!.event.data).toMatchObject({ anomaly: 'ORDER_RATE_SPIKE', paused: false, state: 'killed' });
  });

  it('the job checks every user and records a failure without skipping the others', async () => {
    const second = (await accounts.registerUser({ telegramId: '8002', displayName: 'Lee', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now: clock.now() })).user;
    let calls = 0;
    const flaky = Object.create(orders) as PrismaOrderRepository;
    flaky.executionLogsSince = async (id, since) => {
      calls++;
      if (id === user.id) throw new Error('store down');
      return orders.executionLogsSince(id, since);
    };
    const failing = { ...deps, orders: flaky, listUsers: () => listUsers(t.db) };
    await expect(safetyMonitorJob(failing)).rejects.toThrow(`safety check failed for 1 user(s): ${user.id}`);
    expect(calls).toBe(2);
    expect(deps.memory.lastCheckAt.has(second.id)).toBe(true);
  });
});
