-- AlterTable
ALTER TABLE "Position" ADD COLUMN "lastAlerts" TEXT;
ALTER TABLE "Position" ADD COLUMN "pendingExit" TEXT;

