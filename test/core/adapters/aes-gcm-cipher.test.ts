import { describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../../src/core/adapters/aes-gcm-cipher.js';

const key = Buffer.alloc(32, 1).toString('base64');
const ctx = 'wallet-credential:user:1:exchange:binance:apiKey';

describe('AesGcmCipher', () => {
  it('round-trips, with a fresh IV each time (same plaintext, different ciphertexts)', () => {
    const c = AesGcmCipher.fromMasterKey(key);
    const a = c.encrypt('my-api-key-123', ctx);
    const b = c.encrypt('my-api-key-123', ctx);
    expect(a).not.toBe(b);
    expect(a).not.toContain('my-api-key-123');
    expect(c.decrypt(a, ctx)).toBe('my-api-key-123');
  });

  it('accepts MASTER_KEY as hex too, and refuses a key of the wrong length', () => {
    expect(AesGcmCipher.fromMasterKey('ab'.repeat(32)).decrypt(AesGcmCipher.fromMasterKey('ab'.repeat(32)).encrypt('x', ctx), ctx)).toBe('x');
    expect(() => AesGcmCipher.fromMasterKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('refuses another key, another context or a tampered ciphertext, without revealing anything', () => {
    const c = AesGcmCipher.fromMasterKey(key);
    const text = c.encrypt('secret-value', ctx);
    expect(() => AesGcmCipher.fromMasterKey(Buffer.alloc(32, 2).toString('base64')).decrypt(text, ctx)).toThrow(/does not decrypt/);
    expect(() => c.decrypt(text, ctx.replace('user:1', 'user:2'))).toThrow(/does not decrypt/);
    // Flip one bit of the last ciphertext byte. (Replacing base64 characters is not enough: the
    // last character of 40 bytes carries only 2 bits, so a new character can decode to the same bytes.)
    const raw = Buffer.from(text.slice(text.indexOf('.') + 1), 'base64url');
    raw[raw.length - 1]! ^= 1;
    const tampered = `${text.slice(0, text.indexOf('.'))}.${raw.toString('base64url')}`;
    expect(() => c.decrypt(tampered, ctx)).toThrow(/does not decrypt/);
    expect(() => c.decrypt('plain-text', ctx)).toThrow(/unknown ciphertext format/);
  });
});
