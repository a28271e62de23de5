import type { Decimal } from '../money.js';

/**
 * Fixed fractional: risks a fixed share of equity per trade. `riskBudgetUsd` is
 * equity × riskPerTradePercent / 100 (prepareRiskBook computes it once per tick).
 * Returns the unrounded base quantity riskBudget / lossPerUnit, where the loss per unit is the stop
 * distance plus the entry and stop-exit fees, so the fees are inside the risked amount.
 * The caller has already refused a non-positive loss per unit (stop on the wrong side).
 */
export function sizeFixedFractional(riskBudgetUsd: Decimal, lossPerUnitQuote: Decimal): Decimal {
  return riskBudgetUsd.div(lossPerUnitQuote);
}
