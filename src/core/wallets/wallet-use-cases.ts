import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { Clock, Logger, Notifier } from '../ports.js';
import type { Result } from '../result.js';
import { makeAddWallet, type AddWalletError, type AddWalletInput } from './add-wallet.js';
import { makeChangeAutoTrade, type ChangeAutoTrade } from './change-auto-trade.js';
import { makeChangeWalletPause, type ChangeWalletPause } from './change-wallet-pause.js';
import { makeRemoveWallet, type RemoveWalletError } from './remove-wallet.js';
import type { SecretCipher } from './secret-cipher.js';
import type { WalletExposure, WalletStore } from './wallet-store.js';

/** What the chat calls to manage wallets and their auto-trading. */
export interface WalletUseCases {
  /** False without MASTER_KEY: live wallets cannot be added. */
  readonly canStoreLiveKeys: boolean;
  /** ccxt's exchange ids, sorted. */
  exchangeIds(): Promise<readonly string[]>;
  list(user: UserAccount): Promise<WalletInfo[]>;
  find(user: UserAccount, walletId: number): Promise<WalletInfo | null>;
  exposure(user: UserAccount, walletId: number): Promise<WalletExposure | null>;
  add(input: AddWalletInput): Promise<Result<WalletInfo, AddWalletError>>;
  remove(input: { readonly user: UserAccount; readonly walletId: number; readonly actor: string }): Promise<Result<WalletInfo, RemoveWalletError>>;
  readonly autoTrade: ChangeAutoTrade;
  /** Pausing and resuming new entries on one wallet (/pause <wallet>, /resume <wallet>, the /wallets buttons). */
  readonly pause: ChangeWalletPause;
}

export function makeWalletUseCases(deps: {
  readonly store: WalletStore;
  readonly accounts: AccountRepository;
  readonly cipher: SecretCipher | null;
  readonly exchangeIds: () => Promise<readonly string[]>;
  readonly forgetExchange: (walletId: number) => void;
  readonly paperStartingBalanceUsd: Decimal;
  /** Tells the user about a wallet's pause switch (WALLET_TRADING_PAUSED / _RESUMED). */
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
}): WalletUseCases {
  return {
    canStoreLiveKeys: deps.cipher !== null,
    exchangeIds: deps.exchangeIds,
    list: (user) => deps.accounts.listWallets(user.id),
    find: (user, walletId) => deps.store.find(user.id, walletId),
    async exposure(user, walletId) {
      return (await deps.store.find(user.id, walletId)) ? deps.store.exposure(walletId) : null;
    },
    add: makeAddWallet(deps),
    remove: makeRemoveWallet(deps),
    autoTrade: makeChangeAutoTrade(deps),
    pause: makeChangeWalletPause(deps),
  };
}
