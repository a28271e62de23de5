import type { WalletInfo } from '../accounts/account.js';
import type { ExchangeCredentials } from './exchange-credentials.js';
import { credentialContext, type SecretCipher } from './secret-cipher.js';
import type { WalletStore } from './wallet-store.js';

/** Thrown when a live wallet cannot get its keys (none stored, or no MASTER_KEY to decrypt them). */
export class WalletCredentialsError extends Error {
  override readonly name = 'WalletCredentialsError';
}

/**
 * Decrypts a live wallet's API credentials for its exchange client. The plain keys live only in
 * the returned object; errors never carry them.
 */
export function makeLoadWalletCredentials(deps: { readonly store: WalletStore; readonly cipher: SecretCipher | null }) {
  return async function loadWalletCredentials(wallet: WalletInfo): Promise<ExchangeCredentials> {
    if (deps.cipher === null) throw new WalletCredentialsError(`wallet "${wallet.label}" needs MASTER_KEY to decrypt its API keys`);
    const stored = await deps.store.credentials(wallet.id);
    if (!stored) throw new WalletCredentialsError(`wallet "${wallet.label}" has no API keys stored`);
    const at = (field: 'apiKey' | 'secret' | 'password') => credentialContext(wallet.userId, wallet.exchangeId, field);
    const apiKey = deps.cipher.decrypt(stored.apiKeyEnc, at('apiKey'));
    const secret = deps.cipher.decrypt(stored.apiSecretEnc, at('secret'));
    return stored.apiPasswordEnc === null ? { apiKey, secret } : { apiKey, secret, password: deps.cipher.decrypt(stored.apiPasswordEnc, at('password')) };
  };
}
