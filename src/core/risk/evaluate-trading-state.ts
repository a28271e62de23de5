import type { LossBudgetStatus, LossLimitCode, PeriodLoss } from './compute-loss-budgets.js';
import { countConsecutiveLosses } from './count-consecutive-losses.js';
import type { ClosedTradeOutcome } from './summarize-trade-history.js';

/**
 * - active: entries and exits allowed.
 * - reducing: a loss budget is spent; exits only; resumes by itself at `resumeAt` (next period start).
 * - paused: by the user or by a losing streak; exits only; only a manual resume lifts it.
 * - killed: kill switch; only an explicit resume lifts it.
 */
export type TradingState = 'active' | 'reducing' | 'paused' | 'killed';

/** Why the state is what it is (the last transition's cause). */
export type TradingStateReason =
  | 'INITIAL'
  | 'USER_PAUSE'
  | 'USER_RESUME'
  | 'USER_KILL'
  | 'CONSECUTIVE_LOSSES'
  | 'PERIOD_RESET'
  | LossLimitCode;

/** Explicit user commands; automatic transitions need none. */
export type TradingCommand = 'pause' | 'resume' | 'kill';

/** JSON-safe numbers behind a reason (decimals as strings), for the bot and the event log. */
export type TradingStateDetail = Readonly<Record<string, string | number>>;

/** The persisted trading status of one user. */
export interface TradingStatus {
  readonly state: TradingState;
  readonly reason: TradingStateReason;
  readonly detail: TradingStateDetail;
  /** Automatic resume instant (reducing only), else null. */
  readonly resumeAt: Date | null;
  readonly changedAt: Date;
  /**
   * Losing streaks count only trades closed after this instant: the last manual resume (null: all).
   * Without it a resume after three losses would pause again on the same three losses.
   */
  readonly lossesCountedAfter: Date | null;
}

/** Inputs of one evaluation, all computed for the same `now`. */
export interface TradingStateInputs {
  readonly command?: TradingCommand | null;
  readonly lossBudgets: LossBudgetStatus;
  readonly closedTrades: readonly ClosedTradeOutcome[];
  /** Streak that pauses trading; 0 or less disables the rule. */
  readonly maxConsecutiveLosses: number;
}

/** Next status and what it allows. `changed` is false when `status` is the unchanged `current`. */
export interface TradingStateEvaluation {
  readonly status: TradingStatus;
  readonly changed: boolean;
  readonly consecutiveLosses: number;
  readonly allowsEntries: boolean;
  /** Always true: no state ever blocks closing a position. */
  readonly allowsExits: true;
}

/** A fresh account's status: active since `at`. */
export function initialTradingStatus(at: Date): TradingStatus {
  return { state: 'active', reason: 'INITIAL', detail: {}, resumeAt: null, changedAt: at, lossesCountedAfter: null };
}

/**
 * The trading state machine, pure and idempotent: feeding its output back with the same inputs and
 * `now` returns that output unchanged (same object, `changed` false).
 *
 * Precedence: kill > pause (user) > losing streak > spent loss budget.
 * - kill: any state becomes killed; killed leaves only on `resume`.
 * - pause: active or reducing becomes paused (USER_PAUSE); paused leaves only on `resume`.
 * - resume (from paused or killed): losses start counting afresh at `now`, then the automatic
 *   rules below apply, so a resume with a spent budget lands in reducing. `resume` does not lift
 *   reducing: a loss budget is restored only by the calendar.
 * - automatic: a streak of maxConsecutiveLosses losses pauses (CONSECUTIVE_LOSSES); a spent budget
 *   makes active reducing until the end of the longest spent period; reducing returns to active at
 *   or after `resumeAt` once no budget is spent (PERIOD_RESET), even if equity recovered earlier.
 */
