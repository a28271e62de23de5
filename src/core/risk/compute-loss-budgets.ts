import { HUNDRED, minDec, ZERO, type Decimal } from '../money.js';
import type { Check } from './check.js';
import { getPeriodBounds, type LossPeriod } from './get-period-bounds.js';
import type { RiskSettings } from './risk-settings.js';

/** Reasons a loss budget is spent. */
export type LossLimitCode = 'DAILY_LOSS_LIMIT' | 'DAILY_LOSS_PCT_LIMIT' | 'WEEKLY_LOSS_LIMIT' | 'MONTHLY_LOSS_LIMIT';

/** Inputs of {@link computeLossBudgets}. Equity figures in USD, including unrealised P&L. */
export interface LossBudgetInput {
  readonly now: Date;
  /** The user's IANA time zone, e.g. "Europe/Berlin". */
  readonly timeZone: string;
  readonly equityUsd: Decimal;
  /**
   * Equity at the start of the current day, ISO week and month (see getPeriodBounds for the
   * instants). Deposits and withdrawals inside a period must be netted out by the caller.
   */
  readonly equityAtDayStartUsd: Decimal;
  readonly equityAtWeekStartUsd: Decimal;
  readonly equityAtMonthStartUsd: Decimal;
  readonly settings: Pick<
    RiskSettings,
    'maxDailyLossUsd' | 'maxDailyLossPercent' | 'maxWeeklyLossPercent' | 'maxMonthlyLossPercent'
  >;
}

/** One period's P&L against its limit. */
export interface PeriodLoss {
  readonly period: LossPeriod;
  readonly startAt: Date;
  /** Next period's start: when a budget spent in this period is restored. */
  readonly endAt: Date;
  readonly startEquityUsd: Decimal;
  /** Equity now minus equity at the start, USD (negative is a loss). */
  readonly pnlUsd: Decimal;
  /** The loss as a positive amount (zero when in profit), USD. */
  readonly lossUsd: Decimal;
  /** The loss in percent of the start equity (5 means five per cent), >= 0. */
  readonly lossPct: Decimal;
  /** The percent limit of this period (settings). */
  readonly limitPct: Decimal;
  /** The binding limit in USD: the percent limit of the start equity, and for the day also maxDailyLossUsd. */
  readonly limitUsd: Decimal;
  /** How much more may be lost in this period, USD, >= 0. */
  readonly remainingUsd: Decimal;
  readonly isBreached: boolean;
}

/** Loss budgets of the day, week and month, ready for the decision and the state machine. */
export interface LossBudgetStatus {
  readonly day: PeriodLoss;
  readonly week: PeriodLoss;
  readonly month: PeriodLoss;
  /** Smallest remaining budget over all limits, USD, >= 0: the most a new trade may risk. */
  readonly remainingUsd: Decimal;
  /** Every limit reached, in order day USD, day %, week, month; empty when trading may continue. */
  readonly breached: readonly LossLimitCode[];
  /** When all breached budgets are restored (end of the longest breached period); null if none. */
  readonly resumeAt: Date | null;
  /** The four budget checks (DAILY_LOSS_LIMIT in USD, the others in percent) for the decision. */
  readonly checks: readonly Check[];
}

/**
 * Computes period P&L on equity (now, unrealised included, minus equity at the period start) for
 * the local day, ISO week and calendar month of the user's time zone, and compares the loss with
 * the daily USD and percent limits and the weekly and monthly percent limits.
 * A budget is spent when the loss is above zero and at or beyond its limit: a $500 loss spends a
 * $500 daily limit. A non-positive start equity makes any loss count as 100 %.
 */
export function computeLossBudgets(i: Readonly<LossBudgetInput>): LossBudgetStatus {
  const s = i.settings;
  const day = periodLoss(i, 'day', i.equityAtDayStartUsd, s.maxDailyLossPercent, s.maxDailyLossUsd);
  const week = periodLoss(i, 'week', i.equityAtWeekStartUsd, s.maxWeeklyLossPercent, null);
  const month = periodLoss(i, 'month', i.equityAtMonthStartUsd, s.maxMonthlyLossPercent, null);

  const dayUsdBreached = isSpent(day.lossUsd, s.maxDailyLossUsd);
  const dayPctBreached = isSpent(day.lossPct, s.maxDailyLossPercent);
  const breached: LossLimitCode[] = [];
  if (dayUsdBreached) breached.push('DAILY_LOSS_LIMIT');
  if (dayPctBreached) breached.push('DAILY_LOSS_PCT_LIMIT');
  if (week.isBreached) breached.push('WEEKLY_LOSS_LIMIT');
  if (month.isBreached) breached.push('MONTHLY_LOSS_LIMIT');

  let resumeAt: Date | null = null;
  for (const p of [day, week, month]) if (p.isBreached && (resumeAt === null || p.endAt > resumeAt)) resumeAt = p.endAt;

  const checks: Check[] = [
    { code: 'DAILY_LOSS_LIMIT', passed: !dayUsdBreached, value: day.lossUsd, limit: s.maxDailyLossUsd, unit: 'usd' },
    { code: 'DAILY_LOSS_PCT_LIMIT', passed: !dayPctBreached, value: day.lossPct, limit: s.maxDailyLossPercent, unit: 'pct' },
    { code: 'WEEKLY_LOSS_LIMIT', passed: !week.isBreached, value: week.lossPct, limit: week.limitPct, unit: 'pct' },
    { code: 'MONTHLY_LOSS_LIMIT', passed: !month.isBreached, value: month.lossPct, limit: month.limitPct, unit: 'pct' },
  ];
  const remainingUsd = minDec(day.remainingUsd, minDec(week.remainingUsd, month.remainingUsd));
  return { day, week, month, remainingUsd, breached, resumeAt, checks };
}

function periodLoss(
  i: Readonly<LossBudgetInput>,
  period: LossPeriod,
  startEquityUsd: Decimal,
  limitPct: Decimal,
  limitUsdCap: Decimal | null,
): PeriodLoss {
  const { startAt, endAt } = getPeriodBounds(i.now, i.timeZone, period);
  const pnlUsd = i.equityUsd.minus(startEquityUsd);
  const lossUsd = pnlUsd.isNegative() ? pnlUsd.neg() : ZERO;
  const hasBase = startEquityUsd.isPositive() && !startEquityUsd.isZero();
  const lossPct = lossUsd.isZero() ? ZERO : hasBase ? lossUsd.div(startEquityUsd).mul(HUNDRED) : HUNDRED;
  const pctLimitUsd = hasBase ? startEquityUsd.mul(limitPct).div(HUNDRED) : ZERO;
  const limitUsd = limitUsdCap === null ? pctLimitUsd : minDec(pctLimitUsd, limitUsdCap);
  const isBreached = isSpent(lossPct, limitPct) || (limitUsdCap !== null && isSpent(lossUsd, limitUsdCap));
  const left = limitUsd.minus(lossUsd);
  const remainingUsd = isBreached || left.isNegative() ? ZERO : left;
  return { period, startAt, endAt, startEquityUsd, pnlUsd, lossUsd, lossPct, limitPct, limitUsd, remainingUsd, isBreached };
}

function isSpent(loss: Decimal, limit: Decimal): boolean {
  return !loss.isZero() && loss.gte(limit);
}
