import { deflateSync } from 'node:zlib';
import { Bot, GrammyError, InlineKeyboard, InputFile, InputMediaBuilder } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalBotApi, type LocalBotApi } from '../../../src/bot/transports/local-bot-api.js';
import { parseMultipart } from '../../../src/bot/transports/local-bot-api/multipart.js';

const TOKEN = '123456:TEST-token';
const USER = 4242;

/** A valid RGB PNG of the given size, built by hand so the test needs no image library. */
function makePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data: Buffer): number => {
    let c = 0xffffffff;
    for (const byte of data) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x7f)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Calls the fake server the way any HTTP client would, returning Telegram's envelope. */
async function call(api: LocalBotApi, method: string, body?: unknown, init?: RequestInit): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${api.url}/bot${TOKEN}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
    ...init,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('fake Bot API driving a real grammY bot over HTTP', () => {
  let api: LocalBotApi;
  beforeEach(async () => {
    api = await startLocalBotApi({ token: TOKEN, botUsername: 'risk_test_bot' });
  });
  afterEach(async () => {
    await api.close();
  });

  it('carries commands, buttons, edits, photos and albums through long polling, and stops promptly', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: api.url } });
    const middlewareErrors: unknown[] = [];
    bot.catch((error) => {
      middlewareErrors.push(error);
    });
    const menu = new InlineKeyboard().text('↻ Refresh', 'refresh').text('📊 Chart', 'chart');
    bot.command('start', (ctx) => ctx.reply('Welcome, <b>trader</b>', { parse_mode: 'HTML', reply_markup: menu }));
    bot.callbackQuery('refresh', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Refreshed' });
      await ctx.editMessageText('Refreshed: equity $10,000.00', { reply_markup: menu });
    });
    bot.callbackQuery('chart', async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.replyWithPhoto(new InputFile(makePng(40, 20), 'equity.png'), { caption: 'Equity curve' });
    });
    bot.command('report', (ctx) =>
      ctx.replyWithMediaGroup([
        InputMediaBuilder.photo(new InputFile(makePng(30, 30), 'pnl.png'), { caption: 'Daily report' }),
        InputMediaBuilder.photo(new InputFile(makePng(10, 10), 'heat.png')),
      ]),
    );

    await bot.api.setMyCommands([
      { command: 'start', description: 'Main menu' },
      { command: 'report', description: 'Daily report' },
    ]);
    expect(api.commands.get('default')).toEqual([
      { command: 'start', description: 'Main menu' },
      { command: 'report', description: 'Daily report' },
    ]);

    // A message sent before the bot polls must still be delivered: the queue keeps it.
    api.sendUserMessage({ userId: USER, text: '/start', firstName: 'Ada' });
    const running = bot.start({ drop_pending_updates: false });

    const welcome = await api.waitForBotMessage({ chatId: USER, match: 'Welcome' });
    expect(welcome.text).toBe('Welcome, trader');
    expect(welcome.entities).toEqual([{ type: 'bold', offset: 9, length: 6 }]);
    expect(welcome.from?.username).toBe('risk_test_bot');
    expect(welcome.chat).toMatchObject({ id: USER, type: 'private', first_name: 'Ada' });
    expect(welcome.reply_markup?.inline_keyboard[0]?.map((b) => b.text)).toEqual(['↻ Refresh', '📊 Chart']);

    const refreshQuery = api.pressButton({ userId: USER, messageId: welcome.message_id, callbackData: 'refresh' });
    const edited = await api.waitForBotMessage({ chatId: USER, match: /^Refreshed/ });
    expect(edited.message_id).toBe(welcome.message_id);
    expect(edited.edit_date).toBeTypeOf('number');
    expect(await api.waitForCallbackAnswer(refreshQuery)).toMatchObject({ text: 'Refreshed', showAlert: false });
    expect(api.messages(USER)).toHaveLength(1);

    // Same text and same keyboard: Telegram refuses the edit, and grammY surfaces it as GrammyError.
    const unchanged = bot.api.editMessageText(USER, welcome.message_id, 'Refreshed: equity $10,000.00', { reply_markup: menu });
    await expect(unchanged).rejects.toBeInstanceOf(GrammyError);
    await expect(unchanged).rejects.toMatchObject({ error_code: 400, description: expect.stringContaining('message is not modified') });

    api.pressButton({ userId: USER, messageId: welcome.message_id, callbackData: 'chart' });
    const chart = await api.waitForBotMessage({ chatId: USER, match: (m) => m.photo !== undefined });
    expect(chart.caption).toBe('Equity curve');
    expect(chart.photo?.at(-1)).toMatchObject({ width: 40, height: 20 });
    const chartUpload = api.uploads.find((u) => u.method === 'sendPhoto');
    expect(chartUpload).toMatchObject({ chatId: USER, field: 'photo', filename: 'equity.png' });
    expect(chartUpload?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);

    api.sendUserMessage({ userId: USER, text: '/report' });
    const first = await api.waitForBotMessage({ chatId: USER, match: 'Daily report' });
    const second = await api.waitForBotMessage({ chatId: USER });
    expect(first.media_group_id).toBeDefined();
    expect(second.media_group_id).toBe(first.media_group_id);
    expect(second.message_id).toBe(first.message_id + 1);
    expect(api.uploads.filter((u) => u.method === 'sendMediaGroup').map((u) => [u.field, u.filename])).toEqual([
      ['media[0]', 'pnl.png'],
      ['media[1]', 'heat.png'],
    ]);

    // Stop while a long poll is parked, so the cancellation path is what gets exercised.
    await api.waitForPolling();
    const stopStartedAt = Date.now();
    await bot.stop();
    await running;
    // grammY long-polls with a 30 s timeout: a prompt stop proves the cancelled poll was released.
    expect(Date.now() - stopStartedAt).toBeLessThan(2000);

    const polls = api.calls.filter((c) => c.method === 'getUpdates');
    const pollsWhileRunning = polls.slice(0, -1);
    expect(pollsWhileRunning.length).toBeGreaterThan(0);
    expect(pollsWhileRunning.every((c) => c.timeout === 30)).toBe(true);
    // bot.stop() cancels the parked poll (499: the client hung up, no spurious 409 conflict)
    // and then confirms the offset with a short poll.
    expect(polls.map((c) => c.status)).toEqual([...Array<number>(polls.length - 2).fill(200), 499, 200]);
    expect(polls.at(-1)?.timeout).toBeUndefined();
    expect(api.pendingUpdates).toEqual([]);
    expect(middlewareErrors).toEqual([]);
    expect(api.internalErrors).toEqual([]);
  });
});

