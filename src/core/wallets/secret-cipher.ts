/**
 * Authenticated encryption of secrets at rest (exchange API keys). `context` binds a ciphertext
 * to where it belongs (user, exchange, field): decrypting it anywhere else fails, so a copied
 * column cannot be replayed into another wallet. Implemented by AesGcmCipher with MASTER_KEY.
 */
export interface SecretCipher {
  encrypt(plain: string, context: string): string;
  /** Throws when the ciphertext was altered, the context differs or the key is wrong; never returns garbage. */
  decrypt(ciphertext: string, context: string): string;
}

/** Where an exchange credential field is bound to. */
export function credentialContext(userId: number, exchangeId: string, field: 'apiKey' | 'secret' | 'password'): string {
  return `wallet-credential:user:${userId}:exchange:${exchangeId}:${field}`;
}
