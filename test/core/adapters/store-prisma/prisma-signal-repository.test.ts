import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import { PrismaAccountRepository } from '../../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaSignalRepository } from '../../../../src/core/adapters/store-prisma/prisma-signal-repository.js';
import type { NewSignal } from '../../../../src/core/trading/signal-record.js';
import { createTestDatabase, type TestDatabase } from '../../../support/temp-db.js';

const d = (v: Decimal.Value) => new Decimal(v);
const at = new Date('2025-10-06T01:00:00Z');

describe('PrismaSignalRepository', () => {
  let t: TestDatabase;
  let repo: PrismaSignalRepository;
  let userId: number;
  const signal = (over: Partial<NewSignal> = {}): NewSignal => ({
    userId, walletId: null, source: 'webhook', idempotencyKey: 'tv-1', symbol: 'BTC/USDT', side: 'long',
    levels: { side: 'long', entry: { kind: 'market' }, stop: { kind: 'offset', offsetPct: d('-2.5') }, targets: [{ kind: 'offset', offsetPct: d(5) }, { kind: 'price', priceQuote: d('130000.123456789012345678') }] },
    prices: { entryPriceQuote: d(123000), stopPriceQuote: d(119925), targetPricesQuote: [d(129150), d('130000.123456789012345678')] },
    confidence: d('0.8'), note: 'breakout', receivedAt: at, expiresAt: new Date(at.getTime() + 300_000), ...over,
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    userId = (await new PrismaAccountRepository(t.db).registerUser({ telegramId: '77', displayName: 'S', timezone: 'UTC', paperStartingBalanceUsd: d(10000), now: at })).user.id;
    repo = new PrismaSignalRepository(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores a signal with its levels as written and reads them back exactly', async () => {
    const { kind, signal: s } = await repo.create(signal());
    expect(kind).toBe('created');
    expect(s.levels).toEqual(signal().levels);
    expect(s.prices.targetPricesQuote[1]!.toString()).toBe('130000.123456789012345678');
    expect([s.status, s.confidence?.toString(), s.note, s.source]).toEqual(['new', '0.8', 'breakout', 'webhook']);
  });

  it('a repeated idempotency key stores nothing and returns the first signal, even when two deliveries race', async () => {
    const again = await repo.create(signal({ confidence: d('0.1') }));
    expect(again.kind).toBe('duplicate');
    expect(again.signal.confidence?.toString()).toBe('0.8');
    const raced = await Promise.all([repo.create(signal({ idempotencyKey: 'tv-2' })), repo.create(signal({ idempotencyKey: 'tv-2' }))]);
    expect(raced.map((r) => r.kind).sort()).toEqual(['created', 'duplicate']);
    expect(raced[0].signal.id).toBe(raced[1].signal.id);
    expect(await t.db.signal.count()).toBe(2);
  });

  it('a signal without a confidence, or without a key, is stored as such', async () => {
    const a = await repo.create(signal({ idempotencyKey: null, confidence: null }));
    const b = await repo.create(signal({ idempotencyKey: null }));
    expect(a.kind).toBe('created');
    expect(b.signal.id).not.toBe(a.signal.id);
    expect(a.signal.confidence).toBeNull();
  });

  it('a status change is compare-and-set: of many concurrent approvals exactly one wins', async () => {
    const { signal: s } = await repo.create(signal({ idempotencyKey: 'tv-cas' }));
    expect(await repo.transition(s.id, ['new'], 'proposed')).toBe(true);
    const wins = await Promise.all(Array.from({ length: 8 }, () => repo.transition(s.id, ['proposed'], 'approved', { statusReason: 'APPROVED' })));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await repo.transition(s.id, ['proposed'], 'expired')).toBe(false);
    expect((await repo.findForUser(userId, s.id))?.status).toBe('approved');
    expect(await repo.findForUser(userId + 1, s.id)).toBeNull();
  });

  it('lists overdue new and proposed signals, oldest deadline first', async () => {
    const overdue = await repo.listOverdue(['new', 'proposed'], new Date(at.getTime() + 300_000), 10);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((s) => s.status === 'new' || s.status === 'proposed')).toBe(true);
    expect(await repo.listOverdue(['new', 'proposed'], new Date(at.getTime() + 299_999), 10)).toEqual([]);
  });
});
