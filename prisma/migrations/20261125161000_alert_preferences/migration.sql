-- CreateTable
CREATE TABLE "AlertPreference" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "alertType" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'on',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AlertPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertPreference_userId_alertType_key" ON "AlertPreference"("userId", "alertType");

