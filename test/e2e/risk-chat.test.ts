import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/core/adapters/store-prisma/open-database.js';
import { startLocalBotApi, type LocalBotApi, type MessageMatch } from '../../src/bot/transports/local-bot-api.js';
import { startAssistant, type AssistantProcess } from '../support/assistant-process.js';

const token = '5151515151:AAE_risk_chat_test_token_xxxxxxxxxx';
const trader = 222222;

/** The risk dashboard, settings conversation and /size through the real process, as a trader uses them. */
describe('risk in the chat', () => {
  let api: LocalBotApi;
  let proc: AssistantProcess;
  const say = (text: string) => api.sendUserMessage({ userId: trader, firstName: 'Rita', text });
  const next = (match?: MessageMatch) => api.waitForBotMessage({ chatId: trader, ...(match ? { match } : {}) });

  beforeAll(async () => {
    api = await startLocalBotApi({ token, defaultTimeoutMs: 20_000 });
    proc = startAssistant({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.url, TELEGRAM_ALLOWED_USERS: String(trader), PAPER_LATENCY_MS: '0' });
    await api.waitForPolling(30_000);
    say('/start');
    await next(/trading ACTIVE/);
  }, 60_000);

  afterAll(async () => {
    await proc?.stop();
    await api?.close();
  });

  it('/risk shows state, budgets, heat and positions with editing buttons', async () => {
    say('/risk');
    const dash = await next(/🛡 Risk — trading ACTIVE/);
    expect(dash.text).toContain('Today +$0.00 · loss $0.00 of $500.00 (0% of 5%)');
    expect(dash.text).toContain('Week +$0.00 · loss $0.00 of $1,000.00');
    expect(dash.text).toContain('Heat 0% of 50% · positions 0 of 5');
    const data = dash.reply_markup!.inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
    expect(data).toEqual(expect.arrayContaining(['risk:methods', 'risk:edit', 'risk:gauge', 'risk:pause']));
  });

  it('editing a limit asks again on every bad answer and changes nothing until a valid one', async () => {
    const dash = api.messages(trader).find((m) => m.text?.startsWith('🛡 Risk'))!;
    api.pressButton({ userId: trader, messageId: dash.message_id, callbackData: 'risk:edit' });
    const list = await api.waitForBotMessage({ chatId: trader, kinds: ['edited'], match: /Edit a limit/ });
    api.pressButton({ userId: trader, messageId: list.message_id, callbackData: 'risk:edit:maxDailyLossPercent' });
    await next(/Daily loss limit \(%\).*now 5/);
    const bad: [string, RegExp][] = [
      ['five', /"five" is not a number/],
      ['-3', /"-3" is not a number/],
      ['NaN', /"NaN" is not a number/],
      ['1e9', /"1e9" is not a number/],
      ['99999', /99999 is outside the allowed range 0.1 to 50 %/],
      ['٣', /digits 0-9/],
      ['2,5', /use a dot for decimals/],
    ];
    for (const [answer, reply] of bad) {
      say(answer);
      await next(reply);
    }
    const db = openDatabase(`file:${join(proc.dir, 'assistant.db')}`);
    try {
      expect((await db.riskSettings.findFirstOrThrow()).maxDailyLossPercent).toBe('5');
      say('3.5%');
      await next(/Daily loss limit \(%\): 5 → 3\.5\. Saved/);
      expect((await db.riskSettings.findFirstOrThrow()).maxDailyLossPercent).toBe('3.5');
      const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'risk_settings.changed' } });
      expect(audit).toMatchObject({ target: 'maxDailyLossPercent', before: '{"maxDailyLossPercent":"5"}', after: '{"maxDailyLossPercent":"3.5"}', actor: `telegram:${trader}` });
    } finally {
      await db.$disconnect();
    }
  });

  it('/cancel leaves a conversation without changing anything', async () => {
    say('/risk');
    const dash = await next(/🛡 Risk/);
    api.pressButton({ userId: trader, messageId: dash.message_id, callbackData: 'risk:edit' });
    const list = await api.waitForBotMessage({ chatId: trader, kinds: ['edited'], match: /Edit a limit/ });
    api.pressButton({ userId: trader, messageId: list.message_id, callbackData: 'risk:edit:maxOpenPositions' });
    await next(/Max open positions/);
    say('2.5');
    await next(/needs a whole number/);
    say('/cancel');
    await next(/Cancelled: nothing was changed/);
    say('7');
    await next(/I did not understand that/); // the conversation is over: a number is no longer an answer
  });

  it('/size shows an approved size with its checks, and explains a rejection with the numbers', async () => {
    say('/size ETH/USDT 4000 3900 4300 0.8');
    const ok = await next(/ETH\/USDT LONG — what-if/);
    expect(ok.text).toMatch(/Approved/);
    expect(ok.text).toMatch(/✅ risk:reward 2\.\d+ ≥ 1\.5/);
    say('/size ETH/USDT 4000 3900 4050 0.8');
    const no = await next(/ETH\/USDT LONG — what-if/);
    expect(no.text).toMatch(/✖ Not sized: risk:reward 0\.\d+ < 1\.5/);
    expect(no.text).toMatch(/Move the target to at least 41\d\d/);
    say('/size DOGE/EUR 1 2');
    await next(/I don't know the market "DOGE\/EUR"/);
    say('/size ETH abc 3900');
    await next(/Entry "abc" is not a price/);
  });

  it('the heat gauge arrives as a picture', async () => {
    say('/risk');
    const dash = await next(/🛡 Risk/);
    api.pressButton({ userId: trader, messageId: dash.message_id, callbackData: 'risk:gauge' });
    const photo = await next((m) => m.photo !== undefined);
    expect(photo.caption).toMatch(/Portfolio heat 0% of 50%/);
    const upload = api.uploads.find((u) => u.chatId === trader && u.filename.includes('heat'))!;
    expect(upload.data.subarray(1, 4).toString()).toBe('PNG');
  });

  it('/pause stops new entries with an alert, /size then refuses, /resume lifts it', async () => {
    say('/pause');
    await next(/⏸ Trading PAUSED: you paused it/);
    await next(/🛡 Risk — trading PAUSED/);
    say('/size ETH/USDT 4000 3900 4300 0.8');
    await next(/Not sized: .*trading paused/);
    say('/resume');
    await next(/▶️ Trading ACTIVE: you resumed it/);
  });
});
