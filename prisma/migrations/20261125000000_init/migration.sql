-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "telegramId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "dailyReportTime" TEXT NOT NULL DEFAULT '20:00',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME
);

-- CreateTable
CREATE TABLE "RiskSettings" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RiskSettings_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Wallet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "exchangeId" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'paper',
    "marketType" TEXT NOT NULL DEFAULT 'spot',
    "apiKeyEnc" TEXT,
    "apiSecretEnc" TEXT,
    "apiPasswordEnc" TEXT,
    "paperStartingBalanceUsd" TEXT,
    "paperState" TEXT,
    "autoTradeEnabled" BOOLEAN NOT NULL DEFAULT false,
    "autoMinConfidence" TEXT NOT NULL DEFAULT '0.75',
    "autoTrailingStop" BOOLEAN NOT NULL DEFAULT true,
    "autoScaleOut" BOOLEAN NOT NULL DEFAULT true,
    "autoDca" BOOLEAN NOT NULL DEFAULT false,
    "tradingPaused" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Wallet_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Signal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "walletId" INTEGER,
    "source" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "entryPrice" TEXT,
    "stopPrice" TEXT NOT NULL,
    "targets" TEXT NOT NULL,
    "confidence" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "statusReason" TEXT,
    "decision" TEXT,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Signal_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Signal_walletId_fkey" FOREIGN KEY ("walletId") REFERENCES "Wallet" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Position" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "walletId" INTEGER NOT NULL,
    "signalId" INTEGER,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "entryPrice" TEXT NOT NULL,
    "initialStopPrice" TEXT NOT NULL,
    "stopPrice" TEXT NOT NULL,
    "targets" TEXT NOT NULL,
    "qtyBase" TEXT NOT NULL,
    "initialQtyBase" TEXT NOT NULL,
    "leverage" TEXT NOT NULL DEFAULT '1',
    "realisedPnlUsd" TEXT NOT NULL DEFAULT '0',
    "unrealisedPnlUsd" TEXT NOT NULL DEFAULT '0',
    "feesUsd" TEXT NOT NULL DEFAULT '0',
    "rMultiple" TEXT,
    "initialRiskUsd" TEXT NOT NULL,
    "trailingActive" BOOLEAN NOT NULL DEFAULT false,
    "trailingStopPrice" TEXT,
    "bestPrice" TEXT,
    "scaleOutsDone" INTEGER NOT NULL DEFAULT 0,
    "exchangeStopOrderId" TEXT,
    "healthScore" INTEGER,
    "healthParts" TEXT,
    "closeReason" TEXT,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Position_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Position_walletId_fkey" FOREIGN KEY ("walletId") REFERENCES "Wallet" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Position_signalId_fkey" FOREIGN KEY ("signalId") REFERENCES "Signal" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "walletId" INTEGER NOT NULL,
    "positionId" INTEGER,
    "clientOrderId" TEXT NOT NULL,
    "exchangeOrderId" TEXT,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "reduceOnly" BOOLEAN NOT NULL DEFAULT false,
    "qtyBase" TEXT NOT NULL,
    "limitPrice" TEXT,
    "stopPrice" TEXT,
    "filledQtyBase" TEXT NOT NULL DEFAULT '0',
    "avgFillPrice" TEXT,
    "feeQuote" TEXT NOT NULL DEFAULT '0',
    "status" TEXT NOT NULL DEFAULT 'intent',
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Order_walletId_fkey" FOREIGN KEY ("walletId") REFERENCES "Wallet" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Order_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "positionId" INTEGER,
    "orderId" INTEGER,
    "timestamp" DATETIME NOT NULL,
    "action" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "orderType" TEXT NOT NULL,
    "requestedPrice" TEXT,
    "signalPrice" TEXT,
    "executedPrice" TEXT,
    "slippagePercent" TEXT,
    "requestedSize" TEXT NOT NULL,
    "filledSize" TEXT NOT NULL DEFAULT '0',
    "fillPercent" TEXT NOT NULL DEFAULT '0',
    "feesPaid" TEXT NOT NULL DEFAULT '0',
    "executionTimeMs" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "errorMessage" TEXT,
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "marketVolatility" TEXT,
    "marketLiquidity" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExecutionLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExecutionLog_positionId_fkey" FOREIGN KEY ("positionId") REFERENCES "Position" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ExecutionLog_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PortfolioSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "equityUsd" TEXT NOT NULL,
    "cashUsd" TEXT NOT NULL,
    "exposureUsd" TEXT NOT NULL,
    "unrealisedPnlUsd" TEXT NOT NULL,
    "realisedPnlUsd" TEXT NOT NULL,
    "heatPercent" TEXT NOT NULL,
    "openPositions" INTEGER NOT NULL,
    "drawdownPercent" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PortfolioSnapshot_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TradingState" (
    "userId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "state" TEXT NOT NULL DEFAULT 'active',
    "reason" TEXT,
    "detail" TEXT,
    "resumeAt" DATETIME,
    "consecutiveLosses" INTEGER NOT NULL DEFAULT 0,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TradingState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TradingStateEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "at" DATETIME NOT NULL,
    CONSTRAINT "TradingStateEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'info',
    "message" TEXT NOT NULL,
    "data" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Alert_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "before" TEXT,
    "after" TEXT,
    "result" TEXT NOT NULL DEFAULT 'ok',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChatSession" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "JobRun" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "lastStart" DATETIME,
    "lastFinish" DATETIME,
    "lastError" TEXT,
    "runs" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE UNIQUE INDEX "User_telegramId_key" ON "User"("telegramId");

-- CreateIndex
CREATE UNIQUE INDEX "RiskSettings_userId_key" ON "RiskSettings"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Wallet_userId_label_key" ON "Wallet"("userId", "label");

-- CreateIndex
CREATE INDEX "Signal_userId_status_idx" ON "Signal"("userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Signal_userId_idempotencyKey_key" ON "Signal"("userId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Position_userId_status_idx" ON "Position"("userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Order_clientOrderId_key" ON "Order"("clientOrderId");

-- CreateIndex
CREATE INDEX "Order_status_idx" ON "Order"("status");

-- CreateIndex
CREATE INDEX "ExecutionLog_userId_timestamp_idx" ON "ExecutionLog"("userId", "timestamp");

-- CreateIndex
CREATE INDEX "PortfolioSnapshot_userId_takenAt_idx" ON "PortfolioSnapshot"("userId", "takenAt");

-- CreateIndex
CREATE INDEX "Alert_userId_createdAt_idx" ON "Alert"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_at_idx" ON "AuditEvent"("userId", "at");

