import type { Check } from './check.js';
import { computeRiskReward } from './compute-risk-reward.js';
import { evaluateEntryChecks } from './evaluate-entry-checks.js';
import { fitSizeToLimits } from './fit-size-to-limits.js';
import type { RiskDecision, TradeDecisionInput } from './risk-decision.js';
import { sizeByMethod } from './size-by-method.js';

/**
 * The pre-trade risk gate: validates a trade, sizes it with the user's method and fits it to every
 * limit, returning approved (sized as the method asked), adjusted (cut by at least one limit; see
 * `adjustments`) or rejected (at least one failed check). Pure and deterministic; it reads the risk
 * book and correlation matrix prepared for the tick and does no per-position money arithmetic.
 *
 * Checks, all reported with value, limit and unit:
 * - inputs: INVALID_PRICE, EQUITY_NON_POSITIVE (only listed when they fail);
 * - signal: STOP_WRONG_SIDE, RR_BELOW_MIN (net of taker fees, first target), CONFIDENCE_BELOW_MIN;
 * - state: TRADING_ACTIVE passes, TRADING_REDUCING / TRADING_PAUSED / TRADING_KILLED fail;
 * - budgets: DAILY_LOSS_LIMIT (USD), DAILY_LOSS_PCT_LIMIT, WEEKLY_LOSS_LIMIT, MONTHLY_LOSS_LIMIT;
 * - capacity: SHORT_ON_SPOT, LEVERAGE_LIMIT, MAX_POSITIONS, PYRAMIDING_DISABLED, CORRELATION_LIMIT;
 * - sizing: KELLY_NON_POSITIVE or VOLATILITY_UNKNOWN for those methods, then the size limits
 *   (POSITION_SIZE_LIMIT, BUYING_POWER_LIMIT, MARGIN_LIMIT, ASSET_EXPOSURE_LIMIT, HEAT_LIMIT,
 *   LOSS_BUDGET) and the exchange minimums (QTY_BELOW_MIN, NOTIONAL_BELOW_MIN); see fitSizeToLimits.
 * Every rule is evaluated even after one fails, so the bot can show the whole picture.
 */
export function decideTrade(input: TradeDecisionInput): RiskDecision {
  const intent = input.intent;
  const book = input.book;
  const equity = book.account.equityUsd;
  const checks: Check[] = [];
  const hasEquity = !equity.isZero() && equity.isPositive();
  if (!hasEquity) checks.push({ code: 'EQUITY_NON_POSITIVE', passed: false, value: equity, limit: null, unit: 'usd' });

  const figures = computeRiskReward(intent.side, intent.entryPriceQuote, intent.stopPriceQuote, intent.targetPriceQuote, input.market.takerFeeRate);
  if (!figures.ok && figures.error === 'INVALID_PRICE') {
    checks.push({ code: 'INVALID_PRICE', passed: false, value: null, limit: null, unit: 'price' });
  } else {
    checks.push({
      code: 'STOP_WRONG_SIDE',
      passed: figures.ok,
      value: intent.stopPriceQuote,
      limit: intent.entryPriceQuote,
      unit: 'price',
      note: intent.side === 'long' ? 'STOP_BELOW_ENTRY' : 'STOP_ABOVE_ENTRY',
    });
  }
  const unit = figures.ok ? figures.value : null;
  const leverage = evaluateEntryChecks(input, unit, checks);

  if (unit === null || !hasEquity) return { kind: 'rejected', checks, adjustments: [] };
  const method = sizeByMethod({
    settings: book.settings,
    equityUsd: equity,
    riskPerTradeUsd: book.limits.riskPerTradeUsd,
    kellyMinHistoryTrades: book.limits.kellyMinHistoryTrades,
    entryPriceQuote: intent.entryPriceQuote,
    lossPerUnitQuote: unit.lossPerUnitQuote,
    feePerUnitQuote: unit.feePerUnitQuote,
    rewardPerUnitQuote: unit.rewardPerUnitQuote,
    confidence: intent.confidence,
    tradeHistory: input.tradeHistory,
    volatility: input.volatility,
    amountStep: input.market.amountStep,
  });
  if (method.check !== undefined) checks.push(method.check);
  if (method.qtyBase === null) return { kind: 'rejected', checks, adjustments: [] };

  const fitted = fitSizeToLimits(input, method.qtyBase, unit, leverage, checks);
  let allPassed = true;
  for (let k = 0; k < checks.length; k++) {
    if (!checks[k]!.passed) {
      allPassed = false;
      break;
    }
  }
  if (!allPassed || fitted.size === null) return { kind: 'rejected', checks, adjustments: fitted.adjustments };
  return { kind: fitted.adjustments.length === 0 ? 'approved' : 'adjusted', size: fitted.size, checks, adjustments: fitted.adjustments };
}
