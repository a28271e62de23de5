import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 of a webhook secret, hex: what the store keeps and looks users up by. A lookup by hash
 * leaks nothing useful through timing, because a near-miss secret has an unrelated hash.
 */
export function hashWebhookSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Whether `secret` matches a stored hash (hex from hashWebhookSecret), compared in constant time
 * over equal-length digests. A malformed stored hash never matches.
 */
export function isWebhookSecretMatch(secret: string, storedHashHex: string): boolean {
  const expected = Buffer.from(storedHashHex, 'hex');
  const actual = createHash('sha256').update(secret, 'utf8').digest();
  // Buffer.from(hex) stops at the first bad digit; a short result must still be compared to keep the timing flat.
  return timingSafeEqual(actual, expected.length === actual.length ? expected : Buffer.alloc(actual.length)) && expected.length === actual.length;
}
