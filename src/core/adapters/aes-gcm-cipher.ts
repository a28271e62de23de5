import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../wallets/secret-cipher.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown for a master key of the wrong shape, or a ciphertext that does not decrypt. Never carries plaintext. */
export class CipherError extends Error {
  override readonly name = 'CipherError';
}

/**
 * SecretCipher with AES-256-GCM under the MASTER_KEY: a fresh random 96-bit IV per encryption,
 * the context as additional authenticated data, and the 128-bit tag checked on decryption.
 * Ciphertext text: "v1.<base64url(iv | tag | ciphertext)>".
 */
export class AesGcmCipher implements SecretCipher {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** From MASTER_KEY: 32 bytes as base64 (44 characters) or hex (64 characters). */
  static fromMasterKey(masterKey: string): AesGcmCipher {
    const key = /^[0-9a-fA-F]{64}$/.test(masterKey) ? Buffer.from(masterKey, 'hex') : Buffer.from(masterKey, 'base64');
    if (key.length !== 32) throw new CipherError('MASTER_KEY must be 32 bytes (base64 or hex)');
    return new AesGcmCipher(key);
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  decrypt(ciphertext: string, context: string): string {
    const [version, payload] = ciphertext.split('.', 2);
    if (version !== VERSION || payload === undefined) throw new CipherError('unknown ciphertext format');
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new CipherError('ciphertext too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // Node's message says nothing useful and nothing secret: replace it with ours.
      throw new CipherError('ciphertext does not decrypt with this key and context');
    }
  }
}
