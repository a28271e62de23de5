import type { WebhookSecretStore } from '../../accounts/webhook-secret-store.js';
import type { Db } from './open-database.js';

/** WebhookSecretStore on the User.webhookSecretHash column (unique, so a lookup is one index probe). */
export class PrismaWebhookSecretStore implements WebhookSecretStore {
  constructor(private readonly db: Db) {}

  async findByHash(hash: string): Promise<{ userId: number; hash: string } | null> {
    const row = await this.db.user.findUnique({ where: { webhookSecretHash: hash }, select: { id: true, webhookSecretHash: true } });
    return row && row.webhookSecretHash !== null ? { userId: row.id, hash: row.webhookSecretHash } : null;
  }

  async hasSecret(userId: number): Promise<boolean> {
    const row = await this.db.user.findUnique({ where: { id: userId }, select: { webhookSecretHash: true } });
    return (row?.webhookSecretHash ?? null) !== null;
  }

  async setHash(userId: number, hash: string): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { webhookSecretHash: hash } });
  }
}
