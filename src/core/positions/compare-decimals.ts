import type { Decimal } from '../money.js';

/*
 * The position monitor compares the same few prices for thousands of positions every tick, and
 * decimal.js allocates a copy of the right-hand operand on every comparison and formats a string on
 * every toNumber (together about a microsecond). Comparisons therefore go through a cheap double
 * approximation first and fall back to the exact Decimal comparison only when the two doubles are
 * too close to be trusted, so the answer is always exactly `a.cmp(b)`.
 */

// decimal.js documents its representation: `d` holds base-1e7 words, `e` the decimal exponent, `s` the sign.
const WORD = 1e7;
// Powers of 1e7 that are exact doubles (1e21 is the last): dividing an exact integer by one of them
// rounds once, correctly.
const EXACT_WORD_POWERS = [1, 1e7, 1e14, 1e21];
// Words are gathered into an exact integer while it stays below 2^53 after one more word.
const GATHER_LIMIT = 9e8;
// The approximation is within 1.5 units in the last place (~3e-16 relative); doubles closer
// than this are not trusted to order the Decimals.
const TRUST = 1e-12;

/**
 * A double within about 3e-16 (relative) of `x`, read from its digits without building a string
 * (often the correctly rounded one: whenever the digits fit an exact integer below 2^53).
 * Non-decreasing in `x` within each range of seven decimal orders of magnitude. Cheap: a few
 * float operations, against about a microsecond for Decimal#toNumber.
 */
export function toApproxNumber(x: Decimal): number {
  const d = x.d;
  if (d === null || d === undefined) return x.toNumber(); // NaN or ±Infinity
  let whole = d[0]!;
  let n = 1;
  while (n < d.length && whole < GATHER_LIMIT) whole = whole * WORD + d[n++]!;
  if (n < d.length) whole += d[n]! / WORD;
  // The last gathered word weighs 1e7^p.
  const p = Math.floor(x.e / 7) - n + 1;
  return x.s * (p >= 0 ? whole * wordPower(p) : whole / wordPower(-p));
}

function wordPower(m: number): number {
  return m < EXACT_WORD_POWERS.length ? EXACT_WORD_POWERS[m]! : WORD ** m;
}

/** Exact comparison of two Decimals: -1, 0 or 1, as `a.cmp(b)`, usually without touching the Decimal arithmetic. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  if (a === b) return 0;
  return compareWithDoubles(a, toApproxNumber(a), b, toApproxNumber(b));
}

/** compareDecimals when the approximations `x` of `a` and `y` of `b` (toApproxNumber) are at hand. */
export function compareWithDoubles(a: Decimal, x: number, b: Decimal, y: number): number {
  const margin = TRUST * (Math.abs(x) + Math.abs(y));
  if (x - y > margin) return 1;
  if (y - x > margin) return -1;
  return a === b ? 0 : a.cmp(b);
}
