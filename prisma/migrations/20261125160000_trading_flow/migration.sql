-- AlterTable
ALTER TABLE "Signal" ADD COLUMN "levels" TEXT;
ALTER TABLE "Signal" ADD COLUMN "note" TEXT;
ALTER TABLE "Signal" ADD COLUMN "noticeRef" TEXT;

