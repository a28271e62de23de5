import { Decimal, ZERO } from '../money.js';
import type { Check, CheckCode, CheckUnit } from '../risk/check.js';

/** How much room one limit leaves after a trade, in the check's unit. */
export interface LimitHeadroom {
  readonly code: CheckCode;
  /** limit − value for a maximum, never below zero. */
  readonly leftValue: Decimal;
  readonly limit: Decimal;
  readonly unit: CheckUnit;
}

// Maximums whose value is measured with the trade included: room left = limit − value.
const maximums: ReadonlySet<CheckCode> = new Set<CheckCode>([
  'HEAT_LIMIT', 'MAX_POSITIONS', 'ASSET_EXPOSURE_LIMIT', 'POSITION_SIZE_LIMIT', 'BUYING_POWER_LIMIT', 'MARGIN_LIMIT',
  'CORRELATION_LIMIT', 'DAILY_LOSS_LIMIT', 'DAILY_LOSS_PCT_LIMIT', 'WEEKLY_LOSS_LIMIT', 'MONTHLY_LOSS_LIMIT',
]);
const numericUnits: ReadonlySet<CheckUnit> = new Set<CheckUnit>(['usd', 'pct', 'count']);

/**
 * The headroom of each portfolio limit after a trade, in the order the gate reported them:
 * heat, open positions, asset exposure, position size, buying power, margin, correlated group and
 * the loss budgets (USD, %, count). Checks without a number (states, minimums) are skipped; a
 * breached limit shows zero room. Pure.
 */
export function computeLimitHeadroom(checks: readonly Check[]): LimitHeadroom[] {
  const out: LimitHeadroom[] = [];
  for (const c of checks) {
    if (!maximums.has(c.code) || !numericUnits.has(c.unit) || c.value === null || c.limit === null) continue;
    const value = new Decimal(c.value);
    const limit = new Decimal(c.limit);
    const left = limit.minus(value);
    out.push({ code: c.code, leftValue: left.isNegative() ? ZERO : left, limit, unit: c.unit });
  }
  return out;
}
