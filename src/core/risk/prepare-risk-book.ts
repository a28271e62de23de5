import { HUNDRED, minDec, type Decimal } from '../money.js';
import type { LossBudgetStatus } from './compute-loss-budgets.js';
import type { TradingState } from './evaluate-trading-state.js';
import { defaultRiskSettings, type RiskSettings } from './risk-settings.js';
import { summarizePortfolio, type OpenPosition, type PortfolioSummary } from './summarize-portfolio.js';

/** The account figures the decision needs, USD. */
export interface AccountRiskView {
  /** Equity including unrealised P&L. */
  readonly equityUsd: Decimal;
  /** Spot: free quote balance that can pay for the entry and its fee. Ignored on futures. */
  readonly availableCashUsd: Decimal;
}

/** Inputs of {@link prepareRiskBook}: the account's state at one tick. */
export interface RiskBookInput {
  readonly settings: RiskSettings;
  readonly account: AccountRiskView;
  readonly positions: readonly OpenPosition[];
  readonly lossBudgets: LossBudgetStatus;
  readonly tradingState: TradingState;
}

/** Limits in USD (and the few other figures) that follow from settings and account, not from a trade. */
export interface BookLimits {
  /** 100 / equity: turns USD into percent of equity with a multiplication. */
  readonly hundredOverEquity: Decimal;
  /** equity × riskPerTradePercent / 100: the fixed-fractional risk per trade. */
  readonly riskPerTradeUsd: Decimal;
  /** min(maxPositionSizeUsd, maxPositionSizePercent of equity). */
  readonly positionCapUsd: Decimal;
  /** maxSingleAssetExposurePercent of equity. */
  readonly exposureLimitUsd: Decimal;
  /** maxPortfolioHeat percent of equity. */
  readonly heatLimitUsd: Decimal;
  /** Heat limit minus the open book's heat: the most a new trade may risk before heat binds (may be negative). */
  readonly heatRoomUsd: Decimal;
  /** Equity minus used margin: spot may invest no more than the equity (may be negative). */
  readonly spotMarginRoomUsd: Decimal;
  /** Futures margin limit minus used margin (may be negative). */
  readonly futuresMarginRoomUsd: Decimal;
  /** The futures margin limit in percent (settings, or its default) and in USD. */
  readonly futuresMarginLimitPct: Decimal;
  readonly futuresMarginLimitUsd: Decimal;
  /** Settings resolved against their defaults. */
  readonly correlationThreshold: number;
  readonly kellyMinHistoryTrades: number;
}

/**
 * Everything about the account a trade decision reads, prepared once per tick (or per change) and
 * shared by every signal of that tick: the settings, account, portfolio summary, loss budgets and
 * trading state as given, plus the limits they imply in USD. Building it does the per-position and
 * per-equity arithmetic, so decideTrade does only per-trade work.
 */
export interface RiskBook {
  readonly settings: RiskSettings;
  readonly account: AccountRiskView;
  readonly portfolio: PortfolioSummary;
  readonly lossBudgets: LossBudgetStatus;
  readonly tradingState: TradingState;
  readonly limits: BookLimits;
}

/**
 * Builds the {@link RiskBook}: summarises the positions (see summarizePortfolio) and converts the
 * percent limits of the settings into USD at the current equity. Pure; O(positions).
 * With non-positive equity the percent conversions are meaningless; decideTrade then rejects with
 * EQUITY_NON_POSITIVE before using them.
 */
export function prepareRiskBook(i: Readonly<RiskBookInput>): RiskBook {
  const s = i.settings;
  const equity = i.account.equityUsd;
  // Dividing by 100 terminates, so every percent limit below is exact.
  const onePct = equity.div(HUNDRED);
  const futuresMarginLimitPct = s.maxMarginUtilizationPercent ?? defaultRiskSettings.maxMarginUtilizationPercent;
  const futuresMarginLimitUsd = onePct.mul(futuresMarginLimitPct);
  const heatLimitUsd = onePct.mul(s.maxPortfolioHeat);
  const portfolio = summarizePortfolio(i.positions);
  return {
    settings: s,
    account: i.account,
    portfolio,
    lossBudgets: i.lossBudgets,
    tradingState: i.tradingState,
    limits: {
      hundredOverEquity: equity.isZero() ? HUNDRED : HUNDRED.div(equity),
      riskPerTradeUsd: onePct.mul(s.riskPerTradePercent),
      positionCapUsd: minDec(s.maxPositionSizeUsd, onePct.mul(s.maxPositionSizePercent)),
      exposureLimitUsd: onePct.mul(s.maxSingleAssetExposurePercent),
      heatLimitUsd,
      heatRoomUsd: heatLimitUsd.minus(portfolio.openRiskUsd),
      spotMarginRoomUsd: equity.minus(portfolio.usedMarginUsd),
      futuresMarginLimitPct,
      futuresMarginLimitUsd,
      futuresMarginRoomUsd: futuresMarginLimitUsd.minus(portfolio.usedMarginUsd),
      correlationThreshold: (s.correlationThreshold ?? defaultRiskSettings.correlationThreshold).toNumber(),
      kellyMinHistoryTrades: s.kellyMinHistoryTrades ?? defaultRiskSettings.kellyMinHistoryTrades,
    },
  };
}
