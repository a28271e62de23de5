import type { Decimal } from '../money.js';
import type { RiskSettings } from '../risk/risk-settings.js';
import type { AuditEntry, TradingStateRecord, UserAccount, WalletInfo } from './account.js';

export interface RegisterUserInput {
  readonly telegramId: string;
  readonly displayName: string;
  readonly timezone: string;
  readonly paperStartingBalanceUsd: Decimal;
  readonly now: Date;
}

/** Storage of users, their settings and wallets (implemented by PrismaAccountRepository). */
export interface AccountRepository {
  findUserByTelegramId(telegramId: string): Promise<UserAccount | null>;
  findUserById(userId: number): Promise<UserAccount | null>;
  /**
   * Registers a user with default risk settings, an ACTIVE trading state and one paper wallet,
   * all in one transaction. Idempotent: a second call returns the existing user with created=false.
   */
  registerUser(input: RegisterUserInput): Promise<{ user: UserAccount; created: boolean }>;
  recordSeen(userId: number, at: Date): Promise<void>;
  riskSettings(userId: number): Promise<RiskSettings>;
  /** Writes the given settings fields and returns the whole updated settings. */
  updateRiskSettings(userId: number, patch: Partial<RiskSettings>): Promise<RiskSettings>;
  listWallets(userId: number): Promise<WalletInfo[]>;
  tradingState(userId: number): Promise<TradingStateRecord>;
  /** Paper wallet state (balances and orders) as JSON, or null before the first trade. */
  loadPaperState(walletId: number): Promise<string | null>;
  savePaperState(walletId: number, stateJson: string): Promise<void>;
  recordAudit(entry: AuditEntry): Promise<void>;
}
