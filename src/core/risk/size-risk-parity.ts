import type { Decimal } from '../money.js';
import { err, ok, type Result } from '../result.js';
import { floorQuotientToStep } from './floor-to-amount-step.js';

/**
 * Volatility of the traded asset over one candle of the caller's timeframe (daily is typical):
 * an average true range in quote per unit, or the standard deviation of log returns as a ratio.
 */
export type VolatilityEstimate =
  | { readonly kind: 'atr'; readonly atrQuote: Decimal }
  | { readonly kind: 'stdev'; readonly stdevRatio: Decimal };

/** Inputs of {@link sizeRiskParity}. */
export interface RiskParityInput {
  readonly equityUsd: Decimal;
  readonly entryPriceQuote: Decimal;
  /** Entry plus stop-exit fee per unit, quote. */
  readonly feePerUnitQuote: Decimal;
  /** Percent of equity (1 means one per cent): the whole book's one-candle volatility budget. */
  readonly riskPerTradePercent: Decimal;
  readonly maxOpenPositions: number;
  readonly volatility: VolatilityEstimate | undefined;
  /** The market's amount step: when given, the quantity is rounded down to it exactly (floorQuotientToStep). */
  readonly amountStep?: Decimal;
}

/** The quantity and the budget it was sized to. */
export interface RiskParitySize {
  /** Unrounded, or rounded down to `amountStep` when one was given. */
  readonly qtyBase: Decimal;
  /** Target one-candle volatility of this position, USD. */
  readonly volatilityBudgetUsd: Decimal;
  /** Volatility per unit, quote (ATR, or stdev × entry). */
  readonly volatilityPerUnitQuote: Decimal;
}

/**
 * Risk parity (volatility-adjusted) sizing: every position gets the same share of one
 * volatility budget. The book's budget is `riskPerTradePercent` of equity per candle, spread
 * equally over `maxOpenPositions`, so each position's budget is
 * equity × riskPerTradePercent / 100 / maxOpenPositions, and
 * qty = budget / (volatility per unit + fees per unit): fees count as a certain cost on top of the
 * expected move. Calmer assets get larger quantities, wilder ones smaller.
 *
 * Refuses with VOLATILITY_UNKNOWN when no estimate is given or it is not positive.
 */
export function sizeRiskParity(i: Readonly<RiskParityInput>): Result<RiskParitySize, 'VOLATILITY_UNKNOWN'> {
  const v = i.volatility;
  if (v === undefined) return err('VOLATILITY_UNKNOWN');
  const volatilityPerUnitQuote = v.kind === 'atr' ? v.atrQuote : v.stdevRatio.mul(i.entryPriceQuote);
  if (volatilityPerUnitQuote.isNaN() || volatilityPerUnitQuote.isZero() || volatilityPerUnitQuote.isNegative()) {
    return err('VOLATILITY_UNKNOWN');
  }
  const slots = Math.max(1, i.maxOpenPositions);
  const equityTimesPercent = i.equityUsd.mul(i.riskPerTradePercent);
  const volatilityBudgetUsd = equityTimesPercent.div(100 * slots);
  const perUnitQuote = volatilityPerUnitQuote.plus(i.feePerUnitQuote);
  // Rounded from the exact budget (equity × percent over 100 × slots), not from its 40-digit quotient.
  const qtyBase = i.amountStep === undefined
    ? volatilityBudgetUsd.div(perUnitQuote)
    : floorQuotientToStep(equityTimesPercent, perUnitQuote.mul(100 * slots), i.amountStep);
  return ok({ qtyBase, volatilityBudgetUsd, volatilityPerUnitQuote });
}
