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
   * Saves the state only if the stored status is still `expected` (same state and changedAt):
   * a compare-and-set, so a writer that read an older state (a slow risk context valuing wallets
   * while the kill switch stored KILLED) cannot overwrite the newer one. Returns false, writing
   * nothing, when it lost; the caller re-reads and decides again. With `recordTransition` the
   * change is also appended to the state's event log (from `expected`) in the same transaction.
   */
  save(userId: number, state: StoredTradingState, expected: TradingStatus, options?: { readonly recordTransition: boolean }): Promise<boolean>;
}
