import type { Db } from './open-database.js';

const probeKey = 'health:probe';

/**
 * Proves the database takes writes: stores a fresh value under a reserved key of the key-value
 * table and reads it back. Throws when the write fails (read-only file, full disk, lock) or the
 * read returns something else.
 */
export async function probeDatabase(db: Db, now: Date): Promise<void> {
  const value = JSON.stringify({ at: now.toISOString(), nonce: Math.random().toString(36).slice(2) });
  await db.chatSession.upsert({ where: { key: probeKey }, create: { key: probeKey, value }, update: { value } });
  const row = await db.chatSession.findUnique({ where: { key: probeKey } });
  if (row?.value !== value) throw new Error('database probe read back a different value');
}
