import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The dependency rule: the engine's logic never touches Telegram, Prisma, ccxt, cron, canvas or I/O. */
describe('architecture', () => {
  const outside = /from ['"](grammy|@grammyjs\/[^'"]*|@prisma\/[^'"]*|ccxt|node-cron|chartjs-node-canvas|canvas|node:fs|node:http|node:net|node:child_process)['"/]|generated\/prisma|\.\.\/bot\/|\.\.\/jobs\//;

  it('core modules outside core/adapters import no framework, driver or I/O module', () => {
    const offenders = filesUnder(join(root, 'src/core'))
      .filter((f) => !relative(root, f).startsWith('src/core/adapters/'))
      .filter((f) => outside.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('only the ccxt adapter imports ccxt, and only the Prisma store imports Prisma', () => {
    const all = filesUnder(join(root, 'src')).map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));
    const ccxtUsers = all.filter((f) => /from ['"]ccxt['"]/.test(f.text)).map((f) => f.path);
    const prismaUsers = all.filter((f) => /from ['"]@prisma\/|generated\/prisma/.test(f.text)).map((f) => f.path);
    expect(ccxtUsers.every((p) => p.startsWith('src/core/adapters/exchange-ccxt/'))).toBe(true);
    expect(prismaUsers.every((p) => p.startsWith('src/core/adapters/store-prisma/') || p.startsWith('src/generated/'))).toBe(true);
  });
});
