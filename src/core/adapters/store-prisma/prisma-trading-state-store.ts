import type { TradingState as TradingStateRow } from '../../../generated/prisma/client.js';
import { dec } from '../../money.js';
import type { TradingStateReason, TradingState, TradingStatus } from '../../risk/evaluate-trading-state.js';
import type { PeriodMark, StoredTradingState, TradingStateStore } from '../../risk/trading-state-store.js';
import type { Db } from './open-database.js';

/** TradingStateStore on Prisma: one row per user plus an append-only TradingStateEvent log. */
export class PrismaTradingStateStore implements TradingStateStore {
  constructor(private readonly db: Db) {}

  async load(userId: number): Promise<StoredTradingState> {
    const row = await this.db.tradingState.findUniqueOrThrow({ where: { userId } });
    return fromRow(row);
  }

  async save(userId: number, s: StoredTradingState, expected: TradingStatus, options?: { readonly recordTransition: boolean }): Promise<boolean> {
    const data = {
      state: s.status.state,
      reason: s.status.reason,
      detail: JSON.stringify(s.status.detail),
      resumeAt: s.status.resumeAt,
      changedAt: s.status.changedAt,
      lossesCountedAfter: s.status.lossesCountedAfter,
      consecutiveLosses: s.consecutiveLosses,
      dayStartAt: s.periodMarks.day?.startAt ?? null,
      dayStartEquityUsd: s.periodMarks.day?.equityUsd.toString() ?? null,
      weekStartAt: s.periodMarks.week?.startAt ?? null,
      weekStartEquityUsd: s.periodMarks.week?.equityUsd.toString() ?? null,
      monthStartAt: s.periodMarks.month?.startAt ?? null,
      monthStartEquityUsd: s.periodMarks.month?.equityUsd.toString() ?? null,
    };
    // One transaction: the conditional update (compare-and-set on state and changedAt) and, only
    // if it won, the event row.
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.tradingState.updateMany({ where: { userId, state: expected.state, changedAt: expected.changedAt }, data });
      if (count === 0) return false;
      if (options?.recordTransition) {
        await tx.tradingStateEvent.create({
          data: {
            userId,
            fromState: expected.state,
            toState: s.status.state,
            reason: s.status.reason,
            detail: JSON.stringify(s.status.detail),
            at: s.status.changedAt,
          },
        });
      }
      return true;
    });
  }
}

function fromRow(row: TradingStateRow): StoredTradingState {
  const mark = (at: Date | null, equity: string | null): PeriodMark | null => (at && equity ? { startAt: at, equityUsd: dec(equity) } : null);
  return {
    status: {
      state: row.state as TradingState,
      reason: (row.reason ?? 'INITIAL') as TradingStateReason,
      detail: row.detail ? (JSON.parse(row.detail) as Record<string, string | number>) : {},
      resumeAt: row.resumeAt,
      changedAt: row.changedAt,
      lossesCountedAfter: row.lossesCountedAfter,
    },
    consecutiveLosses: row.consecutiveLosses,
    periodMarks: {
      day: mark(row.dayStartAt, row.dayStartEquityUsd),
      week: mark(row.weekStartAt, row.weekStartEquityUsd),
      month: mark(row.monthStartAt, row.monthStartEquityUsd),
    },
  };
}
