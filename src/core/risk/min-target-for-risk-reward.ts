import { Decimal, ONE, roundToTick } from '../money.js';
import { err, ok, type Result } from '../result.js';
import { computeRiskReward } from './compute-risk-reward.js';
import type { PositionSide } from './trade-intent.js';

/** Inputs of {@link minTargetForRiskReward}; prices in quote (USD), fee rate a ratio (0.001 is 0.1 %). */
export interface MinTargetInput {
  readonly side: PositionSide;
  readonly entryPriceQuote: Decimal;
  readonly stopPriceQuote: Decimal;
  /** Required R:R as a ratio (1.5 means 1.5:1), usually `settings.minRiskRewardRatio`. */
  readonly minRiskReward: Decimal;
  readonly feeRate: Decimal;
  /** The market's price tick; the result is rounded away from the entry onto it. Zero: no rounding. */
  readonly priceTick: Decimal;
}

/**
 * The closest first target that reaches the minimum R:R with the same fee model as the R:R check
 * (taker fee on entry, stop exit and target exit), so the bot can say "move the target to at least …".
 *
 * Long: solves (T − E) − f·E − f·T = R·L for T, so T = (E·(1 + f) + R·L) / (1 − f), rounded UP to the tick;
 * short: (E − T) − f·E − f·T = R·L, so T = (E·(1 − f) − R·L) / (1 + f), rounded DOWN. L is the loss per
 * unit to the stop including fees. Refuses with the R:R refusals for bad prices, and TARGET_UNREACHABLE
 * when a short would need a target at or below zero (or the fee rate is 100 % or more).
 */
export function minTargetForRiskReward(
  i: Readonly<MinTargetInput>,
): Result<Decimal, 'INVALID_PRICE' | 'STOP_WRONG_SIDE' | 'TARGET_UNREACHABLE'> {
  // Any positive target gives the loss side of the R:R; the target itself does not change it.
  const figures = computeRiskReward(i.side, i.entryPriceQuote, i.stopPriceQuote, i.entryPriceQuote, i.feeRate);
  if (!figures.ok) return figures;
  if (i.feeRate.gte(ONE)) return err('TARGET_UNREACHABLE');
  const neededRewardQuote = i.minRiskReward.mul(figures.value.lossPerUnitQuote);
  if (i.side === 'long') {
    const target = i.entryPriceQuote.mul(ONE.plus(i.feeRate)).plus(neededRewardQuote).div(ONE.minus(i.feeRate));
    return ok(roundToTick(target, i.priceTick, Decimal.ROUND_UP));
  }
  const target = i.entryPriceQuote.mul(ONE.minus(i.feeRate)).minus(neededRewardQuote).div(ONE.plus(i.feeRate));
  const rounded = roundToTick(target, i.priceTick, Decimal.ROUND_DOWN);
  return rounded.gt(0) ? ok(rounded) : err('TARGET_UNREACHABLE');
}
