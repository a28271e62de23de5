import DecimalJs from 'decimal.js';

// decimal.js ships an ESM default export but CommonJS-style typings, so under NodeNext TypeScript
// sees the typings' namespace where the runtime has the class: re-type the runtime value once here.
// Everything else imports Decimal from this module, never from 'decimal.js'.
export const Decimal = DecimalJs as unknown as typeof DecimalJs.Decimal;
export type Decimal = DecimalJs.Decimal;
export declare namespace Decimal {
  type Rounding = DecimalJs.Decimal.Rounding;
  type Value = DecimalJs.Decimal.Value;
}

/**
 * Decimal is the only number type for money, prices, quantities and ratios in the engine.
 * 40 significant digits: far beyond any exchange's precision, so intermediate products never round.
 */
Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });

export type DecimalLike = Decimal | string | number;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

/** Parses a decimal from a trusted source (our DB, exchange API). Throws on garbage: that is a bug. */
export function dec(v: DecimalLike): Decimal {
  return v instanceof Decimal ? v : new Decimal(v);
}

/** Same as dec() for nullable columns. */
export function decOrNull(v: DecimalLike | null | undefined): Decimal | null {
  return v === null || v === undefined ? null : dec(v);
}

/**
 * Rounds a quantity DOWN to an exchange step: rounding up could exceed the risk budget or the balance.
 * A zero step means "no step" and returns the value unchanged.
 */
export function floorToStep(value: Decimal, step: Decimal): Decimal {
  if (step.isZero()) return value;
  return value.div(step).floor().mul(step);
}

/** Rounds a price to the nearest tick (exchanges reject off-tick prices). */
export function roundToTick(value: Decimal, tick: Decimal, mode: Decimal.Rounding = Decimal.ROUND_HALF_UP): Decimal {
  if (tick.isZero()) return value;
  return value.div(tick).toDecimalPlaces(0, mode).mul(tick);
}

/** ratio -> percent: 0.05 -> 5. */
export function toPct(ratio: Decimal): Decimal {
  return ratio.mul(HUNDRED);
}

/** percent -> ratio: 5 -> 0.05. */
export function fromPct(pct: Decimal): Decimal {
  return pct.div(HUNDRED);
}

export function maxDec(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

export function minDec(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

export function sumDec(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * a.cmp(b) (−1, 0 or 1; NaN if either is NaN) without the copy of `b` that decimal.js makes on every
 * comparison, because it also accepts numbers and strings: for hot paths such as the risk decision,
 * which compares some twenty times per trade. The algorithm is decimal.js's own, over its
 * documented read-only fields: `d` (digits in base 1e7, aligned by the exponent, no trailing zero
 * words), `e` (the exponent) and `s` (the sign).
 */
export function compareDec(a: Decimal, b: Decimal): number {
  const ad = a.d;
  const bd = b.d;
  // NaN or ±Infinity (never in money): decimal.js decides.
  if (!ad || !bd) return a.cmp(b);
  const as = a.s;
  if (!ad[0] || !bd[0]) return ad[0] ? as : bd[0] ? -b.s : 0;
  if (as !== b.s) return as;
  const isNegative = as < 0;
  if (a.e !== b.e) return a.e > b.e !== isNegative ? 1 : -1;
  const n = ad.length < bd.length ? ad.length : bd.length;
  for (let k = 0; k < n; k++) {
    const x = ad[k]!;
    const y = bd[k]!;
    if (x !== y) return x > y !== isNegative ? 1 : -1;
  }
  return ad.length === bd.length ? 0 : ad.length > bd.length !== isNegative ? 1 : -1;
}

/**
 * A double within 1.1e-14 (relative) of a finite Decimal, some ten times cheaper than toNumber(),
 * which goes through the decimal string. Read from decimal.js's documented read-only fields: `d`
 * holds the digits in base 1e7, the first word the leading ones, `e` is the decimal exponent and
 * `s` the sign. The first three words carry 15 or more significant digits; the words left out weigh
 * less than 1e-14 of the first, and the three additions and the scaling round by a few units in the
 * last place of a double (2^-53 each). NaN for NaN or ±Infinity. For estimates and display figures,
 * never for a rule's comparison.
 */
export function approxNumber(x: Decimal): number {
  const words = x.d;
  if (!words) return Number.NaN;
  const first = words[0]!;
  if (first === 0) return 0;
  let leadingDigits = 1;
  for (let w = first; w >= 10; w /= 10) leadingDigits++;
  const mantissa = first + (words[1] ?? 0) / 1e7 + (words[2] ?? 0) / 1e14;
  return x.s * mantissa * 10 ** (x.e - leadingDigits + 1);
}
