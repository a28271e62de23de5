import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { Decimal } from '../../../src/core/money.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import type { AccountRepository } from '../../../src/core/accounts/account-repository.js';
import { PrismaSignalRepository } from '../../../src/core/adapters/store-prisma/prisma-signal-repository.js';
import { parseTradeCommand } from '../../../src/core/signals/parse-trade-command.js';
import { makeTradingUseCases, type TradingUseCases } from '../../../src/core/trading/trading-use-cases.js';
import type { TradingDeps } from '../../../src/core/trading/trading-deps.js';
import { createBot } from '../../../src/bot/bot.js';
import type { BotContext } from '../../../src/bot/context.js';
import { internalErrorText } from '../../../src/bot/format/menu-format.js';
import { silentLogger } from '../../../src/logger.js';
import { onlyThese } from '../../support/trading-harness.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

const TRADER = 991;
const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'DOGE/USDT'];
const LAST = new Decimal('64000.5');
const botInfo: UserFromGetMe = {
  id: 42, is_bot: true, first_name: 'Fuzz', username: 'fuzz_bot', can_join_groups: false, can_read_all_group_messages: false,
  supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
} as UserFromGetMe;

/** Near-miss words of a trade line: real symbols, sides and levels, and the ways people mistype them. */
const word = fc.oneof(
  fc.constantFrom('BTC/USDT', 'btc', 'ETHUSDT', 'eth-usdt', 'DOGE', 'FOO/BAR', 'BTC/EUR', '/', 'usdt', '₿'),
  fc.constantFrom('long', 'short', 'buy', 'SELL', 'l', 's', 'up', 'down', 'lng'),
  fc.constantFrom('market', 'mkt', 'm', 'MARKET', 'now', '0', '-0', '+0%', '0%', '100%', '-100%', '-101%', '+1e3', '1e5', 'NaN', 'Infinity', '0x10'),
  fc.constantFrom('45,000', '45.000,5', '45_000', "45'000", '٤٥٠٠٠', '４５０００', '45000.', '.5', '−2%', '+-2%', '--2%', '2%%', '%', '-', '+'),
  fc.double({ min: 0, max: 1e7, noNaN: true }).map((n) => String(n)),
  fc.integer({ min: -200, max: 200 }).map((n) => `${n >= 0 ? '+' : ''}${n}%`),
  fc.integer({ min: 0, max: 100 }).map((n) => `0.${n}`),
  fc.string({ maxLength: 12, unit: 'binary' }),
);
const soup = fc.array(word, { minLength: 1, maxLength: 10 }).chain((words) => fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0').map((sep) => words.join(sep)));
/** Lines shaped like a trade, each field drawn from right and nearly-right values, so every check of the parser is reached. */
const shaped = fc
  .tuple(
    fc.constantFrom('BTC/USDT', 'btc', 'ETHUSDT', 'sol', 'DOGE', 'FOO', 'BTC/EUR'),
    fc.constantFrom('long', 'short', 'buy', 'sell', 'up'),
    fc.constantFrom('market', '64000', '45,000', '-2%', '0', 'abc', '١٢٣'),
    fc.constantFrom('-2%', '+2%', '60000', '70000', '5%', 'm', '0', '-100%', '1e3'),
    fc.array(fc.constantFrom('+4%', '-4%', '70000', '66000', '60000', '0.5', '80%', 'x', '+1%'), { maxLength: 5 }),
    fc.option(fc.constantFrom('0.8', '80%', '1.5', '150%', 'x', '0.05'), { nil: undefined }),
  )
  .map(([symbol, side, entry, stop, targets, confidence]) => [symbol, side, entry, stop, ...targets, ...(confidence ? [confidence] : [])].join(' '));
const garbage = fc.oneof(fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }), fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme-ascii' }));

/**
 * Thousands of random and near-miss /trade lines through the real bot handler (API calls
 * answered in process, no HTTP): nothing crashes, every bad line gets its specific refusal,
 * nothing is stored and no trading use case beyond the parser runs.
 */
