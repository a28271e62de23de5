import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from 'grammy';
import { Decimal, ZERO } from '../../../src/core/money.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { makeExecutionHistory } from '../../../src/core/execution/execution-history.js';
import type { ExecutionLogEntry } from '../../../src/core/execution/order-repository.js';
import { makeSlippageReport } from '../../../src/core/execution/slippage-report.js';
import { createBot } from '../../../src/bot/bot.js';
import { ChartRenderer } from '../../../src/bot/charts.js';
import type { BotContext, BotDeps } from '../../../src/bot/context.js';
import { startLocalBotApi, type LocalBotApi } from '../../../src/bot/transports/local-bot-api.js';
import { silentLogger } from '../../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';

const TOKEN = '777000:executions-feature-test-token';
const TRADER = 424242;
const now = new Date('2025-10-10T12:00:00Z');

function entry(userId: number, i: number, over: Partial<ExecutionLogEntry> = {}): ExecutionLogEntry {
  const symbol = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'][i % 3]!;
  return {
    userId, positionId: null, orderId: null, timestamp: new Date(now.getTime() - (20 - i) * 3_600_000), action: 'open', symbol, orderType: i % 4 === 0 ? 'limit' : 'market',
    requestedPrice: new Decimal(60000), signalPrice: new Decimal(59990), executedPrice: new Decimal('60012.5'), slippagePct: new Decimal(i).div(100),
    requestedQtyBase: new Decimal('0.01'), filledQtyBase: new Decimal('0.01'), fillPct: new Decimal(100), feesQuote: new Decimal('0.6'), executionTimeMs: 120 + i,
    status: 'success', errorMessage: null, retryCount: 0, volatilityPct: new Decimal('0.3'), liquidityQuote: new Decimal(250000), ...over,
  };
}

/** Bot deps with only what these commands use; any other use case fails loudly instead of being faked. */
function onlyThese(deps: Partial<BotDeps>): BotDeps {
  return new Proxy(deps, {
    get: (target, key) => (key in target ? target[key as keyof BotDeps] : () => Promise.reject(new Error(`deps.${String(key)} is not used by this test`))),
  }) as BotDeps;
}

describe('/executions and /slippage in chat', () => {
  let t: TestDatabase;
  let api: LocalBotApi;
  let bot: Bot<BotContext>;

  beforeAll(async () => {
    t = await createTestDatabase();
    const accounts = new PrismaAccountRepository(t.db);
    const { user } = await accounts.registerUser({ telegramId: String(TRADER), displayName: 'Ada', timezone: 'Europe/Berlin', paperStartingBalanceUsd: new Decimal(10000), now });
    const orders = new PrismaOrderRepository(t.db);
    for (let i = 0; i < 11; i++) await orders.appendExecutionLog(entry(user.id, i));
    await orders.appendExecutionLog(entry(user.id, 11, {
      status: 'failed', executedPrice: null, slippagePct: null, filledQtyBase: ZERO, fillPct: ZERO, feesQuote: ZERO, executionTimeMs: 0,
      errorMessage: 'SLIPPAGE_TOO_HIGH: expected 0.8% > max 0.5%',
    }));
    const clock = { now: () => now };
    api = await startLocalBotApi({ token: TOKEN, defaultTimeoutMs: 10_000 });
    const deps = {
      accounts,
      charts: new ChartRenderer(),
      executions: { history: makeExecutionHistory({ orders }), slippage: makeSlippageReport({ orders, clock }) },
      clock,
      log: silentLogger,
      settings: { allowedUserIds: new Set([String(TRADER)]), defaultTimezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), mode: 'telegram', chartTimeframe: '5m' },
    } satisfies Partial<BotDeps>;
    bot = createBot(onlyThese(deps), { token: TOKEN, apiRoot: api.url, botInfo: api.botInfo });
    void bot.start({ drop_pending_updates: false });
    await api.waitForPolling();
  });

  afterAll(async () => {
    await bot?.stop();
    await api?.close();
    await t?.close();
  });

  it('/executions shows the newest page with an Older ▶ button; ◀ ▶ edit the same message', async () => {
    api.sendUserMessage({ userId: TRADER, firstName: 'Ada', text: '/executions' });
    const first = await api.waitForBotMessage({ chatId: TRADER, match: /Executions — page 1 of 3/ });
    expect(first.text).toContain('12 in total');
    expect(first.text).toContain('not sent: expected slippage above your maximum'); // the newest row, explained
    expect(first.text).toMatch(/✖ 10 Oct 05:00 · SOL\/USDT · open/); // 03:00 UTC is 05:00 in Berlin (CEST)
    const buttons = first.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['Older ▶', '↻ Refresh', '« Menu']);
    for (const b of buttons) expect(Buffer.byteLength((b as { callback_data: string }).callback_data)).toBeLessThan(64);

    const q2 = api.pressButton({ userId: TRADER, messageId: first.message_id, callbackData: 'exec:page:2' });
    const second = await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /page 2 of 3/ });
    expect(second.message_id).toBe(first.message_id);
    expect(second.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['◀ Newer', 'Older ▶', '↻ Refresh', '« Menu']);
    await api.waitForCallbackAnswer(q2);

    const q3 = api.pressButton({ userId: TRADER, messageId: first.message_id, callbackData: 'exec:page:3' });
    const third = await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /page 3 of 3/ });
    expect(third.message_id).toBe(first.message_id);
    expect(third.text).toContain('BTC/USDT');
    expect(third.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['◀ Newer', '↻ Refresh', '« Menu']);
    await api.waitForCallbackAnswer(q3);
  });

  it('a stale page button past the end shows the last page', async () => {
    const msg = api.messages(TRADER).find((m) => m.text?.includes('Executions — page'))!;
    const q = api.pressButton({ userId: TRADER, messageId: msg.message_id, callbackData: 'exec:page:99', allowMissingButton: true });
    await api.waitForCallbackAnswer(q);
    expect(api.messages(TRADER).find((m) => m.message_id === msg.message_id)?.text).toMatch(/page 3 of 3/);
  });

  it('/slippage reports slippage, fees and fill rates per market and order type, with a p95 bar chart', async () => {
    api.sendUserMessage({ userId: TRADER, text: '/slippage' });
    const report = await api.waitForBotMessage({ chatId: TRADER, match: /Slippage & fees — last 30 days/ });
    expect(report.text).toContain('All orders: 11 fills · avg 0.05% · median 0.05% · p95 0.1% · fees $6.60');
    expect(report.text).toContain('Fill rate 91.7% of size · 91.7% of 12 orders filled completely');
    expect(report.text).toMatch(/BTC\/USDT limit: \d+ fills?/);
    expect(report.text).toMatch(/ETH\/USDT market: /);
    const photo = await api.waitForBotMessage({ chatId: TRADER, match: (m) => m.photo !== undefined });
    expect(photo.caption).toMatch(/^p95 slippage by market/);
    const upload = api.uploads.find((u) => u.method.toLowerCase() === 'sendphoto' && u.chatId === TRADER)!;
    expect(upload.data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(upload.data.length).toBeGreaterThan(10_000);
  });
});
