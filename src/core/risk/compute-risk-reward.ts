import { compareDec, ZERO, type Decimal } from '../money.js';
import { err, ok, type Result } from '../result.js';
import { displayQuotient } from './display-figure.js';
import type { PositionSide } from './trade-intent.js';

/** Per-unit risk and reward of one trade, fees included. All prices in quote (USD) per base unit. */
export interface RiskRewardFigures {
  /** Price distance from entry to stop; positive when the stop is on the protective side. */
  readonly stopDistanceQuote: Decimal;
  /** Fees per unit for the entry plus the exit at the stop. */
  readonly feePerUnitQuote: Decimal;
  /** What one unit loses if stopped out: distance plus both fees. */
  readonly lossPerUnitQuote: Decimal;
  /** What one unit earns at the first target, net of entry and exit fees (negative if fees eat it). */
  readonly rewardPerUnitQuote: Decimal;
  /**
   * Reward over loss, both net of fees: the trade's R:R (a ratio, 2 means 2:1), as a display figure
   * (12 significant digits, see displayFigure). Rules compare exactly with meetsMinRiskReward.
   */
  readonly rr: number;
}

/**
 * Computes the per-unit loss to the stop, the reward to the first target and the R:R, with the
 * taker fee (`feeRate`, a ratio: 0.001 is 0.1 %) charged on the entry and on each exit, because
 * entries are usually market orders and a stop always fills as one.
 *
 * Refuses with INVALID_PRICE when a price is not positive, and STOP_WRONG_SIDE when the stop does not
 * protect (a long's stop at or above entry, a short's at or below). A target on the wrong side is not
 * refused here: it gives a negative R:R, which the R:R check rejects.
 */
export function computeRiskReward(
  side: PositionSide,
  entryQuote: Decimal,
  stopQuote: Decimal,
  targetQuote: Decimal,
  feeRate: Decimal,
): Result<RiskRewardFigures, 'INVALID_PRICE' | 'STOP_WRONG_SIDE'> {
  if (!isPositive(entryQuote) || !isPositive(stopQuote) || !isPositive(targetQuote)) return err('INVALID_PRICE');
  const isLong = side === 'long';
  const stopDistanceQuote = isLong ? entryQuote.minus(stopQuote) : stopQuote.minus(entryQuote);
  if (!isPositive(stopDistanceQuote)) return err('STOP_WRONG_SIDE');
  const grossRewardQuote = isLong ? targetQuote.minus(entryQuote) : entryQuote.minus(targetQuote);
  let feePerUnitQuote = ZERO;
  let rewardPerUnitQuote = grossRewardQuote;
  if (!feeRate.isZero()) {
    feePerUnitQuote = entryQuote.plus(stopQuote).mul(feeRate);
    rewardPerUnitQuote = grossRewardQuote.minus(entryQuote.plus(targetQuote).mul(feeRate));
  }
  const lossPerUnitQuote = stopDistanceQuote.plus(feePerUnitQuote);
  return ok({
    stopDistanceQuote,
    feePerUnitQuote,
    lossPerUnitQuote,
    rewardPerUnitQuote,
    rr: displayQuotient(rewardPerUnitQuote, lossPerUnitQuote),
  });
}

/** Strictly positive, without the cost of a full comparison. */
function isPositive(d: Decimal): boolean {
  return !d.isZero() && d.isPositive();
}

/** reward / loss >= minimum, decided exactly as reward >= minimum × loss (the loss is positive). */
export function meetsMinRiskReward(figures: RiskRewardFigures, minRiskReward: Decimal): boolean {
  return compareDec(figures.rewardPerUnitQuote, minRiskReward.mul(figures.lossPerUnitQuote)) >= 0;
}
