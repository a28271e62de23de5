import type { Clock } from '../ports.js';
import { computeSlippageStats, type SlippageStats } from './compute-slippage-stats.js';
import type { OrderRepository } from './order-repository.js';

export interface SlippageReport {
  readonly stats: SlippageStats;
  /** Start of the window the figures cover. */
  readonly since: Date;
  readonly days: number;
  /** Execution log rows in the window. */
  readonly rows: number;
}

/** The /slippage use case: slippage, fee and fill-rate analytics of a user's last `days` days (default 30). */
export function makeSlippageReport(deps: { readonly orders: OrderRepository; readonly clock: Clock; readonly days?: number }) {
  const days = deps.days ?? 30;
  return async function slippageReport(userId: number): Promise<SlippageReport> {
    const since = new Date(deps.clock.now().getTime() - days * 86_400_000);
    const rows = await deps.orders.executionLogsSince(userId, since);
    return { stats: computeSlippageStats(rows), since, days, rows: rows.length };
  };
}
