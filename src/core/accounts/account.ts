import type { Decimal } from '../money.js';

/** A registered trader (only allow-listed Telegram users ever become one). */
export interface UserAccount {
  readonly id: number;
  readonly telegramId: string;
  readonly displayName: string;
  /** IANA time zone used for loss-budget periods and the daily report. */
  readonly timezone: string;
  /** "HH:MM" in the user's time zone. */
  readonly dailyReportTime: string;
  readonly createdAt: Date;
}

export type WalletMode = 'paper' | 'live';
export type MarketType = 'spot' | 'futures';

/** A user's exchange account and its auto-trading settings. Credentials never leave the store decrypted here. */
export interface WalletInfo {
  readonly id: number;
  readonly userId: number;
  readonly label: string;
  readonly exchangeId: string;
  readonly mode: WalletMode;
  readonly marketType: MarketType;
  readonly hasCredentials: boolean;
  readonly paperStartingBalanceUsd: Decimal | null;
  readonly autoTradeEnabled: boolean;
  /** Fraction 0..1. */
  readonly autoMinConfidence: Decimal;
  readonly autoTrailingStop: boolean;
  readonly autoScaleOut: boolean;
  readonly autoDca: boolean;
  readonly tradingPaused: boolean;
}

/** Something a person or the system changed, for the audit log. Never holds secrets. */
export interface AuditEntry {
  readonly userId: number | null;
  /** "telegram:<id>", "system" or "job:<name>". */
  readonly actor: string;
  readonly action: string;
  readonly target?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly result?: 'ok' | 'refused' | 'failed';
  readonly at: Date;
}

export type TradingStateName = 'active' | 'reducing' | 'paused' | 'killed';

/** The persisted trading state of a user (the risk engine decides transitions). */
export interface TradingStateRecord {
  readonly state: TradingStateName;
  /** Machine-readable reason code of the last change, e.g. DAILY_LOSS_LIMIT. */
  readonly reason: string | null;
  readonly changedAt: Date;
  /** When a loss-budget pause lifts by itself. */
  readonly resumeAt: Date | null;
}
