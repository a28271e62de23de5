import { describe, expect, it } from 'vitest';
import { hashWebhookSecret, isWebhookSecretMatch } from '../../src/webhook/webhook-secret.js';

describe('webhook secrets', () => {
  it('stores a SHA-256 hex hash, not the secret', () => {
    const hash = hashWebhookSecret('s3cret-value');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('s3cret');
  });

  it('matches only the exact secret', () => {
    const hash = hashWebhookSecret('s3cret-value');
    expect(isWebhookSecretMatch('s3cret-value', hash)).toBe(true);
    for (const guess of ['s3cret-valu', 's3cret-value ', 'S3CRET-VALUE', '']) expect(isWebhookSecretMatch(guess, hash)).toBe(false);
  });

  it('never matches a malformed stored hash, without throwing', () => {
    for (const stored of ['', 'zz', hashWebhookSecret('x').slice(0, 10), `${hashWebhookSecret('x')}00`]) {
      expect(isWebhookSecretMatch('x', stored)).toBe(false);
    }
  });
});
