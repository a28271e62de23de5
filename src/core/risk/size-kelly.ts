import { ONE, type Decimal } from '../money.js';
import { err, ok, type Result } from '../result.js';

/** Inputs of {@link sizeKelly}. */
export interface KellyInput {
  readonly equityUsd: Decimal;
  /** Stop distance plus entry and stop-exit fees, quote per base unit. */
  readonly lossPerUnitQuote: Decimal;
  /** Payoff ratio R: net reward at the first target over the net loss at the stop. */
  readonly rr: Decimal;
  /** Win probability W, a ratio 0..1 (see estimateWinProbability). */
  readonly winProbability: Decimal;
  /** Fractional Kelly multiplier, a ratio (0.5 = half Kelly). */
  readonly kellyFraction: Decimal;
}

/** A positive Kelly size: the unrounded quantity and the fractions that produced it. */
export interface KellySize {
  readonly qtyBase: Decimal;
  /** Full Kelly f = W − (1 − W) / R, a ratio. */
  readonly kellyRaw: Decimal;
  /** Fraction of equity put at risk: f × kellyFraction, a ratio. */
  readonly riskFraction: Decimal;
}

/** Why Kelly declines: no edge. `kellyRaw` is null when the payoff ratio itself is not positive. */
export interface KellyRefusal {
  readonly code: 'KELLY_NON_POSITIVE';
  readonly kellyRaw: Decimal | null;
}

/**
 * Kelly criterion sizing. Interpretation used throughout the engine: the Kelly fraction is the
 * fraction of equity put at RISK (lost if the stop fills, fees included), not the notional.
 * This matches the bet Kelly describes: a win pays R per unit staked, a loss costs the stake,
 * and here the stake is the loss to the stop.
 *
 * qty = equity × f × kellyFraction / lossPerUnit, unrounded. Refuses with KELLY_NON_POSITIVE when
 * f <= 0 (the trade has no edge at this win probability and payoff) or when R <= 0.
 * Full Kelly is aggressive (W = 0.8, R = 2.8 puts 73 % of equity at risk); the position caps
 * of the decision usually bind first.
 */
export function sizeKelly(i: Readonly<KellyInput>): Result<KellySize, KellyRefusal> {
  if (i.rr.isZero() || i.rr.isNegative()) return err({ code: 'KELLY_NON_POSITIVE', kellyRaw: null });
  const kellyRaw = i.winProbability.minus(ONE.minus(i.winProbability).div(i.rr));
  if (kellyRaw.isZero() || kellyRaw.isNegative()) return err({ code: 'KELLY_NON_POSITIVE', kellyRaw });
  const riskFraction = kellyRaw.mul(i.kellyFraction);
  return ok({ qtyBase: i.equityUsd.mul(riskFraction).div(i.lossPerUnitQuote), kellyRaw, riskFraction });
}
