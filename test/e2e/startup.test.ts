import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/adapters/store-prisma/open-database.js';
import { startAssistant } from '../support/assistant-process.js';

describe('starting the assistant', () => {
  it('stops with one clear line when a setting is wrong', async () => {
    const proc = startAssistant({ REPLAY_SPEED: 'fast' });
    expect(await proc.exited()).toBe(2);
    expect(proc.stderr().trim()).toBe('Invalid setting REPLAY_SPEED: expected a positive number: simulated seconds per real second');
  });

  it('refuses a replay start outside the bundled candles, naming the range', async () => {
    const proc = startAssistant({ REPLAY_START: '2030-01-01T00:00:00Z' });
    expect(await proc.exited()).toBe(2);
    expect(proc.stderr()).toMatch(/^Invalid setting REPLAY_START: expected an instant inside the bundled 5m candles, 2025-10-01/);
  });

  it('creates and migrates a database that does not exist yet, in a folder that does not exist yet', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'ra-fresh-')), 'nested', 'deeper', 'fresh.db')}`;
    const proc = startAssistant({ DATABASE_URL: url });
    await proc.waitForOutput(/Type \/start to begin/, 30_000);
    await proc.stop();
    const db = openDatabase(url);
    try {
      const migrations = await db.$queryRawUnsafe<{ migration_name: string; finished_at: unknown }[]>(
        'SELECT migration_name, finished_at FROM _prisma_migrations',
      );
      expect(migrations.length).toBeGreaterThan(0);
      expect(migrations.every((m) => m.finished_at !== null)).toBe(true);
      expect(await db.user.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });
});
