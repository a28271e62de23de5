import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserAccount } from '../../../src/core/accounts/account.js';
import { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from '../../../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import { Decimal } from '../../../src/core/money.js';
import type { Exchange } from '../../../src/core/ports.js';
import { makeLoadRiskContext } from '../../../src/core/risk/load-risk-context.js';
import { setKilledState } from '../../../src/core/safety/set-killed-state.js';
import { silentLogger } from '../../../src/logger.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

/**
 * Two writers of one user's trading state: a risk context that reads the state, then spends a
 * while valuing wallets at a slow venue, and the kill switch storing KILLED meanwhile. The saves
 * are compare-and-set, so neither overwrites the other and the change is announced once.
 */
describe('trading state writes under races', () => {
  let t: TestDatabase;
  let user: UserAccount;
  let accounts: PrismaAccountRepository;
  const clock = new ManualClock(new Date('2025-10-06T01:00:00Z'));
  const notifier = new RecordingNotifier();
  const store = () => new PrismaTradingStateStore(t.db);
  let paper: PaperExchange;
  /** Balance reads wait on this gate while it is set: the slow venue. */
  let gate: Promise<void> | null = null;

  beforeAll(async () => {
    t = await createTestDatabase();
    accounts = new PrismaAccountRepository(t.db);
    user = (await accounts.registerUser({ telegramId: '77', displayName: 'R', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now: clock.now() })).user;
    paper = new PaperExchange({ feed: ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m'), clock, latencyMs: 0 });
    await paper.loadMarkets();
  });
  afterAll(async () => {
    await t.close();
  });

  const slowVenue = (): Exchange =>
    new Proxy(paper, {
      get(target, key, receiver) {
        if (key === 'fetchBalances') return async () => { if (gate) await gate; return target.fetchBalances(); };
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const makeContext = () =>
    makeLoadRiskContext({
      accounts, positions: new PrismaPositionRepository(t.db), tradingStates: store(), exchangeForWallet: async () => slowVenue(), notifier, clock, log: silentLogger,
    });

  it('the store refuses a save whose expected state is no longer the stored one', async () => {
    await makeContext()(user); // first load: baselines stored
    const s = store();
    const before = await s.load(user.id);
    const paused = { ...before, status: { ...before.status, state: 'paused' as const, reason: 'USER_PAUSE' as const, changedAt: clock.now() } };
    expect(await s.save(user.id, paused, before.status, { recordTransition: true })).toBe(true);
    expect(await s.save(user.id, { ...before }, before.status, { recordTransition: true })).toBe(false); // stale: still thinks "active"
    expect((await s.load(user.id)).status.state).toBe('paused');
    expect(await t.db.tradingStateEvent.count({ where: { userId: user.id } })).toBe(1);
    const back = { ...before, status: { ...before.status, changedAt: new Date(clock.now().getTime() + 1) } };
    expect(await s.save(user.id, back, paused.status, { recordTransition: true })).toBe(true);
  });

  it('a slow risk context that read ACTIVE cannot bring a KILLED user back, and KILLED is announced once', async () => {
    clock.advance(86_400_000); // a new day: the context will move the day baseline (a state write)
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const sent = notifier.sent.length;
    const loadRiskContext = makeContext();
    const slowDashboard = loadRiskContext(user); // reads ACTIVE, then waits on the venue
    await new Promise((r) => setTimeout(r, 50));
    // The kill switch gives the risk context 10 ms, then stores KILLED itself.
    const kill = setKilledState({ loadRiskContext, tradingStates: store(), accounts, notifier, clock, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log: silentLogger }, user, 'telegram:77', 10);
    expect(await kill).toBe('DIRECT');
    open();
    gate = null;
    const ctx = await slowDashboard;
    expect(ctx.trading.status.state).toBe('killed'); // re-read after losing the race
    await new Promise((r) => setTimeout(r, 50)); // the kill's own context call finishes too
    expect((await store().load(user.id)).status.state).toBe('killed');
    const announced = notifier.sent.slice(sent).filter((n) => n.event.kind === 'TRADING_STATE_CHANGED');
    expect(announced.map((n) => n.event.data.to)).toEqual(['killed']);
    expect(await t.db.tradingStateEvent.count({ where: { userId: user.id, toState: 'killed' } })).toBe(1);
  });
});
