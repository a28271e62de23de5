import { approxNumber, type Decimal } from '../money.js';

/** Significant digits of a display figure: more than any message shows, and short exact values survive. */
const DISPLAY_DIGITS = 12;

/**
 * A figure the decision reports for people and never compares: a percentage of equity, an R:R, a
 * Kelly fraction. Every rule is decided exactly in Decimal (USD amounts against USD limits, the
 * reward against the minimum R:R times the loss); these figures say how far a value is from its
 * limit. They are not money: no amount is ever computed from one.
 *
 * Why a double rounded to 12 significant digits and not a Decimal: in decimal.js a 40-digit
 * division costs about 2 µs, a product with a 40-digit factor such as 100 / equity about 0.8 µs, and
 * even building a Decimal from a number about 1 µs, so exact display figures were over half of a
 * decision's time. Values of up to 12 significant digits (19.998, 2, 0.4, 100) come out exactly;
 * others differ from the exact quotient after the 12th digit.
 */
export function displayFigure(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const magnitude = Math.abs(x);
  const shift = DISPLAY_DIGITS - 1 - Math.floor(Math.log10(magnitude));
  // Powers of ten up to 1e22 are exact doubles; beyond, the exactly rounded string is cheaper to trust.
  let rounded: number;
  if (shift > 22 || shift < -22) rounded = Number(magnitude.toPrecision(DISPLAY_DIGITS));
  else if (shift >= 0) rounded = Math.round(magnitude * 10 ** shift) / 10 ** shift;
  else rounded = Math.round(magnitude / 10 ** -shift) * 10 ** -shift;
  return x < 0 ? -rounded : rounded;
}

/** a / b as a {@link displayFigure}; `b` must not be zero. */
export function displayQuotient(a: Decimal, b: Decimal): number {
  return displayFigure(approxNumber(a) / approxNumber(b));
}
