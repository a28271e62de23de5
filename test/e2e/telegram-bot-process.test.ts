import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/adapters/store-prisma/open-database.js';
import { startLocalBotApi, type LocalBotApi } from '../../src/bot/transports/local-bot-api.js';
import { chatCommands } from '../../src/bot/commands.js';
import { refusalText } from '../../src/bot/format/menu-format.js';
import { startAssistant, type AssistantProcess } from '../support/assistant-process.js';

const token = '4242424242:AAE_end_to_end_test_token_xxxxxxxx';
const trader = 111111;
const stranger = 999999;

/**
 * The real process (`npm start`'s entry point) with a token, long polling a Bot API emulator
 * over HTTP: what a trader sees in Telegram.
 */
describe('the assistant process against a Bot API server', () => {
  let api: LocalBotApi;
  let proc: AssistantProcess;

  beforeAll(async () => {
    api = await startLocalBotApi({ token, defaultTimeoutMs: 20_000 });
    proc = startAssistant({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_ALLOWED_USERS: String(trader),
      PAPER_LATENCY_MS: '0',
      LOG_LEVEL: 'info',
    });
    await api.waitForPolling(30_000);
  }, 60_000);

  afterAll(async () => {
    await proc?.stop();
    await api?.close();
  });

  it('registers the command list with Telegram and long-polls with a timeout', () => {
    expect(api.commands.get('default')?.map((c) => c.command)).toEqual(chatCommands.map((c) => c.command));
    const polls = api.calls.filter((c) => c.method === 'getUpdates');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((c) => c.timeout !== undefined && c.timeout >= 10)).toBe(true);
  });

  it('/start registers the trader and shows the main menu with the paper wallet equity', async () => {
    api.sendUserMessage({ userId: trader, firstName: 'Ada', text: '/start' });
    await api.waitForBotMessage({ chatId: trader, match: /registered with default risk limits/ });
    const menu = await api.waitForBotMessage({ chatId: trader, match: /trading ACTIVE/ });
    expect(menu.text).toContain('equity $10,000.00');
    const buttons = menu.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    expect(buttons).toEqual(expect.arrayContaining(['💼 Wallets', '🛡 Limits', '❓ Help', '↻ Refresh']));
  });

  it('a button press edits the menu in place and answers the callback', async () => {
    const menu = api.messages(trader).find((m) => m.text?.includes('trading ACTIVE'))!;
    const queryId = api.pressButton({ userId: trader, messageId: menu.message_id, callbackData: 'menu:limits' });
    const edited = await api.waitForBotMessage({ chatId: trader, kinds: ['edited'], match: /Risk limits/ });
    expect(edited.message_id).toBe(menu.message_id);
    expect(edited.text).toContain('Portfolio heat max 50%');
    expect(edited.text).toContain('day $500.00 / 5%');
    await api.waitForCallbackAnswer(queryId);
  });

  it('/chart uploads a real PNG picture', async () => {
    api.sendUserMessage({ userId: trader, text: '/chart btc' });
    const photo = await api.waitForBotMessage({ chatId: trader, match: (m) => m.photo !== undefined });
    expect(photo.caption).toMatch(/^BTC\/USDT · last 96 × 5m/);
    const upload = api.uploads.find((u) => u.method.toLowerCase() === 'sendphoto' && u.chatId === trader)!;
    expect(upload.data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(upload.data.length).toBeGreaterThan(20_000); // a drawn chart, not an empty canvas
  });

  it('refuses a stranger politely, for commands and buttons, and stores nothing for them', async () => {
    api.sendUserMessage({ userId: stranger, firstName: 'Mallory', text: '/start' });
    const refusal = await api.waitForBotMessage({ chatId: stranger });
    expect(refusal.text).toBe(refusalText);
    // A forged callback with a valid menu action (as a modified client could send): still refused.
    const queryId = api.pressButton({ userId: stranger, messageId: refusal.message_id, callbackData: 'menu:wallets', allowMissingButton: true });
    const answer = await api.waitForCallbackAnswer(queryId);
    expect(answer.text).toBe(refusalText);
    api.sendUserMessage({ userId: stranger, text: '/wallets' });
    await api.waitForBotMessage({ chatId: stranger, match: refusalText });

    const db = openDatabase(`file:${join(proc.dir, 'assistant.db')}`);
    try {
      expect(await db.user.findUnique({ where: { telegramId: String(stranger) } })).toBeNull();
      expect(await db.user.count()).toBe(1);
      expect(await db.auditEvent.count({ where: { actor: `telegram:${stranger}` } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
    expect(api.messages(stranger).every((m) => m.text === refusalText)).toBe(true);
  });

  it('logs the refused attempts, never the token', async () => {
    await new Promise((r) => setTimeout(r, 300)); // let pino's async file stream flush
    const log = readFileSync(join(proc.dir, 'assistant.log'), 'utf8');
    expect(log).toMatch(new RegExp(`"telegramId":${stranger}.*access refused`));
    expect(log).not.toContain(token.split(':')[1]);
  });
});
