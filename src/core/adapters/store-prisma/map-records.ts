import type { RiskSettings as RiskSettingsRow, User, Wallet } from '../../../generated/prisma/client.js';
import type { MarketType, UserAccount, WalletInfo, WalletMode } from '../../accounts/account.js';
import { dec, decOrNull } from '../../money.js';
import { sizingMethods, type RiskSettings, type SizingMethod } from '../../risk/risk-settings.js';

/** Prisma rows -> domain values. Decimal columns are TEXT holding exact decimal strings. */

export function toUserAccount(row: User): UserAccount {
  return {
    id: row.id,
    telegramId: row.telegramId,
    displayName: row.displayName,
    timezone: row.timezone,
    dailyReportTime: row.dailyReportTime,
    createdAt: row.createdAt,
  };
}

export function toWalletInfo(row: Wallet): WalletInfo {
  return {
    id: row.id,
    userId: row.userId,
    label: row.label,
    exchangeId: row.exchangeId,
    mode: row.mode as WalletMode,
    marketType: row.marketType as MarketType,
    hasCredentials: row.apiKeyEnc !== null,
    paperStartingBalanceUsd: decOrNull(row.paperStartingBalanceUsd),
    autoTradeEnabled: row.autoTradeEnabled,
    autoMinConfidence: dec(row.autoMinConfidence),
    autoTrailingStop: row.autoTrailingStop,
    autoScaleOut: row.autoScaleOut,
    autoDca: row.autoDca,
    tradingPaused: row.tradingPaused,
  };
}

export function toRiskSettings(row: RiskSettingsRow): RiskSettings {
  if (!(sizingMethods as readonly string[]).includes(row.positionSizingMethod)) {
    throw new Error(`corrupt risk settings row ${row.id}: unknown sizing method`);
  }
  return {
    positionSizingMethod: row.positionSizingMethod as SizingMethod,
    riskPerTradePercent: dec(row.riskPerTradePercent),
    fixedAmountUsd: dec(row.fixedAmountUsd),
    kellyFraction: dec(row.kellyFraction),
    maxPositionSizeUsd: dec(row.maxPositionSizeUsd),
    maxPositionSizePercent: dec(row.maxPositionSizePercent),
    maxPortfolioHeat: dec(row.maxPortfolioHeat),
    maxOpenPositions: row.maxOpenPositions,
    maxLeverage: row.maxLeverage,
    maxDailyLossUsd: dec(row.maxDailyLossUsd),
    maxDailyLossPercent: dec(row.maxDailyLossPercent),
    maxWeeklyLossPercent: dec(row.maxWeeklyLossPercent),
    maxMonthlyLossPercent: dec(row.maxMonthlyLossPercent),
    minRiskRewardRatio: dec(row.minRiskRewardRatio),
    maxCorrelatedPositions: row.maxCorrelatedPositions,
    maxSingleAssetExposurePercent: dec(row.maxSingleAssetExposurePercent),
    maxConsecutiveLosses: row.maxConsecutiveLosses,
    maxSlippagePercent: dec(row.maxSlippagePercent),
    tradingPaused: row.tradingPaused,
    enableTrailingStop: row.enableTrailingStop,
    trailingStopPercent: dec(row.trailingStopPercent),
    trailingActivationPercent: dec(row.trailingActivationPercent),
    enableScaleOut: row.enableScaleOut,
    enablePyramiding: row.enablePyramiding,
    minSignalConfidence: dec(row.minSignalConfidence),
    kellyMinHistoryTrades: row.kellyMinHistoryTrades,
    maxMarginUtilizationPercent: dec(row.maxMarginUtilizationPercent),
    correlationThreshold: dec(row.correlationThreshold),
  };
}
