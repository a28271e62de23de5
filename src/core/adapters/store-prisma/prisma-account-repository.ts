import type { AccountRepository, RegisterUserInput } from '../../accounts/account-repository.js';
import type { AuditEntry, TradingStateName, TradingStateRecord, UserAccount, WalletInfo } from '../../accounts/account.js';
import type { RiskSettings } from '../../risk/risk-settings.js';
import { toRiskSettings, toUserAccount, toWalletInfo } from './map-records.js';
import type { Db } from './open-database.js';

export const defaultPaperWalletLabel = 'Paper';

/** AccountRepository on Prisma (SQLite by default). */
export class PrismaAccountRepository implements AccountRepository {
  constructor(private readonly db: Db) {}

  async findUserByTelegramId(telegramId: string): Promise<UserAccount | null> {
    const row = await this.db.user.findUnique({ where: { telegramId } });
    return row ? toUserAccount(row) : null;
  }

  async findUserById(userId: number): Promise<UserAccount | null> {
    const row = await this.db.user.findUnique({ where: { id: userId } });
    return row ? toUserAccount(row) : null;
  }

  async registerUser(input: RegisterUserInput): Promise<{ user: UserAccount; created: boolean }> {
    const existing = await this.findUserByTelegramId(input.telegramId);
    if (existing) return { user: existing, created: false };
    try {
      const row = await this.db.user.create({
        data: {
          telegramId: input.telegramId,
          displayName: input.displayName,
          timezone: input.timezone,
          lastSeenAt: input.now,
          riskSettings: { create: {} },
          tradingState: { create: { state: 'active', changedAt: input.now } },
          wallets: {
            create: {
              label: defaultPaperWalletLabel,
              exchangeId: 'paper',
              mode: 'paper',
              marketType: 'spot',
              paperStartingBalanceUsd: input.paperStartingBalanceUsd.toString(),
            },
          },
          auditEvents: { create: { actor: `telegram:${input.telegramId}`, action: 'user.registered', at: input.now } },
        },
      });
      return { user: toUserAccount(row), created: true };
    } catch (error) {
      // Two /start taps racing: the unique telegramId lets exactly one create win.
      const raced = await this.findUserByTelegramId(input.telegramId);
      if (raced) return { user: raced, created: false };
      throw error;
    }
  }

  async recordSeen(userId: number, at: Date): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { lastSeenAt: at } });
  }

  async riskSettings(userId: number): Promise<RiskSettings> {
    const row = await this.db.riskSettings.findUniqueOrThrow({ where: { userId } });
    return toRiskSettings(row);
  }

  async updateRiskSettings(userId: number, patch: Partial<RiskSettings>): Promise<RiskSettings> {
    const data: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      // Decimals are stored as exact text; counts, flags and the method name as they are.
      data[key] = typeof value === 'object' && value !== null ? String(value) : (value as string | number | boolean);
    }
    const row = await this.db.riskSettings.update({ where: { userId }, data });
    return toRiskSettings(row);
  }

  async listWallets(userId: number): Promise<WalletInfo[]> {
    const rows = await this.db.wallet.findMany({ where: { userId }, orderBy: { id: 'asc' } });
    return rows.map(toWalletInfo);
  }

  async tradingState(userId: number): Promise<TradingStateRecord> {
    const row = await this.db.tradingState.findUniqueOrThrow({ where: { userId } });
    return { state: row.state as TradingStateName, reason: row.reason, changedAt: row.changedAt, resumeAt: row.resumeAt };
  }

  async loadPaperState(walletId: number): Promise<string | null> {
    const row = await this.db.wallet.findUnique({ where: { id: walletId }, select: { paperState: true } });
    return row?.paperState ?? null;
  }

  async savePaperState(walletId: number, stateJson: string): Promise<void> {
    await this.db.wallet.update({ where: { id: walletId }, data: { paperState: stateJson } });
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    await this.db.auditEvent.create({
      data: {
        userId: entry.userId,
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
        result: entry.result ?? 'ok',
        at: entry.at,
      },
    });
  }
}
