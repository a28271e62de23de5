import { approxNumber, Decimal } from '../money.js';
import { err, ok, type Result } from '../result.js';
import { displayFigure, displayQuotient } from './display-figure.js';
import type { WinOdds } from './estimate-win-probability.js';
import { floorEstimatedSteps, floorQuotientToStep } from './floor-to-amount-step.js';

/** Inputs of {@link sizeKelly}. */
export interface KellyInput {
  readonly equityUsd: Decimal;
  /** Stop distance plus entry and stop-exit fees, quote per base unit. */
  readonly lossPerUnitQuote: Decimal;
  /** Net reward per unit at the first target, quote: the payoff ratio R is reward / loss. */
  readonly rewardPerUnitQuote: Decimal;
  /** Win probability W = wins / trials, 0..1 (see estimateWinOdds). */
  readonly winOdds: WinOdds;
  /** Fractional Kelly multiplier, a ratio (0.5 = half Kelly). */
  readonly kellyFraction: Decimal;
  /** The market's amount step: when given, the quantity is rounded down to it exactly (floorQuotientToStep). */
  readonly amountStep?: Decimal;
}

/**
 * A positive Kelly size: the quantity and the full Kelly fraction behind it. (The fraction of equity
 * put at risk, f × kellyFraction, is not returned: nothing reads it, and a product with f's 40
 * digits is one of the dearer operations of a decision.)
 */
export interface KellySize {
  /** Unrounded, or rounded down to `amountStep` when one was given. */
  readonly qtyBase: Decimal;
  /** Full Kelly f = W − (1 − W) / R, a ratio, as a display figure (see displayFigure). */
  readonly kellyRaw: number;
}

/** Why Kelly declines: no edge. `kellyRaw` is null when the payoff ratio itself is not positive. */
export interface KellyRefusal {
  readonly code: 'KELLY_NON_POSITIVE';
  readonly kellyRaw: number | null;
}

/**
 * Kelly criterion sizing. Interpretation used throughout the engine: the Kelly fraction is the
 * fraction of equity put at RISK (lost if the stop fills, fees included), not the notional.
 * This matches the bet Kelly describes: a win pays R per unit staked, a loss costs the stake,
 * and here the stake is the loss to the stop.
 *
 * qty = equity × f × kellyFraction / lossPerUnit. Refuses with KELLY_NON_POSITIVE when
 * f <= 0 (the trade has no edge at this win probability and payoff) or when R <= 0.
 *
 * R and W are taken as the fractions they are (reward / loss, wins / trials) and f is computed as
 * (wins × reward − (trials − wins) × loss) / (trials × reward): every step before the one
 * division is exact on short numbers, where working with R and W would carry 40 rounded digits
 * through each operation (several times slower in decimal.js). The quantity is rounded from the
 * exact fraction, not from f.
 *
 * When the amount step is given, the same figures are first estimated in doubles (see
 * estimateKelly); when the estimate decides both the sign of the edge and the floor to the step for
 * certain, as it does for any trade with a real edge, that is the answer, and the exact Decimal
 * computation runs only for the rest. A fast-check property shows the two agree.
 * Full Kelly is aggressive (W = 0.8, R = 2.8 puts 73 % of equity at risk); the position caps
 * of the decision usually bind first.
 */
export function sizeKelly(i: Readonly<KellyInput>): Result<KellySize, KellyRefusal> {
  const reward = i.rewardPerUnitQuote;
  if (reward.isZero() || reward.isNegative()) return err({ code: 'KELLY_NON_POSITIVE', kellyRaw: null });
  return (i.amountStep === undefined ? null : estimateKelly(i, i.amountStep)) ?? sizeKellyExactly(i);
}

/** sizeKelly in Decimal throughout (the reward is known to be positive). */
export function sizeKellyExactly(i: Readonly<KellyInput>): Result<KellySize, KellyRefusal> {
  const reward = i.rewardPerUnitQuote;
  const loss = i.lossPerUnitQuote;
  const { wins, trials } = i.winOdds;
  // trials × (W × reward − (1 − W) × loss): the edge per unit, scaled by the whole number `trials`.
  const edge = wins.mul(reward).minus(new Decimal(trials).minus(wins).mul(loss));
  const trialsReward = reward.mul(trials);
  const kellyRaw = displayQuotient(edge, trialsReward);
  if (edge.isZero() || edge.isNegative()) return err({ code: 'KELLY_NON_POSITIVE', kellyRaw });
  // qty = equity × kellyFraction × f / loss = equity × kellyFraction × edge / (trials × reward × loss).
  const riskTimesDenominator = i.equityUsd.mul(i.kellyFraction).mul(edge);
  const costTimesDenominator = trialsReward.mul(loss);
  const qtyBase = i.amountStep === undefined
    ? riskTimesDenominator.div(costTimesDenominator)
    : floorQuotientToStep(riskTimesDenominator, costTimesDenominator, i.amountStep);
  return ok({ qtyBase, kellyRaw });
}

/**
 * The edge counts only when it is at least this share of its scale (wins × reward + trials ×
 * loss): then the doubles' error, below 5e-14 of the scale, is under 5e-11 of the edge.
 */
const MIN_ESTIMATED_EDGE = 1e-3;
/** Relative error bound of the estimated number of steps: the edge's 5e-11 plus the other factors', with room to spare. */
const STEPS_RELATIVE_ERROR = 1e-10;

/**
 * sizeKelly from doubles (approxNumber, each within 1.1e-14 of its Decimal), or null when they
 * cannot decide: an edge too close to zero for its sign to be certain, or a number of steps too close
 * to a whole number for its floor to be. The quantity is then exact (a whole number of steps) and
 * f a display figure good to some ten significant digits.
 */
function estimateKelly(i: Readonly<KellyInput>, step: Decimal): Result<KellySize, KellyRefusal> | null {
  const { wins, trials } = i.winOdds;
  const w = approxNumber(wins);
  const reward = approxNumber(i.rewardPerUnitQuote);
  const loss = approxNumber(i.lossPerUnitQuote);
  const edge = w * reward - (trials - w) * loss;
  if (!(Math.abs(edge) >= MIN_ESTIMATED_EDGE * (w * reward + trials * loss))) return null;
  const kellyRaw = displayFigure(edge / (trials * reward));
  if (edge < 0) return err({ code: 'KELLY_NON_POSITIVE', kellyRaw });
  const steps = (approxNumber(i.equityUsd) * approxNumber(i.kellyFraction) * edge) / (trials * reward * loss * approxNumber(step));
  const qtyBase = floorEstimatedSteps(steps, STEPS_RELATIVE_ERROR, step);
  return qtyBase === null ? null : ok({ qtyBase, kellyRaw });
}
