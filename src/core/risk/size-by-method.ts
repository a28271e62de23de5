import { ZERO, type Decimal } from '../money.js';
import type { Check } from './check.js';
import { estimateWinOdds } from './estimate-win-probability.js';
import type { RiskSettings } from './risk-settings.js';
import { sizeFixedAmount } from './size-fixed-amount.js';
import { sizeFixedFractional } from './size-fixed-fractional.js';
import { sizeKelly } from './size-kelly.js';
import { sizeRiskParity, type VolatilityEstimate } from './size-risk-parity.js';
import type { TradeHistorySummary } from './summarize-trade-history.js';

/** Inputs of {@link sizeByMethod}: the trade's per-unit figures (see computeRiskReward) and context. */
export interface MethodSizingInput {
  readonly settings: RiskSettings;
  readonly equityUsd: Decimal;
  /** Fixed fractional's budget: equity × riskPerTradePercent / 100. */
  readonly riskPerTradeUsd: Decimal;
  /** Kelly: closed trades before the history is blended in (settings, resolved against the default). */
  readonly kellyMinHistoryTrades: number;
  readonly entryPriceQuote: Decimal;
  readonly lossPerUnitQuote: Decimal;
  readonly feePerUnitQuote: Decimal;
  /** Net reward per unit at the first target: Kelly's payoff ratio is reward / loss. */
  readonly rewardPerUnitQuote: Decimal;
  /** Signal confidence, a ratio 0..1. */
  readonly confidence: Decimal;
  /** Kelly only: the user's closed-trade counts. */
  readonly tradeHistory?: TradeHistorySummary;
  /** Risk parity only. */
  readonly volatility?: VolatilityEstimate;
  /**
   * The market's amount step: when given, every method rounds its quantity down to it exactly
   * (the decision passes it, so no 40-digit quotient is computed only to be floored).
   */
  readonly amountStep?: Decimal;
}

/**
 * The method's quantity before any limit (unrounded, or floored to `amountStep` when one was given),
 * or null when the method declines; `check` is
 * the method's own precondition (KELLY_NON_POSITIVE or VOLATILITY_UNKNOWN), absent for the others.
 */
export interface MethodSize {
  readonly qtyBase: Decimal | null;
  readonly check?: Check;
}

/**
 * Sizes a trade with `settings.positionSizingMethod`: fixed_fractional (risk a percent of equity),
 * kelly (fractional Kelly of equity at risk), risk_parity (equal volatility budget per position) or
 * fixed_amount (a fixed notional). Every method's risk is measured with the fees inside the loss per
 * unit. Limits and exchange minimums are applied afterwards by the decision (fitSizeToLimits), which
 * also floors a quantity sized without `amountStep`.
 */
export function sizeByMethod(i: Readonly<MethodSizingInput>): MethodSize {
  const s = i.settings;
  switch (s.positionSizingMethod) {
    case 'fixed_fractional':
      return { qtyBase: sizeFixedFractional(i.riskPerTradeUsd, i.lossPerUnitQuote, i.amountStep) };
    case 'fixed_amount':
      return { qtyBase: sizeFixedAmount(s.fixedAmountUsd, i.entryPriceQuote, i.amountStep) };
    case 'kelly': {
      const winOdds = estimateWinOdds(i.confidence, i.tradeHistory, i.kellyMinHistoryTrades);
      const kelly = sizeKelly({
        equityUsd: i.equityUsd,
        lossPerUnitQuote: i.lossPerUnitQuote,
        rewardPerUnitQuote: i.rewardPerUnitQuote,
        winOdds,
        kellyFraction: s.kellyFraction,
        amountStep: i.amountStep,
      });
      if (!kelly.ok) {
        const raw = kelly.error.kellyRaw;
        const check: Check = raw === null
          ? { code: 'KELLY_NON_POSITIVE', passed: false, value: null, limit: ZERO, unit: 'ratio', note: 'RR_NON_POSITIVE' }
          : { code: 'KELLY_NON_POSITIVE', passed: false, value: raw, limit: ZERO, unit: 'ratio' };
        return { qtyBase: null, check };
      }
      return {
        qtyBase: kelly.value.qtyBase,
        check: { code: 'KELLY_NON_POSITIVE', passed: true, value: kelly.value.kellyRaw, limit: ZERO, unit: 'ratio' },
      };
    }
    case 'risk_parity': {
      const parity = sizeRiskParity({
        equityUsd: i.equityUsd,
        entryPriceQuote: i.entryPriceQuote,
        feePerUnitQuote: i.feePerUnitQuote,
        riskPerTradePercent: s.riskPerTradePercent,
        maxOpenPositions: s.maxOpenPositions,
        volatility: i.volatility,
        amountStep: i.amountStep,
      });
      if (!parity.ok) return { qtyBase: null, check: { code: 'VOLATILITY_UNKNOWN', passed: false, value: null, limit: null, unit: 'price' } };
      return {
        qtyBase: parity.value.qtyBase,
        check: { code: 'VOLATILITY_UNKNOWN', passed: true, value: parity.value.volatilityPerUnitQuote, limit: null, unit: 'price' },
      };
    }
  }
}
