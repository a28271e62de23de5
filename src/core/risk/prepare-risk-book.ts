import { approxNumber, Decimal, HUNDRED, minDec } from '../money.js';
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
  /** 100 / equity as a double: turns USD into a display percentage of equity (see displayFigure). */
  readonly pctPerUsd: number;
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
  /**
   * Futures limits at each whole-number leverage, filled on first use by leveragedLimits: every
   * signal of a tick at the same leverage shares them (two 40-digit products fewer per decision).
   */
  readonly byLeverage: Map<number, LeveragedLimits>;
}

/** Futures limits that scale with the order's leverage, in notional USD. */
export interface LeveragedLimits {
  /** equity × leverage: the most notional the equity can carry. */
  readonly buyingPowerUsd: Decimal;
  /** Futures margin room × leverage: the notional that uses up what is left of the margin limit. */
  readonly marginRoomNotionalUsd: Decimal;
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
      pctPerUsd: equity.isZero() ? 100 : 100 / approxNumber(equity),
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
      byLeverage: new Map(),
    },
  };
}

/** Leverages up to here are remembered in the book; others (fractional, absurd) are computed each time. */
const MAX_REMEMBERED_LEVERAGE = 1000;

/** The book's futures limits at `leverage` (see BookLimits.byLeverage). */
export function leveragedLimits(book: RiskBook, leverage: number): LeveragedLimits {
  const remembered = book.limits.byLeverage.get(leverage);
  if (remembered !== undefined) return remembered;
  const lev = new Decimal(leverage);
  const limits: LeveragedLimits = {
    buyingPowerUsd: book.account.equityUsd.mul(lev),
    marginRoomNotionalUsd: book.limits.futuresMarginRoomUsd.mul(lev),
  };
  if (Number.isInteger(leverage) && leverage <= MAX_REMEMBERED_LEVERAGE) book.limits.byLeverage.set(leverage, limits);
  return limits;
}
