import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from 'grammy';
import type { Message } from 'grammy/types';
import { Decimal } from '../../../src/core/money.js';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import { makePositionManagement } from '../../../src/core/positions/make-position-management.js';
import { createBot } from '../../../src/bot/bot.js';
import type { BotContext, BotDeps } from '../../../src/bot/context.js';
import { startLocalBotApi, type LocalBotApi } from '../../../src/bot/transports/local-bot-api.js';
import { silentLogger } from '../../../src/logger.js';
import { createMonitorWorld, type MonitorWorld } from '../../core/positions/monitor-fixtures.js';

const TOKEN = '777001:positions-feature-test-token';
const TRADER = 5001;
const OTHER = 5002;

/** Bot deps with only what these screens use; any other use case fails loudly instead of being faked. */
function onlyThese(deps: Partial<BotDeps>): BotDeps {
  return new Proxy(deps, {
    get: (target, key) => (key in target ? target[key as keyof BotDeps] : () => Promise.reject(new Error(`deps.${String(key)} is not used by this test`))),
  }) as BotDeps;
}

const buttonsOf = (m: Message) => m.reply_markup!.inline_keyboard.flat().map((b) => ({ text: b.text, data: 'callback_data' in b ? b.callback_data : '' }));

/**
 * /positions in chat, in-process: grammY against the local Bot API, the real use cases on a temp
 * database, paper exchanges replaying BTC 100 → 103 → 104 and ETH 50 → 50.5, the real executor.
 */
