import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { makeExecutionHistory } from '../../../src/core/execution/execution-history.js';
import { makeSlippageReport } from '../../../src/core/execution/slippage-report.js';
import { InMemoryOrderRepository } from '../../support/in-memory-order-repository.js';
import { logRow } from './log-builders.js';

async function repoWith(count: number) {
  const orders = new InMemoryOrderRepository();
  for (let i = 0; i < count; i++) {
    const { id: _id, side: _s, clientOrderId: _c, ...entry } = logRow({ orderId: null, timestamp: new Date(Date.UTC(2025, 0, 1, 0, i)), requestedQtyBase: new Decimal(i + 1) });
    await orders.appendExecutionLog(entry);
  }
  return orders;
}

describe('makeExecutionHistory', () => {
  it('pages newest first and clamps the page into range', async () => {
    const history = makeExecutionHistory({ orders: await repoWith(12), pageSize: 5 });
    const first = await history(1, 1);
    expect(first).toMatchObject({ page: 1, pageCount: 3, total: 12, pageSize: 5 });
    expect(first.rows.map((r) => r.requestedQtyBase.toNumber())).toEqual([12, 11, 10, 9, 8]);
    expect((await history(1, 3)).rows.map((r) => r.requestedQtyBase.toNumber())).toEqual([2, 1]);
    expect((await history(1, 99)).page).toBe(3);
    expect((await history(1, 0)).page).toBe(1);
    expect(await history(2, 1)).toMatchObject({ page: 1, pageCount: 1, total: 0, rows: [] });
  });
});

describe('makeSlippageReport', () => {
  it('covers the last N days of the user only', async () => {
    const orders = await repoWith(3);
    const report = makeSlippageReport({ orders, clock: { now: () => new Date(Date.UTC(2025, 0, 1, 0, 2)) }, days: 1 / 1440 });
    const r = await report(1);
    expect(r.rows).toBe(2);
    expect(r.since.toISOString()).toBe('2025-01-01T00:01:00.000Z');
    expect(r.stats.overall.fills).toBe(2);
  });
});
