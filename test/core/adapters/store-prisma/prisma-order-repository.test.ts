import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import { PrismaAccountRepository } from '../../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import type { ExecutionLogEntry, NewOrderIntent } from '../../../../src/core/execution/order-repository.js';
import { createTestDatabase, type TestDatabase } from '../../../support/temp-db.js';

const at = new Date('2025-03-01T12:00:00Z');

describe('PrismaOrderRepository', () => {
  let t: TestDatabase;
  let repo: PrismaOrderRepository;
  let userId: number;
  let walletId: number;
  beforeAll(async () => {
    t = await createTestDatabase();
    repo = new PrismaOrderRepository(t.db);
    const accounts = new PrismaAccountRepository(t.db);
    const { user } = await accounts.registerUser({ telegramId: '5', displayName: 'O', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(1), now: at });
    userId = user.id;
    walletId = (await accounts.listWallets(user.id))[0]!.id;
  });
  afterAll(() => t.close());

  const intent = (clientOrderId: string): NewOrderIntent => ({
    userId, walletId, positionId: null, clientOrderId, symbol: 'BTC/USDT', side: 'sell', type: 'market', purpose: 'stop', reduceOnly: true,
    qtyBase: new Decimal('0.123456789012345678'), limitPrice: new Decimal('60123.456789012345678'), createdAt: at,
  });

  it('stores an intent before sending, with exact decimals, and refuses a reused client id', async () => {
    const o = await repo.recordIntent(intent('ras-1-a'));
    expect(o).toMatchObject({ status: 'intent', clientOrderId: 'ras-1-a', side: 'sell', type: 'market', purpose: 'stop', reduceOnly: true, exchangeOrderId: null, error: null });
    expect(o.qtyBase.toString()).toBe('0.123456789012345678');
    expect(o.limitPrice?.toString()).toBe('60123.456789012345678');
    expect(o.filledQtyBase.isZero()).toBe(true);
    await expect(repo.recordIntent(intent('ras-1-a'))).rejects.toThrow();
  });

  it('updates status with fills, fees and the exchange id; lists only unresolved orders', async () => {
    const o = (await repo.findByClientOrderId('ras-1-a'))!;
    await repo.updateOrder(o.id, { status: 'sent', at });
    const filled = await repo.updateOrder(o.id, {
      status: 'filled', exchangeOrderId: 'X1', filledQtyBase: new Decimal('0.123456789012345678'), avgFillPrice: new Decimal('60000.000000000000001'), feeQuote: new Decimal('7.4074'), error: null, at,
    });
    expect(filled).toMatchObject({ status: 'filled', exchangeOrderId: 'X1' });
    expect(filled.avgFillPrice?.toString()).toBe('60000.000000000000001');
    expect(filled.feeQuote.toString()).toBe('7.4074');
    const others = await Promise.all(['b', 'c', 'd', 'e'].map((s) => repo.recordIntent(intent(`ras-1-${s}`))));
    await repo.updateOrder(others[1]!.id, { status: 'unknown', error: 'UNKNOWN_OUTCOME', at });
    await repo.updateOrder(others[2]!.id, { status: 'open', at });
    await repo.updateOrder(others[3]!.id, { status: 'canceled', at });
    expect((await repo.listUnresolved()).map((x) => [x.clientOrderId, x.status])).toEqual([
      ['ras-1-b', 'intent'],
      ['ras-1-c', 'unknown'],
      ['ras-1-d', 'open'],
    ]);
    expect((await repo.findByClientOrderId('ras-1-c'))?.error).toBe('UNKNOWN_OUTCOME');
  });

  it('appends execution log rows with every column, pages them newest first, and reads a window', async () => {
    const order = (await repo.findByClientOrderId('ras-1-a'))!;
    const entry = (minute: number, over: Partial<ExecutionLogEntry> = {}): ExecutionLogEntry => ({
      userId, positionId: null, orderId: order.id, timestamp: new Date(at.getTime() + minute * 60_000), action: 'stop', symbol: 'BTC/USDT', orderType: 'market',
      requestedPrice: new Decimal('60001.1'), signalPrice: new Decimal('60010'), executedPrice: new Decimal('60000.000000000000001'), slippagePct: new Decimal('0.00183331944467592185'),
      requestedQtyBase: new Decimal('0.123456789012345678'), filledQtyBase: new Decimal('0.123456789012345678'), fillPct: new Decimal(100), feesQuote: new Decimal('7.4074'),
      executionTimeMs: 123.6, status: 'success', errorMessage: null, retryCount: 2, volatilityPct: new Decimal('0.42'), liquidityQuote: new Decimal('1234567.89'), ...over,
    });
    for (let m = 0; m < 7; m++) await repo.appendExecutionLog(entry(m, m === 6 ? { orderId: null, status: 'failed', errorMessage: 'SLIPPAGE_TOO_HIGH: x' } : {}));

    const page = await repo.listExecutionLogs(userId, { offset: 0, limit: 3 });
    expect(page.total).toBe(7);
    expect(page.rows.map((r) => r.timestamp.getTime() - at.getTime())).toEqual([360_000, 300_000, 240_000]);
    expect(page.rows[0]).toMatchObject({ orderId: null, side: null, clientOrderId: null, status: 'failed', errorMessage: 'SLIPPAGE_TOO_HIGH: x' });
    const row = page.rows[1]!;
    expect(row).toMatchObject({ action: 'stop', orderType: 'market', status: 'success', retryCount: 2, executionTimeMs: 124, side: 'sell', clientOrderId: 'ras-1-a' });
    for (const [k, v] of Object.entries({ requestedPrice: '60001.1', signalPrice: '60010', executedPrice: '60000.000000000000001', slippagePct: '0.00183331944467592185', requestedQtyBase: '0.123456789012345678', fillPct: '100', feesQuote: '7.4074', volatilityPct: '0.42', liquidityQuote: '1234567.89' })) {
      expect(String((row as unknown as Record<string, Decimal>)[k]), k).toBe(v);
    }
    expect((await repo.listExecutionLogs(userId, { offset: 6, limit: 3 })).rows).toHaveLength(1);
    expect((await repo.listExecutionLogs(userId + 1, { offset: 0, limit: 3 })).total).toBe(0);
    const since = await repo.executionLogsSince(userId, new Date(at.getTime() + 5 * 60_000));
    expect(since.map((r) => r.timestamp.getTime() - at.getTime())).toEqual([300_000, 360_000]);
    expect(await repo.executionLogsSince(userId, null)).toHaveLength(7);
  });
});
