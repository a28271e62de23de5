import { Decimal } from '../money.js';

export type SizingMethod = 'kelly' | 'fixed_fractional' | 'risk_parity' | 'fixed_amount';
export const sizingMethods: readonly SizingMethod[] = ['fixed_fractional', 'kelly', 'risk_parity', 'fixed_amount'];

/**
 * A user's risk rules. Percent fields are in percent (5 means five per cent), as in the product's
 * risk table; ratios (confidence, Kelly fraction) are plain fractions (0.7 is seventy per cent).
 */
export interface RiskSettings {
  readonly positionSizingMethod: SizingMethod;
  /** Fixed fractional: percent of equity risked per trade. */
  readonly riskPerTradePercent: Decimal;
  /** Fixed amount: notional per trade in USD. */
  readonly fixedAmountUsd: Decimal;
  /** Fractional Kelly multiplier (0.5 = half Kelly). */
  readonly kellyFraction: Decimal;
  readonly maxPositionSizeUsd: Decimal;
  readonly maxPositionSizePercent: Decimal;
  readonly maxPortfolioHeat: Decimal;
  readonly maxOpenPositions: number;
  readonly maxLeverage: number;
  readonly maxDailyLossUsd: Decimal;
  readonly maxDailyLossPercent: Decimal;
  readonly maxWeeklyLossPercent: Decimal;
  readonly maxMonthlyLossPercent: Decimal;
  readonly minRiskRewardRatio: Decimal;
  readonly maxCorrelatedPositions: number;
  readonly maxSingleAssetExposurePercent: Decimal;
  readonly maxConsecutiveLosses: number;
  /** Largest expected slippage accepted for a market order, percent. */
  readonly maxSlippagePercent: Decimal;
  readonly tradingPaused: boolean;
  readonly enableTrailingStop: boolean;
  readonly trailingStopPercent: Decimal;
  /** Profit (percent from entry) at which the trailing stop activates. */
  readonly trailingActivationPercent: Decimal;
  readonly enableScaleOut: boolean;
  readonly enablePyramiding: boolean;
  readonly minSignalConfidence: Decimal;
  // The three fields below are optional until the Prisma schema and its mapper carry them;
  // the engine falls back to `defaultRiskSettings` when one is missing.
  /**
   * Kelly: closed trades needed before the user's own win rate is blended into the signal's
   * win probability (fewer trades: the signal confidence alone is used).
   */
  readonly kellyMinHistoryTrades?: number;
  /** Futures: used margin after the trade as percent of equity (5 means five per cent). */
  readonly maxMarginUtilizationPercent?: Decimal;
  /**
   * Pearson correlation of recent returns (a ratio, -1..1) above which two positions count as one
   * group for maxCorrelatedPositions.
   */
  readonly correlationThreshold?: Decimal;
}

/** The product's defaults (the same values as the Prisma column defaults). */
export const defaultRiskSettings: Required<RiskSettings> = Object.freeze({
  positionSizingMethod: 'fixed_fractional',
  riskPerTradePercent: new Decimal(1),
  fixedAmountUsd: new Decimal(1000),
  kellyFraction: new Decimal('0.5'),
  maxPositionSizeUsd: new Decimal(10000),
  maxPositionSizePercent: new Decimal(10),
  maxPortfolioHeat: new Decimal(50),
  maxOpenPositions: 5,
  maxLeverage: 10,
  maxDailyLossUsd: new Decimal(500),
  maxDailyLossPercent: new Decimal(5),
  maxWeeklyLossPercent: new Decimal(10),
  maxMonthlyLossPercent: new Decimal(20),
  minRiskRewardRatio: new Decimal('1.5'),
  maxCorrelatedPositions: 2,
  maxSingleAssetExposurePercent: new Decimal(20),
  maxConsecutiveLosses: 3,
  maxSlippagePercent: new Decimal('0.5'),
  tradingPaused: false,
  enableTrailingStop: true,
  trailingStopPercent: new Decimal('1.5'),
  trailingActivationPercent: new Decimal(2),
  enableScaleOut: true,
  enablePyramiding: false,
  minSignalConfidence: new Decimal('0.70'),
  // Below about 20 trades a win rate is mostly noise (a 95 % interval spans some ±20 points).
  kellyMinHistoryTrades: 20,
  // Half the equity as margin leaves the other half to absorb adverse moves before liquidation.
  maxMarginUtilizationPercent: new Decimal(50),
  // In 30-day windows of hourly Binance returns (2022-2023) BTC/ETH sat at 0.80-0.88 and most other
  // majors between 0.45 and 0.75: 0.7 groups the tight pairs without merging the whole market.
  correlationThreshold: new Decimal('0.7'),
});