export function evaluateTradingState(current: TradingStatus, inputs: TradingStateInputs, now: Date): TradingStateEvaluation {
  const command = inputs.command ?? null;
  let base = current;
  if (command === 'kill') {
    return result(current, current.state === 'killed' ? current : status(current, 'killed', 'USER_KILL', {}, null, now), inputs);
  }
  if (current.state === 'killed' || current.state === 'paused') {
    if (command !== 'resume') return result(current, current, inputs);
    base = { state: 'active', reason: 'USER_RESUME', detail: {}, resumeAt: null, changedAt: now, lossesCountedAfter: now };
  } else if (command === 'pause') {
    return result(current, status(current, 'paused', 'USER_PAUSE', {}, null, now), inputs);
  }

  const losses = countConsecutiveLosses(inputs.closedTrades, base.lossesCountedAfter);
  if (inputs.maxConsecutiveLosses > 0 && losses >= inputs.maxConsecutiveLosses) {
    const detail = { consecutiveLosses: losses, limit: inputs.maxConsecutiveLosses };
    return result(current, status(base, 'paused', 'CONSECUTIVE_LOSSES', detail, null, now), inputs, losses);
  }

  const budgets = inputs.lossBudgets;
  const spent = bindingPeriod(budgets);
  if (base.state === 'reducing' && base.resumeAt !== null && now < base.resumeAt) {
    // Still inside the spent period; only a longer period being spent moves the resume later.
    if (spent === null || budgets.resumeAt === null || budgets.resumeAt <= base.resumeAt) return result(current, base, inputs, losses);
  }
  if (spent !== null) {
    const next = status(base, 'reducing', spent.code, periodDetail(spent.period), budgets.resumeAt, now);
    return result(current, next, inputs, losses);
  }
  if (base.state === 'reducing') {
    const detail = { previousReason: base.reason };
    return result(current, status(base, 'active', 'PERIOD_RESET', detail, null, now), inputs, losses);
  }
  return result(current, base, inputs, losses);
}

/** The spent period that ends last (month before week before day), with its reason code. */
function bindingPeriod(b: LossBudgetStatus): { code: LossLimitCode; period: PeriodLoss } | null {
  if (b.month.isBreached) return { code: 'MONTHLY_LOSS_LIMIT', period: b.month };
  if (b.week.isBreached) return { code: 'WEEKLY_LOSS_LIMIT', period: b.week };
  if (b.breached.includes('DAILY_LOSS_LIMIT')) return { code: 'DAILY_LOSS_LIMIT', period: b.day };
  if (b.day.isBreached) return { code: 'DAILY_LOSS_PCT_LIMIT', period: b.day };
  return null;
}

function periodDetail(p: PeriodLoss): TradingStateDetail {
  return {
    period: p.period,
    lossUsd: p.lossUsd.toString(),
    lossPct: p.lossPct.toString(),
    limitUsd: p.limitUsd.toString(),
    limitPct: p.limitPct.toString(),
    startEquityUsd: p.startEquityUsd.toString(),
  };
}

/** A new status, unless `from` already says the same thing (then `from`, for idempotence). */
function status(
  from: TradingStatus,
  state: TradingState,
  reason: TradingStateReason,
  detail: TradingStateDetail,
  resumeAt: Date | null,
  now: Date,
): TradingStatus {
  const sameResume = (from.resumeAt?.getTime() ?? null) === (resumeAt?.getTime() ?? null);
  if (from.state === state && from.reason === reason && sameResume && sameDetail(from.detail, detail)) return from;
  return { state, reason, detail, resumeAt, changedAt: now, lossesCountedAfter: from.lossesCountedAfter };
}

function sameDetail(a: TradingStateDetail, b: TradingStateDetail): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k]);
}

function result(current: TradingStatus, next: TradingStatus, inputs: TradingStateInputs, losses?: number): TradingStateEvaluation {
  return {
    status: next,
    changed: next !== current,
    consecutiveLosses: losses ?? countConsecutiveLosses(inputs.closedTrades, next.lossesCountedAfter),
    allowsEntries: next.state === 'active',
    allowsExits: true,
  };
}