describe('/trade fuzzed', () => {
  let t: TestDatabase;
  let bot: Bot<BotContext>;
  const sent: { chatId: number; text: string; updateId: number }[] = [];
  let currentUpdate = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    const now = new Date('2025-10-06T00:50:00Z');
    const { user } = await new PrismaAccountRepository(t.db).registerUser({ telegramId: String(TRADER), displayName: 'Fuzz', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now });
    // The account lookup every update makes is answered from memory: the database is what must stay untouched.
    const accounts = { findUserByTelegramId: async (id: string) => (id === String(TRADER) ? user : null) } as unknown as AccountRepository;
    const unused = () => Promise.reject(new Error('the trade flow went past the parser'));
    const trading: TradingUseCases = makeTradingUseCases({
      signals: new PrismaSignalRepository(t.db), accounts, clock: { now: () => now }, log: silentLogger,
      notifier: { notify: unused }, assessTrade: unused, executorForWallet: unused, exchangeForWallet: unused,
    } as unknown as TradingDeps);
    bot = createBot(onlyThese({
      accounts, trading, marketSymbols: async () => SYMBOLS, lastPrice: async () => LAST, clock: { now: () => now }, log: silentLogger,
      settings: {
        allowedUserIds: new Set([String(TRADER)]), defaultTimezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), mode: 'telegram', chartTimeframe: '5m',
        commandRateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 }, // thousands of commands in a second, on purpose
      },
    }), { token: '42:fuzz-token', apiRoot: 'http://127.0.0.1:9', botInfo });
    let messageId = 1_000_000;
    bot.api.config.use(async (_prev, method, payload) => {
      const p = payload as { chat_id?: number; text?: string };
      if (method === 'sendMessage') sent.push({ chatId: Number(p.chat_id), text: String(p.text), updateId: currentUpdate });
      const result = method === 'sendMessage' ? { message_id: messageId++, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text } : true;
      return { ok: true, result } as never;
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every bad line with a specific refusal and stores nothing, whatever the input', async () => {
    const inputs = [
      ...fc.sample(soup, { numRuns: 1500, seed: 20261125 }),
      ...fc.sample(shaped, { numRuns: 1500, seed: 7 }),
      ...fc.sample(garbage, { numRuns: 1000, seed: 5 }),
      '', ' ', 'x'.repeat(10_000), '\u0000', '\u202e BTC long', '<b>BTC</b> long 1 0.5 2', 'BTC/USDT long 45000 44000 48000 49000 50000 51000 0.8',
      'BTC/USDT long 64000 60000 70000 66000 0.8', 'DOGE long 0.2 0.19 0.3 0.5',
    ];
    let checked = 0;
    const codes = new Set<string>();
    for (const [i, rest] of inputs.entries()) {
      const text = `/trade ${rest}`;
      if (text.slice(6).trim() === '') continue; // "/trade" alone opens the step-by-step questions
      const parsed = parseTradeCommand(text, { knownSymbols: SYMBOLS, lastPrice: () => LAST });
      if (parsed.ok) continue; // a valid trade would go on to the risk gate
      codes.add(parsed.error.code);
      currentUpdate = i + 1;
      const update: Update = {
        update_id: currentUpdate,
        message: {
          message_id: currentUpdate, date: 0, chat: { id: TRADER, type: 'private', first_name: 'F' }, from: { id: TRADER, is_bot: false, first_name: 'F' },
          text, entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        },
      };
      await bot.handleUpdate(update);
      const replies = sent.filter((s) => s.updateId === currentUpdate);
      if (replies.length !== 1 || !replies[0]!.text.startsWith('✖ ') || replies[0]!.text === internalErrorText) {
        throw new Error(`input ${JSON.stringify(text)} got ${JSON.stringify(replies)}`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3000);
    expect(await t.db.signal.count()).toBe(0);
    // Every way a /trade line can be wrong is reached (a market entry always has a price here).
    expect([...codes].sort()).toEqual([
      'AMBIGUOUS_LAST_VALUE', 'BAD_CONFIDENCE', 'BAD_PRICE', 'BAD_SIDE', 'INPUT_TOO_LONG', 'MISSING_FIELD', 'STOP_WRONG_SIDE', 'TARGETS_OUT_OF_ORDER',
      'TARGET_WRONG_SIDE', 'TOO_MANY_TARGETS', 'UNKNOWN_SYMBOL',
    ]);
    expect(new Set(sent.map((s) => s.text.split('\n')[0])).size).toBeGreaterThan(500); // each answer names its input's problem
  }, 60_000);
});
