-- AlterTable
ALTER TABLE "Position" ADD COLUMN "stopOrderClientId" TEXT;
ALTER TABLE "Position" ADD COLUMN "stopOrderQtyBase" TEXT;
ALTER TABLE "Position" ADD COLUMN "stopOrderTriggerPrice" TEXT;

