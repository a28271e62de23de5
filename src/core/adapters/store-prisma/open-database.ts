import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../../generated/prisma/client.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export type Db = InstanceType<typeof PrismaClient>;

/** Path of the SQLite file behind a `file:` URL (relative paths are relative to the working directory). */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
}

/**
 * Creates the database file if it does not exist and applies every pending migration, with
 * Prisma's own `migrate deploy` (so `prisma migrate status` always agrees with what ran).
 * Idempotent: on an up-to-date database it changes nothing.
 */
export async function migrateDatabase(url: string): Promise<{ output: string }> {
  mkdirSync(dirname(sqlitePath(url)), { recursive: true });
  const prismaCli = resolve(projectRoot, 'node_modules/prisma/build/index.js');
  return await new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: `file:${sqlitePath(url)}`, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolveRun({ output });
      else reject(new Error(`database migration failed (prisma migrate deploy exited ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** Opens the Prisma client on a SQLite file through the better-sqlite3 driver adapter. */
export function openDatabase(url: string): Db {
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}` });
  return new PrismaClient({ adapter });
}

/**
 * Write-ahead logging with NORMAL sync: each commit no longer waits for a full fsync of the main
 * file (several times faster order bookkeeping), while a crash still never corrupts the database;
 * readers (tests, /status) do not block the writer. WAL is a property of the file, so it sticks.
 */
export async function tuneDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
}
