import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../../src/core/adapters/store-prisma/open-database.js';

const root = resolve(import.meta.dirname, '../../../..');
const migrations = readdirSync(join(root, 'prisma/migrations')).filter((d) => /^\d{14}_/.test(d)).sort();

describe('migrateDatabase', () => {
  it('applies pending migrations to an older database and keeps its data', async () => {
    expect(migrations.length).toBeGreaterThan(1);
    // An "older" database: built by Prisma's own CLI from the first migration only.
    const dir = mkdtempSync(join(tmpdir(), 'ra-old-'));
    mkdirSync(join(dir, 'prisma/migrations'), { recursive: true });
    cpSync(join(root, 'prisma/schema.prisma'), join(dir, 'prisma/schema.prisma'));
    cpSync(join(root, 'prisma/migrations', migrations[0]!), join(dir, 'prisma/migrations', migrations[0]!), { recursive: true });
    cpSync(join(root, 'prisma/migrations/migration_lock.toml'), join(dir, 'prisma/migrations/migration_lock.toml'));
    const path = join(dir, 'old.db');
    execFileSync(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy', '--schema', join(dir, 'prisma/schema.prisma')], {
      cwd: root, env: { ...process.env, DATABASE_URL: `file:${path}` }, stdio: 'pipe',
    });
    const old = new Database(path);
    old.prepare(`INSERT INTO "User" ("telegramId","displayName","updatedAt") VALUES ('7','Old Timer', 0)`).run();
    old.prepare(`INSERT INTO "RiskSettings" ("userId","riskPerTradePercent","updatedAt") VALUES (1,'0.5',0)`).run();
    old.close();

    await migrateDatabase(`file:${path}`);

    const db = new Database(path, { readonly: true });
    const applied = db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name').all() as { migration_name: string }[];
    expect(applied.map((m) => m.migration_name)).toEqual(migrations);
    const row = db.prepare('SELECT * FROM "RiskSettings" WHERE "userId" = 1').get() as Record<string, unknown>;
    expect(row.riskPerTradePercent).toBe('0.5'); // the user's own setting survived the table rebuild
    expect(row.correlationThreshold).toBe('0.7'); // new column got its default
    expect((db.prepare('SELECT "displayName" FROM "User"').get() as { displayName: string }).displayName).toBe('Old Timer');
    db.close();
  });

  it('is a no-op on an up-to-date database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-new-'));
    const url = `file:${join(dir, 'a.db')}`;
    await migrateDatabase(url);
    const second = await migrateDatabase(url);
    expect(second.output).toMatch(/No pending migrations/);
  });
});
