import type { Db } from './open-database.js';

/**
 * Key-value storage of chat sessions and conversation state (grammY's StorageAdapter shape),
 * so a conversation started before a restart finishes after it. Values are plain JSON.
 */
export class PrismaSessionStorage<T> {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  async read(key: string): Promise<T | undefined> {
    const row = await this.db.chatSession.findUnique({ where: { key: this.prefix + key } });
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async write(key: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    await this.db.chatSession.upsert({
      where: { key: this.prefix + key },
      create: { key: this.prefix + key, value: json },
      update: { value: json },
    });
  }

  async delete(key: string): Promise<void> {
    await this.db.chatSession.deleteMany({ where: { key: this.prefix + key } });
  }
}
