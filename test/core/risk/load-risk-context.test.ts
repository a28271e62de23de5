import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from '../../../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import { makeLoadRiskContext } from '../../../src/core/risk/load-risk-context.js';
import type { UserAccount } from '../../../src/core/accounts/account.js';
import { silentLogger } from '../../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';

/**
 * The risk context on real parts: Prisma on SQLite, the paper exchange replaying the real
 * BTC crash of 2025-10-10 (5m candles), the trading state persisted between loads.
 */
describe('loadRiskContext', () => {
  let t: TestDatabase;
  let user: UserAccount;
  let exchange: PaperExchange;
  const clock = new ManualClock(new Date('2025-10-10T00:05:00Z'));
  const notifier = new RecordingNotifier();
  let load: ReturnType<typeof makeLoadRiskContext>;
  let positions: PrismaPositionRepository;

  beforeAll(async () => {
    t = await createTestDatabase();
    const accounts = new PrismaAccountRepository(t.db);
    positions = new PrismaPositionRepository(t.db);
    user = (await accounts.registerUser({ telegramId: '5', displayName: 'T', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now: clock.now() })).user;
    const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');
    exchange = new PaperExchange({ feed, clock, latencyMs: 0 });
    await exchange.loadMarkets();
    load = makeLoadRiskContext({
      accounts, positions, tradingStates: new PrismaTradingStateStore(t.db), exchangeForWallet: async () => exchange,
      notifier, clock, log: silentLogger,
    });
  });
  afterAll(async () => { await t.close(); });

  it('starts ACTIVE with the day, week and month baselines at the current equity', async () => {
    const ctx = await load(user);
    expect(ctx.trading.status.state).toBe('active');
    expect(ctx.equityUsd.eq(10000)).toBe(true);
    expect(ctx.lossBudgets.day.startEquityUsd.eq(10000)).toBe(true);
    expect(ctx.book.limits.heatLimitUsd.eq(5000)).toBe(true);
  });

  it('moves to REDUCING when the crash spends the daily loss budget, records and tells the user', async () => {
    const buy = await exchange.submitOrder({ clientOrderId: 't-buy-1', symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: new Decimal('0.05') });
    expect(buy.kind).toBe('accepted');
    clock.set('2025-10-10T21:30:00Z'); // after the liquidation cascade
    const ctx = await load(user);
    expect(ctx.lossBudgets.day.lossUsd.gt(500)).toBe(true);
    expect(ctx.trading.status.state).toBe('reducing');
    expect(ctx.trading.allowsEntries).toBe(false);
    expect(ctx.trading.status.resumeAt?.toISOString()).toBe('2025-10-11T00:00:00.000Z');
    expect(notifier.kinds()).toEqual(['TRADING_STATE_CHANGED']);
    const events = await t.db.tradingStateEvent.findMany();
    expect(events.map((e) => [e.fromState, e.toState])).toEqual([['active', 'reducing']]);
    expect(events[0]!.reason).toMatch(/DAILY_LOSS/);
  });

  it('survives a restart: a fresh load reads the persisted state without a new transition', async () => {
    const ctx = await load(user);
    expect(ctx.trading.status.state).toBe('reducing');
    expect(ctx.trading.changed).toBe(false);
    expect(notifier.sent).toHaveLength(1);
  });

  it('resumes by itself at the next day when the week and month budgets are not spent', async () => {
    clock.set('2025-10-11T00:10:00Z');
    const ctx = await load(user);
    expect(ctx.lossBudgets.week.isBreached).toBe(false);
    expect(ctx.trading.status.state).toBe('active');
    expect(ctx.lossBudgets.day.startEquityUsd.eq(ctx.equityUsd)).toBe(true);
    expect(notifier.kinds()).toEqual(['TRADING_STATE_CHANGED', 'TRADING_STATE_CHANGED']);
  });

  it('pauses after the configured number of consecutive losing trades, and only /resume lifts it', async () => {
    for (let i = 0; i < 3; i++) {
      const p = await positions.create({
        userId: user.id, walletId: 1, symbol: 'ETH/USDT', side: 'long', entryPrice: new Decimal(4000), stopPrice: new Decimal(3900),
        targets: [new Decimal(4200)], qtyBase: new Decimal('0.1'), feesUsd: new Decimal('0.4'), initialRiskUsd: new Decimal('10.8'), openedAt: clock.now(),
      });
      await positions.update(p.id, { status: 'closed', qtyBase: new Decimal(0), realisedPnlUsd: new Decimal('-10.8'), closedAt: clock.now() });
    }
    clock.advance(60_000);
    const paused = await load(user);
    expect(paused.trading.status.state).toBe('paused');
    expect(paused.trading.status.reason).toBe('CONSECUTIVE_LOSSES');
    clock.set('2025-10-12T00:10:00Z');
    expect((await load(user)).trading.status.state).toBe('paused'); // a new day does not lift it
    const resumed = await load(user, { command: 'resume', actor: 'telegram:5' });
    expect(resumed.trading.status.state).toBe('active');
    const audit = await t.db.auditEvent.findMany({ where: { action: 'trading_state.changed', actor: 'telegram:5' } });
    expect(audit).toHaveLength(1);
  });
});