describe('fake Bot API protocol', () => {
  let api: LocalBotApi;
  beforeEach(async () => {
    api = await startLocalBotApi({ token: TOKEN, defaultTimeoutMs: 2000 });
    api.registerUser({ userId: USER, firstName: 'Ada' });
  });
  afterEach(async () => {
    await api.close();
  });

  it('answers a wrong token with 401 and an unknown method with 404, both described', async () => {
    const wrongToken = await fetch(`${api.url}/bot999:nope/getMe`, { method: 'POST' });
    expect(wrongToken.status).toBe(401);
    expect(await wrongToken.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await call(api, 'sendTelepathy');
    expect(unknown).toEqual({ status: 404, json: { ok: false, error_code: 404, description: 'Not Found: method sendTelepathy' } });
  });

  it('accepts JSON, urlencoded and query-string parameters alike', async () => {
    const form = await call(api, 'sendMessage', undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: String(USER), text: 'form', reply_markup: '{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}' }).toString(),
    });
    expect(form.json).toMatchObject({ ok: true, result: { text: 'form', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } } });
    const query = await fetch(`${api.url}/bot${TOKEN}/sendMessage?chat_id=${USER}&text=query`);
    expect(await query.json()).toMatchObject({ ok: true, result: { text: 'query', message_id: 2 } });
  });

  it('enforces the text length and callback_data limits with 400s', async () => {
    expect((await call(api, 'sendMessage', { chat_id: USER, text: 'x'.repeat(4096) })).status).toBe(200);
    expect(await call(api, 'sendMessage', { chat_id: USER, text: 'x'.repeat(4097) })).toMatchObject({
      status: 400, json: { description: 'Bad Request: message is too long' },
    });
    const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'Go', callback_data: data }]] });
    expect((await call(api, 'sendMessage', { chat_id: USER, text: 'ok', reply_markup: keyboard('é'.repeat(32)) })).status).toBe(200);
    expect(await call(api, 'sendMessage', { chat_id: USER, text: 'no', reply_markup: keyboard('é'.repeat(32) + 'x') })).toMatchObject({
      status: 400, json: { description: 'Bad Request: BUTTON_DATA_INVALID' },
    });
    expect(await call(api, 'sendMessage', { chat_id: 777, text: 'who?' })).toMatchObject({ status: 400, json: { description: 'Bad Request: chat not found' } });
  });

  it('refuses markup Telegram cannot parse, so unescaped text fails in tests', async () => {
    expect(await call(api, 'sendMessage', { chat_id: USER, text: 'P&L < 0', parse_mode: 'HTML' })).toMatchObject({
      status: 400, json: { description: expect.stringContaining("can't parse entities: Unsupported start tag") },
    });
    expect(await call(api, 'sendMessage', { chat_id: USER, text: 'Loss -1.5%', parse_mode: 'MarkdownV2' })).toMatchObject({
      status: 400, json: { description: expect.stringContaining("Character '-' is reserved") },
    });
    const ok = await call(api, 'sendMessage', { chat_id: USER, text: '*Loss* \\-1\\.5% [log](https://x.test/a)', parse_mode: 'MarkdownV2' });
    expect(ok.json['result']).toMatchObject({
      text: 'Loss -1.5% log',
      entities: [{ type: 'bold', offset: 0, length: 4 }, { type: 'text_link', offset: 11, length: 3, url: 'https://x.test/a' }],
    });
  });

  it('answers edits and deletes of unknown messages like Telegram, and tracks current state', async () => {
    expect(await call(api, 'editMessageText', { chat_id: USER, message_id: 99, text: 'x' })).toMatchObject({
      status: 400, json: { description: 'Bad Request: message to edit not found' },
    });
    expect(await call(api, 'deleteMessage', { chat_id: USER, message_id: 99 })).toMatchObject({
      status: 400, json: { description: 'Bad Request: message to delete not found' },
    });
    const sent = await call(api, 'sendMessage', { chat_id: USER, text: 'card', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    const id = (sent.json['result'] as Message).message_id;
    // editMessageText without reply_markup removes the keyboard, as on Telegram.
    const edited = await call(api, 'editMessageText', { chat_id: USER, message_id: id, text: 'card' });
    expect((edited.json['result'] as Message).reply_markup).toBeUndefined();
    expect(await call(api, 'deleteMessage', { chat_id: USER, message_id: id })).toMatchObject({ status: 200, json: { result: true } });
    expect(api.messages(USER)).toEqual([]);
    expect(api.events(USER).map((e) => e.kind)).toEqual(['sent', 'edited', 'deleted']);
  });

  it('long-polls: waits for the next update, confirms by offset, and never loses updates to a cancelled poll', async () => {
    expect(await call(api, 'getUpdates', { timeout: 0 })).toEqual({ status: 200, json: { ok: true, result: [] } });

    const cancelled = new AbortController();
    const abandoned = fetch(`${api.url}/bot${TOKEN}/getUpdates`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"timeout":30}', signal: cancelled.signal,
    }).catch(() => 'aborted');
    await api.waitFor(() => (api.calls.some((c) => c.method === 'getUpdates' && c.timeout === 30) ? true : undefined), { description: 'the parked poll' });
    cancelled.abort();
    expect(await abandoned).toBe('aborted');
    await api.waitFor(() => (api.isPolling ? undefined : true), { description: 'the server to notice the hang-up' });
    expect(api.calls.at(-1)).toMatchObject({ method: 'getUpdates', timeout: 30, status: 499 });

    const waiting = call(api, 'getUpdates', { timeout: 30 });
    await api.waitFor(() => (api.calls.filter((c) => c.timeout === 30).length === 2 ? true : undefined), { description: 'the second poll' });
    api.sendUserMessage({ userId: USER, text: 'hello' });
    const first = (await waiting).json['result'] as Update[];
    expect(first.map((u) => u.message?.text)).toEqual(['hello']);

    // Not confirmed yet: the same update comes again until offset moves past it.
    const again = (await call(api, 'getUpdates', {})).json['result'] as Update[];
    expect(again.map((u) => u.update_id)).toEqual([first[0]?.update_id]);
    const confirmed = await call(api, 'getUpdates', { offset: (first[0]?.update_id ?? 0) + 1 });
    expect(confirmed.json['result']).toEqual([]);
    expect(api.pendingUpdates).toEqual([]);
  });

  it('terminates an older parked poll with 409 when a second one arrives', async () => {
    const older = call(api, 'getUpdates', { timeout: 30 });
    await api.waitFor(() => (api.calls.some((c) => c.timeout === 30) ? true : undefined), { description: 'the first poll' });
    const newer = call(api, 'getUpdates', { timeout: 0 });
    expect(await older).toMatchObject({ status: 409, json: { error_code: 409, description: expect.stringContaining('Conflict') } });
    expect((await newer).status).toBe(200);
  });

  it('ends a parked long poll with an empty result on close', async () => {
    const parked = call(api, 'getUpdates', { timeout: 30 });
    await api.waitFor(() => (api.calls.some((c) => c.timeout === 30) ? true : undefined), { description: 'the parked poll' });
    await api.close();
    expect(await parked).toEqual({ status: 200, json: { ok: true, result: [] } });
  });

  it('finds a bot message sent before the wait started, and reads the chat like a transcript', async () => {
    await call(api, 'sendMessage', { chat_id: USER, text: 'one' });
    await call(api, 'sendMessage', { chat_id: USER, text: 'two' });
    expect((await api.waitForBotMessage({ chatId: USER })).text).toBe('one');
    expect((await api.waitForBotMessage({ chatId: USER })).text).toBe('two');
    const later = api.waitForBotMessage({ chatId: USER, match: 'three' });
    await call(api, 'sendMessage', { chat_id: USER, text: 'three' });
    expect((await later).text).toBe('three');
    await expect(api.waitForBotMessage({ chatId: USER, timeoutMs: 50 })).rejects.toThrow(/timed out after 50 ms/);
  });

  it('refuses a press on a button the message does not offer', async () => {
    const sent = await call(api, 'sendMessage', { chat_id: USER, text: 'card', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    const messageId = (sent.json['result'] as Message).message_id;
    expect(() => api.pressButton({ userId: USER, messageId, callbackData: 'b' })).toThrow(/offers \[a\]/);
    const id = api.pressButton({ userId: USER, messageId, callbackData: 'b', allowMissingButton: true });
    const update = ((await call(api, 'getUpdates')).json['result'] as Update[])[0];
    expect(update?.callback_query).toMatchObject({ id, data: 'b', message: { message_id: messageId, chat: { id: USER } } });
  });

  it('answers injected errors, such as a 429 with retry_after', async () => {
    api.failNext('sendMessage', { errorCode: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    expect(await call(api, 'sendMessage', { chat_id: USER, text: 'x' })).toMatchObject({
      status: 429, json: { ok: false, error_code: 429, parameters: { retry_after: 1 } },
    });
    expect((await call(api, 'sendMessage', { chat_id: USER, text: 'x' })).status).toBe(200);
  });
});

describe('fake Bot API through grammY calls', () => {
  let api: LocalBotApi;
  let bot: Bot;
  beforeEach(async () => {
    api = await startLocalBotApi({ token: TOKEN, defaultTimeoutMs: 2000 });
    api.registerUser({ userId: USER, firstName: 'Ada' });
    bot = new Bot(TOKEN, { botInfo: api.botInfo, client: { apiRoot: api.url } });
  });
  afterEach(async () => {
    await api.close();
  });

  it('stores documents byte for byte and lets the bot resend media by file_id', async () => {
    const csv = Buffer.from('date,pnl\n2025-01-01,12.50\n');
    const sent = await bot.api.sendDocument(USER, new InputFile(csv, 'journal.csv'), { caption: 'Journal' });
    expect(sent.document).toMatchObject({ file_name: 'journal.csv', mime_type: 'text/csv', file_size: csv.length });
    expect(api.uploads[0]?.data.equals(csv)).toBe(true);
    const again = await bot.api.sendDocument(USER, sent.document?.file_id ?? '');
    expect(again.document?.file_id).toBe(sent.document?.file_id);
    expect(api.uploads).toHaveLength(1);
    await expect(bot.api.sendPhoto(USER, new InputFile(Buffer.from('not an image'), 'x.png'))).rejects.toMatchObject({
      description: 'Bad Request: IMAGE_PROCESS_FAILED',
    });
    await expect(bot.api.sendPhoto(USER, new InputFile(makePng(8, 8)), { caption: 'c'.repeat(1025) })).rejects.toMatchObject({
      description: 'Bad Request: message caption is too long',
    });
  });

  it('keeps command lists per scope and language', async () => {
    await bot.api.setMyCommands([{ command: 'start', description: 'Menu' }]);
    await bot.api.setMyCommands([{ command: 'kill', description: 'Flatten all' }], { scope: { type: 'chat', chat_id: USER }, language_code: 'de' });
    expect([...api.commands.keys()]).toEqual(['default', `chat:${USER}|de`]);
    expect(await bot.api.getMyCommands({ scope: { type: 'chat', chat_id: USER }, language_code: 'de' })).toEqual([
      { command: 'kill', description: 'Flatten all' },
    ]);
    await expect(bot.api.setMyCommands([{ command: 'Bad-Name', description: 'x' }])).rejects.toMatchObject({ error_code: 400 });
    await bot.api.deleteMyCommands();
    expect(api.commands.has('default')).toBe(false);
    expect(await bot.api.setChatMenuButton({ menu_button: { type: 'commands' } })).toBe(true);
  });

  it('answers 403 for a user who blocked the bot, and tracks the reply keyboard a user sees', async () => {
    await bot.api.sendMessage(USER, 'Pick one', { reply_markup: { keyboard: [['Long', 'Short']], resize_keyboard: true } });
    expect(api.chatKeyboard(USER)).toMatchObject({ keyboard: [[{ text: 'Long' }, { text: 'Short' }]] });
    await bot.api.sendMessage(USER, 'Done', { reply_markup: { remove_keyboard: true } });
    expect(api.chatKeyboard(USER)).toBeUndefined();
    api.setBlocked(USER, true);
    await expect(bot.api.sendMessage(USER, 'Alert')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
  });

  it('reports what Telegram would show: HTML turned into entities, commands and links detected', async () => {
    const sent = await bot.api.sendMessage(USER, '<b>BTC</b> &lt;stop&gt; — see /positions or <a href="https://x.test">log</a>', {
      parse_mode: 'HTML',
    });
    expect(sent.text).toBe('BTC <stop> — see /positions or log');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 0, length: 3 },
      { type: 'bot_command', offset: 17, length: 10 },
      { type: 'text_link', offset: 31, length: 3, url: 'https://x.test' },
    ]);
  });
});

describe('parseMultipart', () => {
  it('reads fields and files with quoted or bare filenames, a preamble and lower-case headers', () => {
    const body = Buffer.concat([
      Buffer.from('preamble\r\n--XyZ\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n42\r\n'),
      Buffer.from('--XyZ\r\ncontent-disposition:form-data;name="abc";filename=a.png\r\ncontent-type:image/png\r\n\r\n'),
      PNG_SIGNATURE,
      Buffer.from('\r\n--XyZ\r\nContent-Disposition: form-data; name="doc"; filename="r; 1.csv"\r\n\r\nx,y\r\n\r\n--XyZ--\r\n'),
    ]);
    const parsed = parseMultipart(body, 'XyZ');
    expect(parsed.fields.get('chat_id')).toBe('42');
    expect(parsed.files.get('abc')?.data.equals(PNG_SIGNATURE)).toBe(true);
    expect(parsed.files.get('abc')?.filename).toBe('a.png');
    expect(parsed.files.get('doc')).toMatchObject({ filename: 'r; 1.csv', contentType: 'application/octet-stream' });
    expect(parsed.files.get('doc')?.data.toString()).toBe('x,y\r\n');
  });
});