describe('/positions cards and their buttons', () => {
  let w: MonitorWorld;
  let api: LocalBotApi;
  let bot: Bot<BotContext>;
  let btcId: number;
  let ethId: number;
  let otherId: number;

  beforeAll(async () => {
    w = await createMonitorWorld({ 'BTC/USDT': [100, 103, 104, 104, 104], 'ETH/USDT': [50, 50.5, 50.5, 50.5, 50.5], 'SOL/USDT': [20, 20, 20, 20, 20] });
    const trader = await w.addUser(String(TRADER));
    const other = await w.addUser(String(OTHER));
    btcId = (await w.openPosition({ ...trader, symbol: 'BTC/USDT', entry: 100, stop: 95, qty: '1' })).id;
    ethId = (await w.openPosition({ ...trader, symbol: 'ETH/USDT', entry: 50, stop: 48, qty: '4' })).id;
    otherId = (await w.openPosition({ ...other, symbol: 'SOL/USDT', entry: 20, stop: 19, qty: '5' })).id;
    w.atMinute(1);
    const management = makePositionManagement({
      store: w.store, accounts: w.accounts, orders: w.orders, exchangeForWallet: w.exchangeForWallet, notifier: w.notifier, clock: w.clock, log: silentLogger,
      executor: { elapsedMs: () => performance.now(), sleep: async () => {}, random: makeSeededRandom(5), config: { volatilityTimeframe: '5m' } },
      atrTimeframe: '1m',
    });
    api = await startLocalBotApi({ token: TOKEN, defaultTimeoutMs: 10_000 });
    const deps = {
      accounts: w.accounts,
      positions: management.positions,
      clock: w.clock,
      log: silentLogger,
      settings: { allowedUserIds: new Set([String(TRADER), String(OTHER)]), defaultTimezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), mode: 'telegram', chartTimeframe: '1m' },
    } satisfies Partial<BotDeps>;
    bot = createBot(onlyThese(deps), { token: TOKEN, apiRoot: api.url, botInfo: api.botInfo });
    void bot.start({ drop_pending_updates: false });
    await api.waitForPolling();
  });

  afterAll(async () => {
    await bot?.stop();
    await api?.close();
    await w?.close();
  });

  it('/positions sends a header and one card per own position: entry, mark, P&L in $ % R, stop, next target, health parts, time held', async () => {
    api.sendUserMessage({ userId: TRADER, firstName: 'Ada', text: '/positions' });
    const header = await api.waitForBotMessage({ chatId: TRADER, match: /Positions — 2 open positions/ });
    expect(header.text).toContain('unrealised +$5.00'); // BTC +3.00, ETH +2.00
    const btc = await api.waitForBotMessage({ chatId: TRADER, match: /BTC\/USDT LONG/ });
    expect(btc.text).toMatch(new RegExp(`BTC/USDT LONG · health \\d+/100 · #${btcId}`));
    expect(btc.text).toContain('Entry 100.00 · mark 103.00 · +$3.00 (+3.0%, +0.6R)');
    expect(btc.text).toContain('Stop 95.00 (trailing 1.5% from 102.00 (+2%)) · next target 105.00 (1R, level 1 of 3)');
    expect(btc.text).toContain('Size 1.000 BTC ≈ $103.00 · trade so far +$2.80 (+0.56R) after fees');
    expect(btc.text).toContain('Held 1h 1m of 48h to reach 1R · 7d max');
    expect(btc.text).toMatch(/Health: stop room \+1\.60R 100 · ATR room [\d.]+ ATR \d+ · P&L \+0\.60R 53 · pace \d+ · give-back 0R 100 · volatility [\d.]+× \d+/);
    expect(buttonsOf(btc)).toEqual([
      { text: '✖ Close', data: `pos:c:${btcId}` }, { text: '½ Close 50%', data: `pos:h:${btcId}` },
      { text: '🔒 Stop → break-even', data: `pos:be:${btcId}` }, { text: '↻', data: `pos:r:${btcId}` },
    ]);
    const eth = await api.waitForBotMessage({ chatId: TRADER, match: /ETH\/USDT LONG/ });
    expect(eth.text).toContain('mark 50.50 · +$2.00 (+1.0%, +0.3R)');
    // The other trader's SOL position is never shown.
    expect(api.messages(TRADER).some((m) => m.text?.includes('SOL/USDT'))).toBe(false);
  });

  it('↻ re-reads the card in place (same message, new mark)', async () => {
    const card = api.messages(TRADER).find((m) => m.text?.includes('BTC/USDT LONG'))!;
    w.atMinute(2);
    const q = api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:r:${btcId}` });
    const edited = await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /mark 104\.00/ });
    expect(edited.message_id).toBe(card.message_id);
    expect(edited.text).toContain('+$4.00 (+4.0%, +0.8R)');
    expect((await api.waitForCallbackAnswer(q)).text).toBe('Updated');
  });

  it('Stop → break-even moves the stop to entry plus round-trip fees at once and refreshes the card', async () => {
    const card = api.messages(TRADER).find((m) => m.text?.includes('BTC/USDT LONG'))!;
    const q = api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:be:${btcId}` });
    const answer = await api.waitForCallbackAnswer(q);
    // 100 × 1.001 / 0.999, up to the tick; the paper exchange rests stop orders, so the one there moves too.
    expect(answer.text).toBe('Stop moved from 95 to break-even 100.21 (entry plus fees). The stop order on the exchange moved with it.');
    expect(answer.showAlert).toBe(false);
    await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /Stop 100\.21 \(at or past break-even\)/ });
    expect((await w.store.findForUser(1, btcId))!.stopPrice.toString()).toBe('100.21');
    // A second press would not tighten anything: refused, with the figures.
    const again = await api.waitForCallbackAnswer(api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:be:${btcId}` }));
    expect(again.showAlert).toBe(true);
    expect(again.text).toMatch(/^The stop already protects break-even or better/);
  });

  it('Close 50% asks first, spelling out the consequence; the confirmation sells half through the executor and reports the fill', async () => {
    const card = api.messages(TRADER).find((m) => m.text?.includes('ETH/USDT LONG'))!;
    api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:h:${ethId}` });
    const ask = await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /Close 50% of ETH\/USDT LONG at market\?/ });
    expect(ask.message_id).toBe(card.message_id);
    expect(ask.text).toContain('Sells 2.000 of 4.000 ETH ≈ $101.00 at about 50.50 (never worse than 0.5% away');
    expect(ask.text).toContain('Locks in $1.00 before fees on it.');
    expect(ask.text).toContain('The rest stays open with its stop at 48.00, still managed.');
    expect(buttonsOf(ask)).toEqual([{ text: '✅ Yes, close 50% at market', data: `pos:hy:${ethId}` }, { text: 'Cancel', data: `pos:r:${ethId}` }]);
    // Nothing was sent by the first tap.
    expect(await w.t.db.order.count({ where: { positionId: ethId } })).toBe(0);

    const q = api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:hy:${ethId}` });
    expect((await api.waitForCallbackAnswer(q)).text).toBe('Sending the order…');
    const report = await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /Reduced ETH\/USDT LONG/ });
    expect(report.text).toContain('Reduced ETH/USDT LONG: sold 2 at 50.5 (slippage 0%), fee $0.10.');
    expect(report.text).toContain('P&L on it +$1.00 before fees.');
    expect(report.text).toContain('2 stays open with its stop at 48.');
    expect(report.text).toMatch(/ETH\/USDT LONG · health \d+\/100/); // the refreshed card follows the report
    const eth = (await w.store.findForUser(1, ethId))!;
    expect(eth.qtyBase.toString()).toBe('2');
    expect(eth.status).toBe('open');
    const orders = await w.t.db.order.findMany({ where: { positionId: ethId }, orderBy: { id: 'asc' } });
    // The sale, then the protective stop for the 2 left open, resting on the exchange.
    expect(orders).toHaveLength(2);
    expect(orders[0]).toMatchObject({ purpose: 'exit', side: 'sell', status: 'filled', filledQtyBase: '2' });
    expect(orders[1]).toMatchObject({ purpose: 'stop', side: 'sell', type: 'stop_market', status: 'open', qtyBase: '2', stopPrice: '48' });
    expect(await w.t.db.auditEvent.count({ where: { action: 'position.close_partial', actor: `telegram:${TRADER}` } })).toBe(1);
  });

  it('Close asks first; Cancel leaves the position as it was; the confirmation closes it and reports the fill and the result in $ and R', async () => {
    const card = api.messages(TRADER).find((m) => m.text?.includes('BTC/USDT LONG'))!;
    api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:c:${btcId}` });
    const ask = await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /Close BTC\/USDT LONG at market\?/ });
    expect(ask.text).toContain('The position ends: its stop and targets are no longer managed.');
    api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:r:${btcId}` }); // Cancel
    await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /BTC\/USDT LONG · health/ });
    expect((await w.store.findForUser(1, btcId))!.status).toBe('open');

    api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:c:${btcId}` });
    await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /Close BTC\/USDT LONG at market\?/ });
    api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: `pos:cy:${btcId}` });
    const report = await api.waitForBotMessage({ chatId: TRADER, kinds: ['edited'], match: /Closed BTC\/USDT LONG/ });
    expect(report.text).toContain('Closed BTC/USDT LONG: sold 1 at 104 (slippage 0%), fee $0.10.');
    expect(report.text).toContain('Trade result +$3.80 after fees (+0.76R).'); // 4 − 0.1 − 0.104 = 3.796 over 1R = 5
    expect(buttonsOf(report).map((b) => b.text)).toEqual(['📊 Positions', '« Menu']);
    const btc = (await w.store.findForUser(1, btcId))!;
    expect(btc).toMatchObject({ status: 'closed', closeReason: 'MANUAL_CLOSE' });
    expect(btc.rMultiple?.toString()).toBe('0.7592');
  });

  it("refuses another user's position id on every button, sending nothing", async () => {
    const card = api.messages(TRADER).find((m) => m.text?.includes('ETH/USDT LONG'))!;
    for (const data of [`pos:cy:${otherId}`, `pos:hy:${otherId}`, `pos:be:${otherId}`, `pos:r:${otherId}`, `pos:open:${otherId}`]) {
      const answer = await api.waitForCallbackAnswer(api.pressButton({ userId: TRADER, messageId: card.message_id, callbackData: data, allowMissingButton: true }));
      expect(answer).toMatchObject({ text: 'That position does not exist or is not yours.', showAlert: true });
    }
    const other = (await w.store.findForUser(2, otherId))!;
    expect(other).toMatchObject({ status: 'open', stopPrice: new Decimal(19) });
    expect(await w.t.db.order.count({ where: { positionId: otherId } })).toBe(0);
  });

  it('the menu button lists the positions; an alert button opens a card as a new message', async () => {
    api.skipBotEvents(TRADER);
    const anchor = api.messages(TRADER).at(-1)!;
    api.pressButton({ userId: TRADER, messageId: anchor.message_id, callbackData: 'menu:positions', allowMissingButton: true });
    await api.waitForBotMessage({ chatId: TRADER, match: /Positions — 1 open position ·/ });
    const q = api.pressButton({ userId: TRADER, messageId: anchor.message_id, callbackData: `pos:open:${ethId}`, allowMissingButton: true });
    await api.waitForCallbackAnswer(q);
    const card = await api.waitForBotMessage({ chatId: TRADER, kinds: ['sent'], match: /ETH\/USDT LONG · health/ });
    expect(card.message_id).not.toBe(anchor.message_id);
  });
});
