import { approxNumber, Decimal, ZERO } from '../money.js';

// Exchange steps are nearly always powers of ten (0.00001, 0.001, 1): for those, truncating the
// decimals is the same floor as dividing by the step, at a fraction of the cost.
const POWERS_OF_TEN: readonly Decimal[] = Array.from({ length: 19 }, (_, k) => new Decimal(`1e-${k}`));

/** Digits a Decimal holds exactly (Decimal.set in money.ts): a product with more would be rounded. */
const PRECISION = 40;

/**
 * Rounds a quantity DOWN to a multiple of the exchange's amount step (rounding up could break every
 * limit). A zero step means "no step" and floors to 18 decimals.
 */
export function floorToAmountStep(qty: Decimal, step: Decimal): Decimal {
  // A quantity with no more decimals than the step allows is already floored (the sizing methods
  // floor their quantity themselves): counting decimals is far cheaper than rounding.
  if (step.isZero()) return qty.decimalPlaces() <= 18 ? qty : qty.toDecimalPlaces(18, Decimal.ROUND_DOWN);
  const dp = step.decimalPlaces();
  const power = POWERS_OF_TEN[dp];
  if (power !== undefined && step.eq(power)) return qty.decimalPlaces() <= dp ? qty : qty.toDecimalPlaces(dp, Decimal.ROUND_DOWN);
  return qty.div(step).floor().mul(step);
}

/**
 * The largest multiple of `step` that is at most numerator / denominator (zero when that is
 * negative): the quantity a budget buys at a per-unit cost, floored to the amount step.
 * `denominator` must be positive. A zero step floors to 18 decimals, as floorToAmountStep.
 *
 * Exact, and several times cheaper than floorToAmountStep(numerator.div(denominator), step), which
 * computes 40 significant digits (a slow long division), rounds them half-even and floors them.
 * The number of steps q = numerator / (denominator × step) is estimated in doubles (see
 * approxNumber in money.ts): the estimate is off by less than 3.4e-14 × q, so below 1e10 steps by less than 0.001,
 * and when its fractional part lies between 0.05 and 0.95 its floor is the floor of q for certain.
 * Otherwise (q within 0.05 of a whole number, or very large) one truncating division decides
 * exactly: divToInt computes only the integer digits and never rounds. Either way the result agrees
 * with flooring the 40-digit quotient, except where that rounding carried the quotient up onto a
 * multiple of the step (possible only with operands of some 40 digits): there the old result was
 * one step too large, its cost above the budget.
 */
export function floorQuotientToStep(numerator: Decimal, denominator: Decimal, step: Decimal): Decimal {
  if (numerator.isNegative() || numerator.isZero()) return ZERO;
  if (step.isZero()) return numerator.div(denominator).toDecimalPlaces(18, Decimal.ROUND_DOWN);
  const estimate = approxNumber(numerator) / (approxNumber(denominator) * approxNumber(step));
  const whole = Math.floor(estimate);
  const fraction = estimate - whole;
  if (estimate < MAX_ESTIMATED_STEPS && fraction > 0.05 && fraction < 0.95) return whole === 0 ? ZERO : step.mul(whole);
  // denominator × step must be exact: it is whenever the two mantissas fit the precision together
  // (always for a power-of-ten step: only the exponent moves); otherwise floor the rounded quotient.
  if (denominator.precision() + step.precision() > PRECISION) return floorToAmountStep(numerator.div(denominator), step);
  const steps = numerator.divToInt(denominator.mul(step));
  return steps.isZero() ? ZERO : steps.mul(step);
}

/** Whole numbers of steps up to here are estimated with an error far below the 0.05 margin. */
const MAX_ESTIMATED_STEPS = 1e10;

/**
 * step × floor(q), from an estimate of the number of steps q known to be within `relativeError` of
 * it (relative), when the estimate decides the floor for certain; null when q may lie on either side
 * of a whole number (or the estimate is not a usable number), and the caller must compute exactly.
 */
export function floorEstimatedSteps(estimate: number, relativeError: number, step: Decimal): Decimal | null {
  if (!(estimate >= 0 && estimate < MAX_ESTIMATED_STEPS)) return null;
  const slack = estimate * relativeError;
  const whole = Math.floor(estimate - slack);
  if (whole !== Math.floor(estimate + slack)) return null;
  return whole === 0 ? ZERO : step.mul(whole);
}
