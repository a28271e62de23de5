-- AlterTable
ALTER TABLE "User" ADD COLUMN "webhookSecretHash" TEXT;

-- AlterTable
ALTER TABLE "TradingState" ADD COLUMN "dayStartAt" DATETIME;
ALTER TABLE "TradingState" ADD COLUMN "dayStartEquityUsd" TEXT;
ALTER TABLE "TradingState" ADD COLUMN "lossesCountedAfter" DATETIME;
ALTER TABLE "TradingState" ADD COLUMN "monthStartAt" DATETIME;
ALTER TABLE "TradingState" ADD COLUMN "monthStartEquityUsd" TEXT;
ALTER TABLE "TradingState" ADD COLUMN "weekStartAt" DATETIME;
ALTER TABLE "TradingState" ADD COLUMN "weekStartEquityUsd" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RiskSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "positionSizingMethod" TEXT NOT NULL DEFAULT 'fixed_fractional',
    "riskPerTradePercent" TEXT NOT NULL DEFAULT '1',
    "fixedAmountUsd" TEXT NOT NULL DEFAULT '1000',
    "kellyFraction" TEXT NOT NULL DEFAULT '0.5',
    "maxPositionSizeUsd" TEXT NOT NULL DEFAULT '10000',
    "maxPositionSizePercent" TEXT NOT NULL DEFAULT '10',
    "maxPortfolioHeat" TEXT NOT NULL DEFAULT '50',
    "maxOpenPositions" INTEGER NOT NULL DEFAULT 5,
    "maxLeverage" INTEGER NOT NULL DEFAULT 10,
    "maxDailyLossUsd" TEXT NOT NULL DEFAULT '500',
    "maxDailyLossPercent" TEXT NOT NULL DEFAULT '5',
    "maxWeeklyLossPercent" TEXT NOT NULL DEFAULT '10',
    "maxMonthlyLossPercent" TEXT NOT NULL DEFAULT '20',
    "minRiskRewardRatio" TEXT NOT NULL DEFAULT '1.5',
    "maxCorrelatedPositions" INTEGER NOT NULL DEFAULT 2,
    "maxSingleAssetExposurePercent" TEXT NOT NULL DEFAULT '20',
    "maxConsecutiveLosses" INTEGER NOT NULL DEFAULT 3,
    "maxSlippagePercent" TEXT NOT NULL DEFAULT '0.5',
    "tradingPaused" BOOLEAN NOT NULL DEFAULT false,
    "enableTrailingStop" BOOLEAN NOT NULL DEFAULT true,
    "trailingStopPercent" TEXT NOT NULL DEFAULT '1.5',
    "trailingActivationPercent" TEXT NOT NULL DEFAULT '2',
    "enableScaleOut" BOOLEAN NOT NULL DEFAULT true,
    "enablePyramiding" BOOLEAN NOT NULL DEFAULT false,
    "minSignalConfidence" TEXT NOT NULL DEFAULT '0.70',
    "kellyMinHistoryTrades" INTEGER NOT NULL DEFAULT 20,
    "maxMarginUtilizationPercent" TEXT NOT NULL DEFAULT '50',
    "correlationThreshold" TEXT NOT NULL DEFAULT '0.7',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RiskSettings_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RiskSettings" ("createdAt", "enablePyramiding", "enableScaleOut", "enableTrailingStop", "fixedAmountUsd", "id", "kellyFraction", "maxConsecutiveLosses", "maxCorrelatedPositions", "maxDailyLossPercent", "maxDailyLossUsd", "maxLeverage", "maxMonthlyLossPercent", "maxOpenPositions", "maxPortfolioHeat", "maxPositionSizePercent", "maxPositionSizeUsd", "maxSingleAssetExposurePercent", "maxSlippagePercent", "maxWeeklyLossPercent", "minRiskRewardRatio", "minSignalConfidence", "positionSizingMethod", "riskPerTradePercent", "tradingPaused", "trailingActivationPercent", "trailingStopPercent", "updatedAt", "userId") SELECT "createdAt", "enablePyramiding", "enableScaleOut", "enableTrailingStop", "fixedAmountUsd", "id", "kellyFraction", "maxConsecutiveLosses", "maxCorrelatedPositions", "maxDailyLossPercent", "maxDailyLossUsd", "maxLeverage", "maxMonthlyLossPercent", "maxOpenPositions", "maxPortfolioHeat", "maxPositionSizePercent", "maxPositionSizeUsd", "maxSingleAssetExposurePercent", "maxSlippagePercent", "maxWeeklyLossPercent", "minRiskRewardRatio", "minSignalConfidence", "positionSizingMethod", "riskPerTradePercent", "tradingPaused", "trailingActivationPercent", "trailingStopPercent", "updatedAt", "userId" FROM "RiskSettings";
DROP TABLE "RiskSettings";
ALTER TABLE "new_RiskSettings" RENAME TO "RiskSettings";
CREATE UNIQUE INDEX "RiskSettings_userId_key" ON "RiskSettings"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "User_webhookSecretHash_key" ON "User"("webhookSecretHash");

