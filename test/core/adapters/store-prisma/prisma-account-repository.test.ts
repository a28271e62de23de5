import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import { PrismaAccountRepository } from '../../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaSessionStorage } from '../../../../src/core/adapters/store-prisma/prisma-session-storage.js';
import { defaultRiskSettings } from '../../../../src/core/risk/risk-settings.js';
import { createTestDatabase, type TestDatabase } from '../../../support/temp-db.js';

describe('PrismaAccountRepository', () => {
  let t: TestDatabase;
  let repo: PrismaAccountRepository;
  const now = new Date('2025-10-01T00:00:00Z');
  beforeAll(async () => { t = await createTestDatabase(); repo = new PrismaAccountRepository(t.db); });
  afterAll(async () => { await t.close(); });

  it('registers a user with default risk settings, an active state and a paper wallet', async () => {
    const { user, created } = await repo.registerUser({ telegramId: '9007199254740993', displayName: 'Ann', timezone: 'Europe/Berlin', paperStartingBalanceUsd: new Decimal(10000), now });
    expect(created).toBe(true);
    expect(user.telegramId).toBe('9007199254740993'); // beyond 2^53: kept as text, exact
    const settings = await repo.riskSettings(user.id);
    for (const [key, value] of Object.entries(defaultRiskSettings)) {
      const stored = (settings as unknown as Record<string, unknown>)[key];
      if (value instanceof Decimal) expect((stored as Decimal).eq(value), key).toBe(true);
      else expect(stored, key).toBe(value);
    }
    expect((await repo.tradingState(user.id)).state).toBe('active');
    const wallets = await repo.listWallets(user.id);
    expect(wallets).toHaveLength(1);
    expect(wallets[0]).toMatchObject({ exchangeId: 'paper', mode: 'paper', marketType: 'spot', autoTradeEnabled: false, hasCredentials: false });
    expect(wallets[0]!.paperStartingBalanceUsd!.eq(10000)).toBe(true);
  });

  it('is idempotent: a second /start creates nothing new', async () => {
    const again = await repo.registerUser({ telegramId: '9007199254740993', displayName: 'Ann', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(5), now });
    expect(again.created).toBe(false);
    expect(await t.db.user.count()).toBe(1);
    expect(await t.db.wallet.count()).toBe(1);
    expect(await t.db.riskSettings.count()).toBe(1);
  });

  it('records registration in the audit log', async () => {
    const events = await t.db.auditEvent.findMany();
    expect(events.map((e) => e.action)).toContain('user.registered');
  });

  it('stores paper wallet state and chat sessions as JSON', async () => {
    const [wallet] = await repo.listWallets(1);
    await repo.savePaperState(wallet!.id, '{"balances":{"USDT":"9999.5"}}');
    expect(await repo.loadPaperState(wallet!.id)).toBe('{"balances":{"USDT":"9999.5"}}');
    const sessions = new PrismaSessionStorage<{ step: string }>(t.db, 'conv:');
    expect(await sessions.read('42')).toBeUndefined();
    await sessions.write('42', { step: 'ask-stop' });
    expect(await sessions.read('42')).toEqual({ step: 'ask-stop' });
    await sessions.delete('42');
    expect(await sessions.read('42')).toBeUndefined();
  });
});
