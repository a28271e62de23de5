import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from 'grammy';
import { Decimal } from '../../src/core/money.js';
import { PaperExchange } from '../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { PrismaAlertPreferenceRepository } from '../../src/core/adapters/store-prisma/prisma-alert-preference-repository.js';
import { createBot } from '../../src/bot/bot.js';
import { chatCommands } from '../../src/bot/commands.js';
import type { BotContext, BotDeps } from '../../src/bot/context.js';
import { refusalText } from '../../src/bot/format/menu-format.js';
import { startLocalBotApi, type LocalBotApi } from '../../src/bot/transports/local-bot-api.js';
import { silentLogger } from '../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/temp-db.js';
import { ManualClock } from '../support/manual-clock.js';
import { makeKillHarness, type KillHarness } from '../core/safety/kill-switch-fixtures.js';

const TOKEN = '777002:access-control-test-token';
const TRADER = 616161;
const STRANGER = 999001;

/**
 * Every callback the bot's keyboards can produce: each `…Callbacks` object exported from
 * src/bot/keyboards/ (strings as they are, builders called with sample ids), so a new keyboard is
 * covered without touching this test.
 */
async function everyCallback(): Promise<string[]> {
  const dir = resolve(import.meta.dirname, '../../src/bot/keyboards');
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(pathToFileURL(resolve(dir, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (!/allbacks$/.test(name) || typeof value !== 'object' || value === null) continue;
      for (const entry of Object.values(value)) {
        if (typeof entry === 'string') found.add(entry);
        else if (typeof entry === 'function') found.add(String((entry as (...a: unknown[]) => unknown)(1, 1)));
      }
    }
  }
  return [...found].filter((d) => d.length > 0 && Buffer.byteLength(d) <= 64);
}

/** Deps that record every use case reached; the allow-list may only read settings and log. */
function recordingDeps(real: Partial<BotDeps>, reached: Set<string>): BotDeps {
  return new Proxy(real, {
    get: (target, key) => {
      if (key !== 'settings' && key !== 'log') reached.add(String(key));
      return key in target ? target[key as keyof BotDeps] : () => Promise.reject(new Error(`deps.${String(key)} reached`));
    },
  }) as BotDeps;
}

describe('a user not on the allow-list', () => {
  let t: TestDatabase;
  let api: LocalBotApi;
  let bot: Bot<BotContext>;
  let h: KillHarness;
  const reached = new Set<string>();
  const clock = new ManualClock(new Date('2025-10-08T12:00:00Z'));
  const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');

  const snapshot = async () => ({
    users: await t.db.user.count(),
    audit: await t.db.auditEvent.count(),
    orders: await t.db.order.count(),
    openPositions: await t.db.position.count({ where: { status: 'open' } }),
    sessions: await t.db.chatSession.count(),
    preferences: await t.db.alertPreference.count(),
    walletsPaused: (await t.db.wallet.findMany({ orderBy: { id: 'asc' } })).map((w) => [w.id, w.tradingPaused]),
    state: (await t.db.tradingState.findMany()).map((s) => s.state),
  });

  beforeAll(async () => {
    t = await createTestDatabase();
    const exchange = new PaperExchange({ feed, clock, latencyMs: 0 });
    await exchange.loadMarkets();
    h = await makeKillHarness({ t, exchange, clock, telegramId: String(TRADER) });
    const bought = await exchange.submitOrder({ clientOrderId: 'setup', symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: new Decimal('0.01') });
    if (bought.kind !== 'accepted') throw new Error('setup');
    await h.addPosition('BTC/USDT', '0.01', bought.order.avgPrice!, bought.order.avgPrice!.mul('0.98'));
    api = await startLocalBotApi({ token: TOKEN, defaultTimeoutMs: 10_000 });
    const deps = {
      accounts: h.accounts,
      safety: { killSwitch: h.killSwitch, checkHealth: async () => Promise.reject(new Error('reached')), alertPreferences: new PrismaAlertPreferenceRepository(t.db), wallClock: clock },
      clock,
      log: silentLogger,
      settings: { allowedUserIds: new Set([String(TRADER)]), defaultTimezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), mode: 'telegram', chartTimeframe: '5m' },
    } satisfies Partial<BotDeps>;
    bot = createBot(recordingDeps(deps, reached), { token: TOKEN, apiRoot: api.url, botInfo: api.botInfo });
    void bot.start({ drop_pending_updates: false });
    await api.waitForPolling();
  });

  afterAll(async () => {
    await bot?.stop();
    await api?.close();
    await t?.close();
  });

  it('is refused every command in the list, and nothing changes', async () => {
    const before = await snapshot();
    expect(chatCommands.map((c) => c.command)).toEqual(expect.arrayContaining(['kill', 'status', 'alerts', 'pause', 'resume']));
    // Besides the sample arguments, the per-wallet forms naming the trader's wallet by label and by id.
    const walletForms = ['pause', 'resume'].flatMap((c) => [`/${c} ${h.wallet.label}`, `/${c} ${h.wallet.id}`]);
    for (const { command } of chatCommands) {
      for (const text of [`/${command}`, `/${command} BTC/USDT 1 2 3`, ...walletForms.filter((f) => f.startsWith(`/${command} `))]) {
        api.sendUserMessage({ userId: STRANGER, firstName: 'Mallory', text });
        const reply = await api.waitForBotMessage({ chatId: STRANGER });
        expect(reply.text, text).toBe(refusalText);
      }
    }
    expect(api.messages(STRANGER)).toHaveLength(2 * chatCommands.length + 4); // one refusal per attempt, nothing else
    expect(reached).toEqual(new Set());
    expect(await snapshot()).toEqual(before);
  });

  it('is refused every button (forged callbacks included), and nothing changes', async () => {
    const before = await snapshot();
    const callbacks = await everyCallback();
    expect(callbacks).toEqual(expect.arrayContaining(['kill:ask', 'kill:yes', 'status:refresh', 'alerts:cycle:1', 'risk:pause', 'menu', 'wal:pause:1', 'wal:resume:1']));
    api.sendUserMessage({ userId: STRANGER, text: 'hello' });
    const refusal = await api.waitForBotMessage({ chatId: STRANGER });
    // Forged with the trader's real wallet id too: a stranger must not switch someone's wallet.
    const forged = ['alerts:cycle:TRADING_STATE_CHANGED', `wal:pause:${h.wallet.id}`, `wal:resume:${h.wallet.id}`];
    for (const callbackData of [...callbacks, ...forged]) {
      const q = api.pressButton({ userId: STRANGER, messageId: refusal.message_id, callbackData, allowMissingButton: true });
      expect((await api.waitForCallbackAnswer(q)).text, callbackData).toBe(refusalText);
    }
    expect(reached).toEqual(new Set());
    expect(await snapshot()).toEqual(before);
    expect(api.messages(STRANGER).every((m) => m.text === refusalText)).toBe(true);
  });

  it('the trader behind the allow-list is not refused (the test would catch a bot that refuses everyone)', async () => {
    api.sendUserMessage({ userId: TRADER, text: '/alerts' });
    const reply = await api.waitForBotMessage({ chatId: TRADER });
    expect(reply.text).toMatch(/Alerts/);
  });
});
