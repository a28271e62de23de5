import type { Decimal } from '../money.js';
import { floorQuotientToStep } from './floor-to-amount-step.js';

/**
 * Fixed fractional: risks a fixed share of equity per trade. `riskBudgetUsd` is
 * equity × riskPerTradePercent / 100 (prepareRiskBook computes it once per tick).
 * Returns the base quantity riskBudget / lossPerUnit, where the loss per unit is the stop
 * distance plus the entry and stop-exit fees, so the fees are inside the risked amount: unrounded,
 * or, given the market's `amountStep`, rounded down to it exactly (see floorQuotientToStep).
 * The caller has already refused a non-positive loss per unit (stop on the wrong side).
 */
export function sizeFixedFractional(riskBudgetUsd: Decimal, lossPerUnitQuote: Decimal, amountStep?: Decimal): Decimal {
  return amountStep === undefined ? riskBudgetUsd.div(lossPerUnitQuote) : floorQuotientToStep(riskBudgetUsd, lossPerUnitQuote, amountStep);
}
