import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaSignalRepository } from '../../../src/core/adapters/store-prisma/prisma-signal-repository.js';
import type { UserAccount } from '../../../src/core/accounts/account.js';
import { makeProcessSignal } from '../../../src/core/trading/process-signal.js';
import { makeRecordSignal } from '../../../src/core/trading/record-signal.js';
import type { TradingDeps } from '../../../src/core/trading/trading-deps.js';
import { silentLogger } from '../../../src/logger.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

const d = (v: Decimal.Value) => new Decimal(v);

/** The orchestration around the decision: once per signal, and never silent towards a user who is not watching. */
describe('processSignal', () => {
  let t: TestDatabase;
  let user: UserAccount;
  const clock = new ManualClock(new Date('2025-10-06T01:00:00Z'));
  const notifier = new RecordingNotifier();
  let deps: TradingDeps;

  beforeAll(async () => {
    t = await createTestDatabase();
    const accounts = new PrismaAccountRepository(t.db);
    user = (await accounts.registerUser({ telegramId: '31', displayName: 'P', timezone: 'UTC', paperStartingBalanceUsd: d(10000), now: clock.now() })).user;
    const outage = () => Promise.reject(new Error('exchange unreachable'));
    deps = {
      signals: new PrismaSignalRepository(t.db), accounts, notifier, clock, log: silentLogger,
      exchangeForWallet: outage, assessTrade: outage, executorForWallet: outage,
    } as unknown as TradingDeps;
  });
  afterAll(async () => {
    await t.close();
  });

  const record = (key: string) => makeRecordSignal(deps)({
    userId: user.id, source: 'webhook', idempotencyKey: key, note: null,
    signal: {
      symbol: 'BTC/USDT', side: 'long', entry: { kind: 'market' }, stop: { kind: 'offset', offsetPct: d(-2) }, targets: [{ kind: 'offset', offsetPct: d(4) }],
      confidence: d('0.9'), prices: { entryPriceQuote: d(100), stopPriceQuote: d(98), targetPricesQuote: [d(104)] },
    },
  });

  it('an outage while deciding a webhook signal tells the user and rethrows; the signal stays undecided for the expiry job', async () => {
    const { signal } = await record('outage-1');
    await expect(makeProcessSignal(deps)(signal, { notify: true })).rejects.toThrow('exchange unreachable');
    expect(notifier.sent.map((s) => [s.userId, s.event.kind])).toEqual([[user.id, 'SIGNAL_FAILED']]);
    expect((await t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).status).toBe('new');
  });

  it('a signal already decided is left alone: already_handled, nothing notified', async () => {
    const { signal } = await record('done-1');
    await deps.signals.transition(signal.id, ['new'], 'rejected', { statusReason: 'TEST' });
    const outcome = await makeProcessSignal(deps)({ ...signal, status: 'rejected' }, { notify: true });
    expect(outcome.kind).toBe('already_handled');
    expect(notifier.sent).toHaveLength(1);
  });
});
