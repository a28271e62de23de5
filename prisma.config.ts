import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defaultDatabaseUrl } from './src/database-url.js';

// Prisma 6.19 with the JavaScript schema engine: works fully offline (no engine download).
const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
