import type { ClosedTradeOutcome } from './summarize-trade-history.js';

/**
 * Length of the current losing streak: closed trades with a realised P&L below zero, counted from
 * the most recent backwards until the first trade that is not a loss (break-even ends a streak).
 * Only trades closed strictly after `after` count, so a manual resume starts a fresh streak.
 * Input order does not matter; trades closed at the same instant keep their input order.
 */
export function countConsecutiveLosses(trades: readonly ClosedTradeOutcome[], after: Date | null = null): number {
  const cutoff = after === null ? Number.NEGATIVE_INFINITY : after.getTime();
  const recent = trades
    .map((t, k) => ({ t, k }))
    .filter(({ t }) => t.closedAt.getTime() > cutoff)
    .sort((a, b) => a.t.closedAt.getTime() - b.t.closedAt.getTime() || a.k - b.k);
  let streak = 0;
  for (let k = recent.length - 1; k >= 0; k--) {
    if (!recent[k]!.t.realizedPnlUsd.isNegative() || recent[k]!.t.realizedPnlUsd.isZero()) break;
    streak++;
  }
  return streak;
}
