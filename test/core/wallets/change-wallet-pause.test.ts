import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserAccount, WalletInfo } from '../../../src/core/accounts/account.js';
import { openDatabase } from '../../../src/core/adapters/store-prisma/open-database.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaWalletStore } from '../../../src/core/adapters/store-prisma/prisma-wallet-store.js';
import { Decimal } from '../../../src/core/money.js';
import { makeChangeWalletPause, type ChangeWalletPause } from '../../../src/core/wallets/change-wallet-pause.js';
import { silentLogger } from '../../../src/logger.js';
import { ManualClock } from '../../support/manual-clock.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

/** Pausing one wallet, on a real SQLite file through Prisma: owner only, once, audited, announced, lasting. */
describe('changeWalletPause', () => {
  let t: TestDatabase;
  let pause: ChangeWalletPause;
  let accounts: PrismaAccountRepository;
  let alice: UserAccount;
  let bob: UserAccount;
  let alicePaper: WalletInfo;
  let aliceSecond: WalletInfo;
  let bobPaper: WalletInfo;
  const clock = new ManualClock(new Date('2025-10-06T12:00:00Z'));
  const notifier = new RecordingNotifier();
  const audits = (userId: number) => t.db.auditEvent.findMany({ where: { userId, action: { startsWith: 'wallet.' } }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    t = await createTestDatabase();
    accounts = new PrismaAccountRepository(t.db);
    const store = new PrismaWalletStore(t.db);
    const register = async (telegramId: string) => (await accounts.registerUser({ telegramId, displayName: telegramId, timezone: 'UTC', paperStartingBalanceUsd: new Decimal(1000), now: clock.now() })).user;
    alice = await register('41');
    bob = await register('42');
    alicePaper = (await accounts.listWallets(alice.id))[0]!;
    bobPaper = (await accounts.listWallets(bob.id))[0]!;
    const added = await store.add({
      userId: alice.id, label: 'Second', exchangeId: 'paper', mode: 'paper', marketType: 'spot', apiKeyEnc: null, apiSecretEnc: null, apiPasswordEnc: null, paperStartingBalanceUsd: new Decimal(1000),
    });
    if (added.kind !== 'added') throw new Error('setup');
    aliceSecond = added.wallet;
    pause = makeChangeWalletPause({ store, accounts, notifier, clock, log: silentLogger });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pauses one wallet: stored, audited (who, what, when, result) and announced; the user\'s other wallet is untouched', async () => {
    const r = await pause.set(alice, alicePaper.id, true, 'telegram:41');
    expect(r).toMatchObject({ ok: true, value: { paused: true, changed: true, wallet: { id: alicePaper.id, tradingPaused: true }, account: { state: 'active' } } });
    const wallets = await accounts.listWallets(alice.id);
    expect(wallets.map((w) => [w.label, w.tradingPaused])).toEqual([['Paper', true], ['Second', false]]);
    const [audit, ...more] = await audits(alice.id);
    expect(more).toHaveLength(0);
    expect(audit).toMatchObject({
      actor: 'telegram:41', action: 'wallet.paused', target: `wallet:${alicePaper.id}`, result: 'ok', at: clock.now(),
      before: '{"tradingPaused":false}', after: '{"tradingPaused":true,"accountState":"active"}',
    });
    expect(notifier.sent).toEqual([{
      userId: alice.id,
      event: { kind: 'WALLET_TRADING_PAUSED', data: { walletId: alicePaper.id, walletLabel: 'Paper', paused: true, accountState: 'active', accountReason: null, accountResumeAt: null } },
    }]);
  });

  it('is idempotent: pausing a paused wallet says so (changed false) and writes, audits and sends nothing', async () => {
    const before = (await t.db.wallet.findUniqueOrThrow({ where: { id: alicePaper.id } })).updatedAt;
    const r = await pause.setByReference(alice, 'paper', true, 'telegram:41');
    expect(r).toMatchObject({ ok: true, value: { changed: false, paused: true, wallet: { tradingPaused: true } } });
    expect(await audits(alice.id)).toHaveLength(1);
    expect(notifier.sent).toHaveLength(1);
    expect((await t.db.wallet.findUniqueOrThrow({ where: { id: alicePaper.id } })).updatedAt).toEqual(before);
  });

  it('two pauses at once change the wallet once: one audit row, one notification', async () => {
    const results = await Promise.all([pause.set(alice, aliceSecond.id, true, 'telegram:41'), pause.set(alice, aliceSecond.id, true, 'telegram:41')]);
    expect(results.map((r) => r.ok && r.value.changed).sort()).toEqual([false, true]);
    expect((await audits(alice.id)).filter((a) => a.target === `wallet:${aliceSecond.id}`)).toHaveLength(1);
    expect(notifier.kinds()).toEqual(['WALLET_TRADING_PAUSED', 'WALLET_TRADING_PAUSED']);
    await pause.set(alice, aliceSecond.id, false, 'telegram:41');
  });

  it('the pause lasts: a new database client and store (a restart) read it back', async () => {
    const db = openDatabase(t.url);
    try {
      const fresh = new PrismaAccountRepository(db);
      expect((await fresh.listWallets(alice.id)).map((w) => [w.label, w.tradingPaused])).toEqual([['Paper', true], ['Second', false]]);
      expect(await new PrismaWalletStore(db).find(alice.id, alicePaper.id)).toMatchObject({ tradingPaused: true });
    } finally {
      await db.$disconnect();
    }
  });

  it('another user\'s wallet is not found, by id or by name, and nothing changes for anyone', async () => {
    const sentBefore = notifier.sent.length;
    expect(await pause.set(alice, bobPaper.id, true, 'telegram:41')).toEqual({ ok: false, error: 'NOT_FOUND' });
    const byId = await pause.setByReference(alice, String(bobPaper.id), true, 'telegram:41');
    expect(byId).toMatchObject({ ok: false, error: { code: 'UNKNOWN_WALLET' } });
    // The answer lists only Alice's own wallets.
    if (!byId.ok) expect(byId.error.wallets.map((w) => w.userId)).toEqual([alice.id, alice.id]);
    expect((await accounts.listWallets(bob.id))[0]!.tradingPaused).toBe(false);
    expect(await audits(bob.id)).toHaveLength(0);
    expect(notifier.sent).toHaveLength(sentBefore);
  });

  it('resuming a wallet never lifts an account-level pause: the result and the notification carry the account state', async () => {
    await t.db.tradingState.update({ where: { userId: alice.id }, data: { state: 'paused', reason: 'CONSECUTIVE_LOSSES' } });
    const r = await pause.setByReference(alice, 'Paper', false, 'telegram:41');
    expect(r).toMatchObject({ ok: true, value: { changed: true, paused: false, wallet: { tradingPaused: false }, account: { state: 'paused', reason: 'CONSECUTIVE_LOSSES' } } });
    expect((await accounts.tradingState(alice.id)).state).toBe('paused');
    expect(notifier.sent.at(-1)).toMatchObject({ event: { kind: 'WALLET_TRADING_RESUMED', data: { paused: false, accountState: 'paused', accountReason: 'CONSECUTIVE_LOSSES' } } });
    expect((await audits(alice.id)).at(-1)).toMatchObject({ action: 'wallet.resumed', after: '{"tradingPaused":false,"accountState":"paused"}' });
  });
});
