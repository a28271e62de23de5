import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase, tuneDatabase, type Db } from '../../src/core/adapters/store-prisma/open-database.js';

let template: Promise<string> | undefined;

/** Migrates one template database per test process (real `prisma migrate deploy`), then copies it. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-template-'));
    const path = join(dir, 'template.db');
    await migrateDatabase(`file:${path}`);
    return path;
  })();
  return template;
}

export interface TestDatabase {
  readonly url: string;
  readonly path: string;
  readonly db: Db;
  close(): Promise<void>;
}

/** A fresh, fully migrated SQLite file in a temp folder, with an open Prisma client. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const source = await migratedTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'ra-db-'));
  const path = join(dir, 'test.db');
  copyFileSync(source, path);
  const url = `file:${path}`;
  const db = openDatabase(url);
  await tuneDatabase(db); // the same settings as production
  return {
    url,
    path,
    db,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
