import { randomBytes } from 'node:crypto';
import type { AccountRepository } from '../core/accounts/account-repository.js';
import type { WebhookSecretStore } from '../core/accounts/webhook-secret-store.js';
import type { Clock, Logger } from '../core/ports.js';
import { hashWebhookSecret, isWebhookSecretMatch } from './webhook-secret.js';

/** Issuing and checking users' webhook secrets. */
export interface WebhookSecrets {
  /** A new random secret for the user, returned once; only its hash is stored, the old one stops working. Audited. */
  rotate(userId: number, actor: string): Promise<string>;
  hasSecret(userId: number): Promise<boolean>;
  /** WebhookDeps.authenticate: the user whose secret this is, or null. */
  authenticate(secret: string): Promise<{ readonly userId: number } | null>;
}

/** 32 random bytes, base64url: 43 characters, 256 bits (far beyond guessing through the rate limits). */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function makeWebhookSecrets(deps: {
  readonly store: WebhookSecretStore;
  readonly accounts: AccountRepository;
  readonly clock: Clock;
  readonly log: Logger;
  readonly generate?: () => string;
}): WebhookSecrets {
  const generate = deps.generate ?? generateWebhookSecret;
  return {
    async rotate(userId, actor) {
      const secret = generate();
      const hadSecret = await deps.store.hasSecret(userId);
      await deps.store.setHash(userId, hashWebhookSecret(secret));
      await deps.accounts.recordAudit({ userId, actor, action: hadSecret ? 'webhook.secret_rotated' : 'webhook.secret_created', at: deps.clock.now() });
      deps.log.info({ userId, rotated: hadSecret }, 'webhook secret issued');
      return secret;
    },
    hasSecret: (userId) => deps.store.hasSecret(userId),
    async authenticate(secret) {
      const found = await deps.store.findByHash(hashWebhookSecret(secret));
      return found && isWebhookSecretMatch(secret, found.hash) ? { userId: found.userId } : null;
    },
  };
}
