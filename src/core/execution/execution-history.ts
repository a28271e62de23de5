import type { ExecutionLogRecord, OrderRepository } from './order-repository.js';

/** One page of a user's execution log, newest first. Pages count from 1. */
export interface ExecutionHistoryPage {
  readonly rows: readonly ExecutionLogRecord[];
  readonly page: number;
  readonly pageCount: number;
  readonly pageSize: number;
  readonly total: number;
}

/**
 * The /executions use case: `history(userId, page)` returns that page, clamped into 1..pageCount
 * (a stale "next" button on a shrunken history shows the last page rather than an empty one).
 */
export function makeExecutionHistory(deps: { readonly orders: OrderRepository; readonly pageSize?: number }) {
  const pageSize = Math.max(1, deps.pageSize ?? 5);
  return async function executionHistory(userId: number, page: number): Promise<ExecutionHistoryPage> {
    const wanted = Number.isInteger(page) && page > 0 ? page : 1;
    let result = await deps.orders.listExecutionLogs(userId, { offset: (wanted - 1) * pageSize, limit: pageSize });
    const pageCount = Math.max(1, Math.ceil(result.total / pageSize));
    const current = Math.min(wanted, pageCount);
    if (current !== wanted) result = await deps.orders.listExecutionLogs(userId, { offset: (current - 1) * pageSize, limit: pageSize });
    return { rows: result.rows, page: current, pageCount, pageSize, total: result.total };
  };
}
