import type { MarketType, WalletInfo, WalletMode } from '../accounts/account.js';
import type { Decimal } from '../money.js';

export interface NewWallet {
  readonly userId: number;
  readonly label: string;
  readonly exchangeId: string;
  readonly mode: WalletMode;
  readonly marketType: MarketType;
  /** Ciphertexts from a SecretCipher (null for paper wallets). */
  readonly apiKeyEnc: string | null;
  readonly apiSecretEnc: string | null;
  readonly apiPasswordEnc: string | null;
  readonly paperStartingBalanceUsd: Decimal | null;
}

/** A wallet's stored credentials, still encrypted. */
export interface EncryptedCredentials {
  readonly apiKeyEnc: string;
  readonly apiSecretEnc: string;
  readonly apiPasswordEnc: string | null;
}

/** The auto-trading settings of a wallet; absent fields stay as they are. */
export interface AutoTradePatch {
  readonly autoTradeEnabled?: boolean;
  /** Ratio 0..1. */
  readonly autoMinConfidence?: Decimal;
  readonly autoTrailingStop?: boolean;
  readonly autoScaleOut?: boolean;
  readonly autoDca?: boolean;
}

/** What a wallet still holds, for removal: open risk or orders without a final state. */
export interface WalletExposure {
  readonly openPositions: number;
  readonly closedPositions: number;
  readonly unsettledOrders: number;
}

/** Storage of wallets and their encrypted credentials (implemented by PrismaWalletStore). */
export interface WalletStore {
  /** Adds a wallet; `label_taken` when the user already has one with that label. */
  add(wallet: NewWallet): Promise<{ readonly kind: 'added'; readonly wallet: WalletInfo } | { readonly kind: 'label_taken' }>;
  /** The wallet if it belongs to the user, else null. */
  find(userId: number, walletId: number): Promise<WalletInfo | null>;
  countForUser(userId: number): Promise<number>;
  exposure(walletId: number): Promise<WalletExposure>;
  /** Deletes the wallet with its stored keys (its closed positions, orders and logs go with it). */
  delete(walletId: number): Promise<void>;
  updateAutoTrade(walletId: number, patch: AutoTradePatch): Promise<WalletInfo>;
  /**
   * Sets the wallet's pause switch if it belongs to the user, as one conditional write (only when it
   * differs), so two requests at once change it once: `changed` tells whether this call did. Null
   * when the user has no such wallet.
   */
  setTradingPaused(userId: number, walletId: number, paused: boolean): Promise<{ readonly changed: boolean; readonly wallet: WalletInfo } | null>;
  credentials(walletId: number): Promise<EncryptedCredentials | null>;
}
