import type { Decimal } from '../money.js';
import type { TradingStatus } from './evaluate-trading-state.js';
import type { LossPeriod } from './get-period-bounds.js';

/** Equity recorded when a loss-budget period began (the baseline its loss is measured from). */
export interface PeriodMark {
  readonly startAt: Date;
  readonly equityUsd: Decimal;
}

export type PeriodMarks = Readonly<Record<LossPeriod, PeriodMark | null>>;

export interface StoredTradingState {
  readonly status: TradingStatus;
  readonly consecutiveLosses: number;
  readonly periodMarks: PeriodMarks;
}

/** Persistence of a user's trading state; it survives restarts. */
export interface TradingStateStore {
  load(userId: number): Promise<StoredTradingState>;
  /**
   * Saves the state. When `transition` is given, the change is also appended to the state's event
   * log (from, to, reason, detail) in the same transaction.
   */
  save(userId: number, state: StoredTradingState, transition?: { readonly from: TradingStatus }): Promise<void>;
}
