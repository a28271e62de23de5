import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from 'grammy';
import { Decimal } from '../../../src/core/money.js';
import { systemClock } from '../../../src/core/clock.js';
import { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { PrismaAlertPreferenceRepository } from '../../../src/core/adapters/store-prisma/prisma-alert-preference-repository.js';
import { probeDatabase } from '../../../src/core/adapters/store-prisma/prisma-health-probe.js';
import { makeCheckHealth, type JobRunStatus } from '../../../src/core/safety/check-health.js';
import { createBot } from '../../../src/bot/bot.js';
import type { BotContext, BotDeps } from '../../../src/bot/context.js';
import { TelegramNotifier } from '../../../src/bot/telegram-notifier.js';
import { mainMenuKeyboard } from '../../../src/bot/keyboards/menu-keyboards.js';
import { startLocalBotApi, type LocalBotApi } from '../../../src/bot/transports/local-bot-api.js';
import { silentLogger } from '../../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';
import { ManualClock } from '../../support/manual-clock.js';
import { makeKillHarness, type KillHarness } from '../../core/safety/kill-switch-fixtures.js';

const TOKEN = '777001:safety-feature-test-token';
const TRADER = 515151;
const PIN_TRADER = 525252;
const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');

/** Bot deps with only what these commands use; any other use case fails loudly instead of being faked. */
function onlyThese(deps: Partial<BotDeps>): BotDeps {
  return new Proxy(deps, {
    get: (target, key) => (key in target ? target[key as keyof BotDeps] : () => Promise.reject(new Error(`deps.${String(key)} is not used by this test`))),
  }) as BotDeps;
}

/** The scheduler's view when /status asks: runs stamped relative to the wall clock at that moment. */
const jobs = (): JobRunStatus[] => {
  const ago = (ms: number) => new Date(Date.now() - ms);
  return [
    { name: 'save-paper-wallets', expression: '*/30 * * * * *', lastStartedAt: ago(12_000), lastFinishedAt: ago(11_900), lastError: null, runs: 42, skippedOverlaps: 0 },
    { name: 'position-monitor', expression: '*/10 * * * * *', lastStartedAt: ago(3_000), lastFinishedAt: ago(2_000), lastError: 'exchange timeout', runs: 7, skippedOverlaps: 1 },
    { name: 'safety-monitor', expression: '20 * * * * *', lastStartedAt: null, lastFinishedAt: null, lastError: null, runs: 0, skippedOverlaps: 0 },
  ];
};

describe('kill switch, /status and /alerts in chat', () => {
  let t: TestDatabase;
  let api: LocalBotApi;
  let bots: Bot<BotContext>[] = [];
  let h: KillHarness;
  let hPin: KillHarness;
  let exchange: PaperExchange;
  let prefs: PrismaAlertPreferenceRepository;
  const clock = new ManualClock(new Date('2025-10-08T12:00:00Z'));

  async function startBot(harness: KillHarness, extra: { pin?: string; telegramIds: number[]; rate?: { capacity: number; refillPerSecond: number } }) {
    const checkHealth = makeCheckHealth({
      accounts: harness.accounts, exchangeForWallet: async () => exchange, probeDatabase: () => probeDatabase(t.db, new Date()), jobStatuses: jobs,
      clock, elapsedMs: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    const deps = {
      accounts: harness.accounts,
      safety: { killSwitch: harness.killSwitch, checkHealth, alertPreferences: prefs, killSwitchPin: extra.pin, wallClock: systemClock },
      clock,
      log: silentLogger,
      settings: {
        allowedUserIds: new Set(extra.telegramIds.map(String)), defaultTimezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), mode: 'telegram', chartTimeframe: '5m',
        ...(extra.rate ? { commandRateLimit: extra.rate } : {}),
      },
    } satisfies Partial<BotDeps>;
    const bot = createBot(onlyThese(deps), { token: TOKEN, apiRoot: api.url, botInfo: api.botInfo });
    bots.push(bot);
    void bot.start({ drop_pending_updates: false });
    await api.waitForPolling();
    return bot;
  }

  async function hold(harness: KillHarness, symbol: string, qty: string) {
    const bought = await exchange.submitOrder({ clientOrderId: `buy-${harness.user.id}-${symbol}`, symbol, side: 'buy', type: 'market', qtyBase: new Decimal(qty) });
    if (bought.kind !== 'accepted') throw new Error('setup buy refused');
    return harness.addPosition(symbol, qty, bought.order.avgPrice!, bought.order.avgPrice!.mul('0.98'));
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    exchange = new PaperExchange({ feed, clock, latencyMs: 0, initialBalances: new Map([['USDT', new Decimal(100000)]]) });
    await exchange.loadMarkets();
    h = await makeKillHarness({ t, exchange, clock, telegramId: String(TRADER) });
    hPin = await makeKillHarness({ t, exchange: new PaperExchange({ feed, clock, latencyMs: 0 }), clock, telegramId: String(PIN_TRADER) });
    prefs = new PrismaAlertPreferenceRepository(t.db);
    api = await startLocalBotApi({ token: TOKEN, defaultTimeoutMs: 10_000 });
  });

  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await api?.close();
    await t?.close();
  });

  it('the main menu offers the kill switch', () => {
    expect(mainMenuKeyboard().inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''))).toContain('kill:ask');
  });

  it('/kill asks once more with the consequence spelled out; Cancel changes nothing', async () => {
    await startBot(h, { telegramIds: [TRADER] });
    const btc = await hold(h, 'BTC/USDT', '0.02');
    await exchange.submitOrder({ clientOrderId: 'resting-1', symbol: 'ETH/USDT', side: 'buy', type: 'limit', qtyBase: new Decimal('0.1'), limitPrice: new Decimal(1000) });
    api.sendUserMessage({ userId: TRADER, firstName: 'Kim', text: '/kill' });
    const ask = await api.waitForBotMessage({ chatId: TRADER, match: /Kill switch/ });
    expect(ask.text).toBe('🛑 Kill switch: this cancels the 1 open order and closes the 1 position at market (slippage cap 1%), then keeps trading KILLED until you /resume.\nContinue?');
    expect(ask.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['🛑 Yes, flatten everything', 'Cancel']);
    const q = api.pressButton({ userId: TRADER, messageId: ask.message_id, callbackData: 'kill:no' });
    await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /not fired: nothing was changed/ });
    await api.waitForCallbackAnswer(q);
    expect(await h.positions.findForUser(h.user.id, btc.id)).toMatchObject({ status: 'open' });
    expect((await h.accounts.tradingState(h.user.id)).state).toBe('active');
  });

  it('the second tap fires: the report names each close and says trading is KILLED until /resume', async () => {
    const anyMessage = api.messages(TRADER)[0]!;
    api.pressButton({ userId: TRADER, messageId: anyMessage.message_id, callbackData: 'kill:ask', allowMissingButton: true }); // as the menu's or an alert's 🛑
    const ask = await api.waitForBotMessage({ chatId: TRADER, match: /Kill switch: this cancels/ });
    api.pressButton({ userId: TRADER, messageId: ask.message_id, callbackData: 'kill:yes' });
    await api.waitForBotMessage({ chatId: TRADER, match: /Flattening/ });
    const report = await api.waitForBotMessage({ chatId: TRADER, match: /Flat in/ });
    expect(report.text).toMatch(/^🛑 Flat in \d+\.\d s\. Closed BTC\/USDT at [\d,.]+ \([−+]\$[\d,.]+, [−+]?\d+(\.\d)?R\)\.$/m); // −$5.67, −0.1R
    expect(report.text).toContain('Cancelled 1 order.');
    expect(report.text).toContain('Verified with the exchange: no open positions, no open orders.');
    expect(report.text).toContain('Trading is KILLED until /resume.');
    expect(report.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['🛡 Risk', '▶️ Resume trading']);
    expect(api.messages(TRADER).find((m) => m.message_id === ask.message_id)?.reply_markup).toBeUndefined(); // the confirmation is spent
    expect((await h.accounts.tradingState(h.user.id)).state).toBe('killed');
    expect(await h.positions.listOpen(h.user.id)).toEqual([]);

    api.sendUserMessage({ userId: TRADER, text: '/kill' });
    const again = await api.waitForBotMessage({ chatId: TRADER, match: /no open positions and no open orders/ });
    expect(again.text).toContain('Trading is already KILLED');
  });

  it('/status shows trading state, exchange latency and price age, database, Telegram contact and every job', async () => {
    api.sendUserMessage({ userId: TRADER, text: '/status' });
    const status = await api.waitForBotMessage({ chatId: TRADER, match: /Status/ });
    const lines = status.text!.split('\n');
    expect(lines[0]).toBe('🩺 Status — trading KILLED (USER_KILL)');
    expect(lines).toContain('Exchanges');
    expect(status.text).toMatch(/✅ Paper \(paper\): \d+ ms · BTC\/USDT price 0\.0 s old/);
    expect(status.text).toMatch(/Database ✅ writable \(\d+ ms\)/);
    expect(status.text).toMatch(/Telegram last update \d s ago/);
    expect(status.text).toMatch(/✅ save-paper-wallets: 1\d s ago, ok · 42 runs/);
    expect(status.text).toMatch(/⚠️ position-monitor: \d s ago, failed: exchange timeout · 7 runs/);
    expect(status.text).toContain('⏳ safety-monitor: not run yet');
    expect(await t.db.chatSession.findUnique({ where: { key: 'health:probe' } })).not.toBeNull();
  });

  it('/alerts switches a type on → silent → off, and the notifier honours it', async () => {
    const notifier = new TelegramNotifier({ accounts: h.accounts, log: silentLogger, alertPreferences: prefs });
    notifier.attach(bots[0]!.api);
    api.sendUserMessage({ userId: TRADER, text: '/alerts' });
    const list = await api.waitForBotMessage({ chatId: TRADER, match: /Alerts/ });
    expect(list.reply_markup!.inline_keyboard.flat()[0]).toMatchObject({ text: '🔊 Trading state', callback_data: 'alerts:cycle:TRADING_STATE_CHANGED' });
    const event = { kind: 'TRADING_STATE_CHANGED', data: { from: 'killed', to: 'active', reason: 'USER_RESUME', detail: {}, resumeAt: null } };

    const q1 = api.pressButton({ userId: TRADER, messageId: list.message_id, callbackData: 'alerts:cycle:TRADING_STATE_CHANGED' });
    expect((await api.waitForCallbackAnswer(q1)).text).toBe('Trading state: silent');
    await notifier.notify(h.user.id, event);
    const silent = api.calls.filter((c) => c.method === 'sendMessage' && String(c.params['text']).startsWith('▶️ Trading ACTIVE'));
    expect(silent.at(-1)?.params['disable_notification']).toBe(true);

    const q2 = api.pressButton({ userId: TRADER, messageId: list.message_id, callbackData: 'alerts:cycle:TRADING_STATE_CHANGED' });
    expect((await api.waitForCallbackAnswer(q2)).text).toBe('Trading state: off');
    const before = api.calls.filter((c) => c.method === 'sendMessage').length;
    await notifier.notify(h.user.id, event);
    expect(api.calls.filter((c) => c.method === 'sendMessage').length).toBe(before);
    expect(await prefs.modeFor(h.user.id, 'TRADING_STATE_CHANGED')).toBe('off');
    expect(await prefs.modeFor(hPin.user.id, 'TRADING_STATE_CHANGED')).toBe('on'); // another user's setting is untouched

    // Other types still ring, with the kill switch under every alert.
    await notifier.notify(h.user.id, { kind: 'SAFETY_ANOMALY', data: { anomaly: 'STALE_PRICES', subject: 'BTC/USDT', detail: { ageSeconds: 300, maxAgeSeconds: 120 }, paused: true, state: 'paused' } });
    const alert = await api.waitForBotMessage({ chatId: TRADER, match: /Unusual activity/ });
    expect(alert.text).toBe('⚠️ Unusual activity: stale prices — the BTC/USDT price is 300 s old (limit 120 s).\nI paused trading: no new entries until you /resume. Open positions stay managed.\n/status shows the exchanges and jobs; 🛑 flattens everything.');
    expect(alert.reply_markup!.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''))).toContain('kill:ask');
    expect(api.calls.filter((c) => c.method === 'sendMessage').at(-1)?.params['disable_notification']).toBeUndefined();
  });

  it('with a PIN configured: a wrong PIN fires nothing and is deleted; the right one fires', async () => {
    for (const bot of bots) await bot.stop();
    bots = [];
    await startBot(hPin, { pin: '4321', telegramIds: [PIN_TRADER] });
    api.sendUserMessage({ userId: PIN_TRADER, firstName: 'Pat', text: '/kill' });
    const ask = await api.waitForBotMessage({ chatId: PIN_TRADER, match: /Kill switch/ });
    api.pressButton({ userId: PIN_TRADER, messageId: ask.message_id, callbackData: 'kill:yes' });
    await api.waitForBotMessage({ chatId: PIN_TRADER, match: /Send your kill-switch PIN/ });
    const wrong = api.sendUserMessage({ userId: PIN_TRADER, text: '0000' });
    await api.waitForBotMessage({ chatId: PIN_TRADER, match: /Wrong PIN: the kill switch was not fired\. 2 tries left/ });
    expect(api.messages(PIN_TRADER).some((m) => m.message_id === wrong)).toBe(false); // deleted
    expect((await hPin.accounts.tradingState(hPin.user.id)).state).toBe('active');
    expect(await t.db.auditEvent.count({ where: { action: 'kill_switch.pin_refused', actor: `telegram:${PIN_TRADER}` } })).toBe(1);

    api.sendUserMessage({ userId: PIN_TRADER, text: '4321' });
    await api.waitForBotMessage({ chatId: PIN_TRADER, match: /Nothing to do|Flat in/ });
    expect((await hPin.accounts.tradingState(hPin.user.id)).state).toBe('killed');
  });

  it('rate-limits commands per user with a clear message; nothing runs past the limit', async () => {
    for (const bot of bots) await bot.stop();
    bots = [];
    await startBot(h, { telegramIds: [TRADER], rate: { capacity: 2, refillPerSecond: 0.001 } });
    api.sendUserMessage({ userId: TRADER, text: '/alerts' });
    await api.waitForBotMessage({ chatId: TRADER, match: /Alerts/ });
    api.sendUserMessage({ userId: TRADER, text: '/alerts' });
    const list = await api.waitForBotMessage({ chatId: TRADER, match: /Alerts/ });
    api.sendUserMessage({ userId: TRADER, text: '/kill' });
    await api.waitForBotMessage({ chatId: TRADER, match: /^⏳ Slow down: too many commands in a short time\. Try again in \d+ seconds\.$/ });
    const q = api.pressButton({ userId: TRADER, messageId: list.message_id, callbackData: 'alerts:cycle:SAFETY_ANOMALY' });
    expect((await api.waitForCallbackAnswer(q)).text).toMatch(/Slow down/);
    expect(await prefs.modeFor(h.user.id, 'SAFETY_ANOMALY')).toBe('on');
  });
});
