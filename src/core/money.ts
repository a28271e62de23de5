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
