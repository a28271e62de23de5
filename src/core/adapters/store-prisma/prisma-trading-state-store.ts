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

  async save(userId: number, s: StoredTradingState, transition?: { readonly from: TradingStatus }): Promise<void> {
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
    const writes = [this.db.tradingState.update({ where: { userId }, data })];
    if (transition) {
      writes.push(
        this.db.tradingStateEvent.create({
          data: {
            userId,
            fromState: transition.from.state,
            toState: s.status.state,
            reason: s.status.reason,
            detail: JSON.stringify(s.status.detail),
            at: s.status.changedAt,
          },
        }) as never,
      );
    }
    await this.db.$transaction(writes);
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
