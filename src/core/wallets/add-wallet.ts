import type { AccountRepository } from '../accounts/account-repository.js';
import type { MarketType, UserAccount, WalletInfo, WalletMode } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { Clock, Logger } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import type { ExchangeCredentials } from './exchange-credentials.js';
import { credentialContext, type SecretCipher } from './secret-cipher.js';
import type { WalletStore } from './wallet-store.js';

export const MAX_WALLETS_PER_USER = 10;
export const MAX_WALLET_LABEL_CHARS = 24;

export interface AddWalletInput {
  readonly user: UserAccount;
  readonly label: string;
  /** "paper" or a ccxt exchange id. "paper" is always a paper wallet. */
  readonly exchangeId: string;
  readonly mode: WalletMode;
  readonly marketType: MarketType;
  /** Required for live wallets, ignored for paper ones. */
  readonly credentials: ExchangeCredentials | null;
  readonly actor: string;
}

export type AddWalletError =
  | 'LABEL_INVALID'
  | 'LABEL_TAKEN'
  | 'UNKNOWN_EXCHANGE'
  /** No MASTER_KEY: live keys could not be stored encrypted, so they are not stored at all. */
  | 'MASTER_KEY_MISSING'
  | 'CREDENTIALS_REQUIRED'
  | 'TOO_MANY_WALLETS';

export interface AddWalletDeps {
  readonly store: WalletStore;
  readonly accounts: AccountRepository;
  /** Null when MASTER_KEY is not set: live wallets are refused. */
  readonly cipher: SecretCipher | null;
  /** Exchange ids ccxt supports. */
  readonly exchangeIds: () => Promise<readonly string[]>;
  readonly paperStartingBalanceUsd: Decimal;
  readonly clock: Clock;
  readonly log: Logger;
}

/** A label: 1 to 24 characters after trimming, no control characters. */
export function isValidWalletLabel(label: string): boolean {
  const t = label.trim();
  return t.length >= 1 && t.length <= MAX_WALLET_LABEL_CHARS && !/\p{Cc}/u.test(t);
}

/**
 * Adds a paper or live wallet. A live wallet's API key, secret and passphrase are encrypted with
 * the SecretCipher (AES-256-GCM under MASTER_KEY, bound to the user and exchange) before they
 * reach the store; without a cipher live wallets are refused (MASTER_KEY_MISSING). Nothing secret
 * is logged or audited: the audit says only whether keys were stored.
 */
export function makeAddWallet(deps: AddWalletDeps) {
  return async function addWallet(input: AddWalletInput): Promise<Result<WalletInfo, AddWalletError>> {
    const label = input.label.trim();
    if (!isValidWalletLabel(label)) return err('LABEL_INVALID');
    const exchangeId = input.exchangeId.trim().toLowerCase();
    const mode: WalletMode = exchangeId === 'paper' ? 'paper' : input.mode;
    if (exchangeId !== 'paper' && !(await deps.exchangeIds()).includes(exchangeId)) return err('UNKNOWN_EXCHANGE');
    if ((await deps.store.countForUser(input.user.id)) >= MAX_WALLETS_PER_USER) return err('TOO_MANY_WALLETS');
    let encrypted = { apiKeyEnc: null as string | null, apiSecretEnc: null as string | null, apiPasswordEnc: null as string | null };
    if (mode === 'live') {
      if (deps.cipher === null) return err('MASTER_KEY_MISSING');
      const c = input.credentials;
      if (c === null) return err('CREDENTIALS_REQUIRED');
      const at = (field: 'apiKey' | 'secret' | 'password') => credentialContext(input.user.id, exchangeId, field);
      encrypted = {
        apiKeyEnc: deps.cipher.encrypt(c.apiKey, at('apiKey')),
        apiSecretEnc: deps.cipher.encrypt(c.secret, at('secret')),
        apiPasswordEnc: c.password === undefined ? null : deps.cipher.encrypt(c.password, at('password')),
      };
    }
    const added = await deps.store.add({
      userId: input.user.id, label, exchangeId, mode, marketType: input.marketType, ...encrypted,
      paperStartingBalanceUsd: mode === 'paper' ? deps.paperStartingBalanceUsd : null,
    });
    if (added.kind === 'label_taken') return err('LABEL_TAKEN');
    const summary = { label, exchangeId, mode, marketType: input.marketType, hasCredentials: mode === 'live' };
    await deps.accounts.recordAudit({ userId: input.user.id, actor: input.actor, action: 'wallet.added', target: `wallet:${added.wallet.id}`, after: summary, at: deps.clock.now() });
    deps.log.info({ userId: input.user.id, walletId: added.wallet.id, exchangeId, mode, marketType: input.marketType }, 'wallet added');
    return ok(added.wallet);
  };
}
