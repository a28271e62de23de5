import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import { PrismaAccountRepository } from '../../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { createTestDatabase, type TestDatabase } from '../../../support/temp-db.js';

describe('money and quantities in SQLite', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.close(); });

  const values = ['0.123456789012345678', '123456789.012345678', '98765.4321098765432', '-0.000000000000000001', '1e-18'];

  it('round-trips 18 significant digits exactly through an order row', async () => {
    const repo = new PrismaAccountRepository(t.db);
    const { user } = await repo.registerUser({ telegramId: '42', displayName: 'T', timezone: 'UTC', paperStartingBalanceUsd: new Decimal('10000'), now: new Date() });
    const [wallet] = await repo.listWallets(user.id);
    for (const [i, v] of values.entries()) {
      const written = new Decimal(v);
      await t.db.order.create({
        data: {
          userId: user.id, walletId: wallet!.id, clientOrderId: `rt-${i}`, symbol: 'BTC/USDT', side: 'buy', type: 'limit',
          purpose: 'entry', qtyBase: written.toString(), limitPrice: written.toString(),
        },
      });
      const row = await t.db.order.findUniqueOrThrow({ where: { clientOrderId: `rt-${i}` } });
      expect(new Decimal(row.qtyBase).eq(written)).toBe(true);
      expect(new Decimal(row.limitPrice!).toString()).toBe(written.toString());
    }
  });

  it('keeps a value that a double would round (the reason money is stored as text)', async () => {
    const v = '0.123456789012345678';
    expect(String(Number(v))).not.toBe(v);
    const rows = await t.db.$queryRawUnsafe<{ qtyBase: string }[]>(`SELECT "qtyBase" FROM "Order" WHERE "clientOrderId" = 'rt-0'`);
    expect(rows[0]!.qtyBase).toBe(v);
  });
});
