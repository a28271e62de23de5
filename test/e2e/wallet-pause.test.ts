import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSeededRandom } from '../../src/core/adapters/exchange-paper/seeded-random.js';
import { PrismaOrderRepository } from '../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { Decimal } from '../../src/core/money.js';
import { makePositionManagement } from '../../src/core/positions/make-position-management.js';
import { parseTradeLine } from '../../src/core/trading/parse-trade-line.js';
import { silentLogger } from '../../src/logger.js';
import { RecordingNotifier } from '../support/recording-notifier.js';
import { buttonData, startTradingHarness, type TradingHarness } from '../support/trading-harness.js';

const SOLO = 921;
const AUTO = 922;
const MULTI = 923;
const OTHER = 924;
const EXITS = 925;
const ACCOUNT = 926;

/**
 * Pausing one wallet on real parts (see test/support/trading-harness.ts): the chat (grammY against
 * the local Bot API), the use case on a temp SQLite file, the risk gate and the paper exchange
 * replaying real candles. A paused wallet takes no new entries from any path; its positions stay
 * managed; nothing else changes.
 */
describe('pause and resume one wallet', () => {
  let h: TradingHarness;
  const idOf = (telegramId: number) => h.users.get(telegramId)!.id;
  const walletsOf = (telegramId: number) => h.accounts.listWallets(idOf(telegramId));
  const paperOf = async (telegramId: number) => (await walletsOf(telegramId))[0]!;
  const trade = '/trade ETH/USDT long market -2% +4% 0.7';
  const shownProposal = async (telegramId: number) => {
    for (let i = 0; i < 200; i++) {
      const signal = await h.t.db.signal.findFirst({ where: { userId: idOf(telegramId), status: 'proposed', noticeRef: { not: null } }, orderBy: { id: 'desc' } });
      if (signal) return signal;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no proposal was shown');
  };
  const entries = async (telegramId: number) => ({
    orders: await h.t.db.order.count({ where: { userId: idOf(telegramId), purpose: 'entry' } }),
    positions: await h.t.db.position.count({ where: { userId: idOf(telegramId) } }),
    executionLogs: await h.t.db.executionLog.count({ where: { userId: idOf(telegramId) } }),
  });

  beforeAll(async () => {
    h = await startTradingHarness({ start: '2025-10-06T00:50:00Z', traders: [SOLO, AUTO, MULTI, OTHER, EXITS, ACCOUNT] });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  describe('the switch', () => {
    it('⏸ on /wallets pauses that wallet: toast, the list edited in place, an alert with ▶️, stored and audited', async () => {
      const paper = await paperOf(SOLO);
      h.say(SOLO, '/wallets');
      const list = await h.next(SOLO, /^Paper — paper exchange, spot · auto-trading off\n/);
      expect(buttonData(list)[0]).toBe(`wal:pause:${paper.id}`);
      const q = h.press(SOLO, list.message_id, `wal:pause:${paper.id}`);
      expect((await h.api.waitForCallbackAnswer(q)).text).toBe("Wallet 'Paper' paused: no new entries; open positions stay managed.");
      const alert = await h.next(SOLO, /^⏸ Wallet Paper paused: no new entries on it\./, ['sent']);
      expect(alert.text).toContain('Its open positions stay managed: stops, targets, time exits, Close and the kill switch still work.');
      expect(alert.text).toContain('It stays paused until /resume Paper or ▶️ on /wallets.');
      expect(buttonData(alert)).toEqual(expect.arrayContaining([`wal:resume:${paper.id}`, 'wal:list', 'kill:ask']));
      const edited = await h.next(SOLO, /^Paper — paper exchange, spot · auto-trading off · ⏸ PAUSED: no new entries/, ['edited']);
      expect(edited.message_id).toBe(list.message_id);
      expect(buttonData(edited)[0]).toBe(`wal:resume:${paper.id}`);
      expect((await paperOf(SOLO)).tradingPaused).toBe(true);
      const audit = await h.t.db.auditEvent.findMany({ where: { userId: idOf(SOLO), action: 'wallet.paused' } });
      expect(audit).toEqual([expect.objectContaining({ actor: `telegram:${SOLO}`, target: `wallet:${paper.id}`, result: 'ok' })]);
    });

    it('pausing a paused wallet says so and changes nothing: no second audit row, no second alert', async () => {
      const sentBefore = h.api.messages(SOLO).length;
      h.say(SOLO, '/pause Paper');
      const reply = await h.next(SOLO, /Wallet Paper is already paused — nothing changed\. \/resume Paper lifts it\./);
      expect(reply.text).toMatch(/Paper — paper exchange, spot · auto-trading off · ⏸ PAUSED/);
      expect(h.api.messages(SOLO)).toHaveLength(sentBefore + 1);
      expect(await h.t.db.auditEvent.count({ where: { userId: idOf(SOLO), action: { startsWith: 'wallet.' } } })).toBe(1);
    });

    it('a name that is none of the user\'s wallets lists them, offers buttons (and pausing everything), and changes nothing', async () => {
      const paper = await paperOf(SOLO);
      h.say(SOLO, '/resume Binance');
      const reply = await h.next(SOLO, /^✖ You have no wallet "Binance" — nothing changed\. Your wallets:\n• Paper \(paper exchange, spot\) — #\d+ · ⏸ paused/);
      expect(buttonData(reply)).toEqual([`wal:resume:${paper.id}`, 'wal:list']);
      h.say(SOLO, '/pause now');
      const pauseReply = await h.next(SOLO, /^✖ You have no wallet "now"/);
      expect(pauseReply.text).toContain('/pause alone pauses all trading.');
      // Paper is already paused, so only the whole account is offered.
      expect(buttonData(pauseReply)).toEqual(['risk:pause', 'wal:list']);
      expect((await paperOf(SOLO)).tradingPaused).toBe(true);
      expect((await h.accounts.tradingState(idOf(SOLO))).state).toBe('active');
    });

    it('another user\'s wallet cannot be switched: its number is an unknown wallet, a forged button is "not found", nothing changes', async () => {
      const theirs = await paperOf(OTHER);
      h.say(SOLO, `/pause ${theirs.id}`);
      const reply = await h.next(SOLO, new RegExp(`^✖ You have no wallet "${theirs.id}" — nothing changed`));
      expect(reply.text).not.toContain(`#${theirs.id}`);
      const anyMessage = h.api.messages(SOLO).at(-1)!;
      const q = h.press(SOLO, anyMessage.message_id, `wal:pause:${theirs.id}`, true);
      expect((await h.api.waitForCallbackAnswer(q)).text).toBe('That wallet no longer exists.');
      expect((await paperOf(OTHER)).tradingPaused).toBe(false);
      expect(await h.t.db.auditEvent.count({ where: { target: `wallet:${theirs.id}` } })).toBe(0);
      expect(h.api.messages(OTHER)).toHaveLength(0);
    });
  });

  describe('no new entries on a paused wallet', () => {
    it('/trade is refused with the wallet named, as a failed check of the decision; no order, position or log row', async () => {
      h.say(SOLO, trade);
      const refusal = await h.next(SOLO, /^✖ ETH\/USDT LONG not taken \(#\d+, from chat\)/);
      expect(refusal.text).toContain('✖ wallet paused');
      expect(refusal.text).toContain("Wallet 'Paper' is paused: no new entries. /resume Paper or the ▶️ button on /wallets allows them again.");
      expect(refusal.reply_markup).toBeUndefined();
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(SOLO) }, orderBy: { id: 'desc' } });
      expect(signal).toMatchObject({ status: 'rejected', statusReason: 'WALLET_PAUSED' });
      expect(JSON.parse(signal.decision!)).toMatchObject({ kind: 'rejected', size: null, walletLabel: 'Paper' });
      expect(await entries(SOLO)).toEqual({ orders: 0, positions: 0, executionLogs: 0 });
    });

    it('a proposal shown before the pause cannot be approved after it (Approve and ½): refused, nothing sent', async () => {
      h.say(SOLO, '/resume paper');
      await h.next(SOLO, /^▶️ Wallet Paper resumed, but|^▶️ Wallet Paper resumed: it takes new entries again\./, ['sent']);
      await h.next(SOLO, /^▶️ Wallet Paper resumed\. It takes new entries\./);
      h.say(SOLO, trade);
      const card = await h.next(SOLO, /^📋 ETH\/USDT LONG/);
      const signal = await shownProposal(SOLO);
      h.say(SOLO, '/pause Paper');
      await h.next(SOLO, /^⏸ Wallet Paper paused/, ['sent']);
      await h.next(SOLO, /^⏸ Wallet Paper paused: no new entries on it; its open positions stay managed\./);
      const q = h.press(SOLO, card.message_id, `sig:half:${signal.id}`);
      expect((await h.api.waitForCallbackAnswer(q)).text).toBe('Approved — sending the order…');
      const refusal = await h.next(SOLO, new RegExp(`^✖ ETH/USDT LONG not taken \\(#${signal.id}, from chat\\)`));
      expect(refusal.text).toContain("Wallet 'Paper' is paused: no new entries.");
      expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'rejected', statusReason: 'WALLET_PAUSED' });
      expect(await entries(SOLO)).toEqual({ orders: 0, positions: 0, executionLogs: 0 });
      // The claim is final: a second tap finds it handled.
      const again = h.press(SOLO, card.message_id, `sig:ok:${signal.id}`, true);
      expect((await h.api.waitForCallbackAnswer(again)).text).toBe('Already handled (rejected).');
    });

    it('auto-trading skips a paused wallet, for a chat signal and a webhook signal alike; resumed, the same signal trades at once', async () => {
      const user = h.users.get(AUTO)!;
      const paper = await paperOf(AUTO);
      const on = await h.wallets.autoTrade.setFlag(user, paper.id, 'autoTradeEnabled', true, 'test');
      expect(on.ok).toBe(true);
      expect((await h.wallets.pause.set(user, paper.id, true, 'test')).ok).toBe(true);
      await h.next(AUTO, /^⏸ Wallet Paper paused/);

      h.say(AUTO, '/trade ETH/USDT long market -2% +4% 0.9');
      const refusal = await h.next(AUTO, /^✖ ETH\/USDT LONG not taken/);
      expect(refusal.text).toContain("Wallet 'Paper' is paused");

      const parsed = await parseTradeLine('/trade SOL/USDT long market -2% +4% 0.95', {
        knownSymbols: ['SOL/USDT'], fetchLastPrice: async (s) => (await (await h.exchanges.forWallet(paper)).fetchTicker(s)).last,
      });
      if (!parsed.ok) throw new Error('setup');
      const accepted = await h.trading.acceptSignal({ userId: user.id, source: 'webhook', idempotencyKey: 'paused-1', signal: parsed.value, note: null });
      expect(await accepted.decided).toMatchObject({ kind: 'rejected', reason: 'WALLET_PAUSED' });
      const notice = await h.next(AUTO, /^✖ SOL\/USDT LONG not taken \(#\d+, from webhook\)/);
      expect(notice.text).toContain("Wallet 'Paper' is paused");
      expect(await entries(AUTO)).toEqual({ orders: 0, positions: 0, executionLogs: 0 });

      await h.wallets.pause.set(user, paper.id, false, 'test');
      h.say(AUTO, '/trade ETH/USDT long market -2% +4% 0.9');
      await h.next(AUTO, /^✅ Bought [\d.]+ ETH at [\d,.]+ — ETH\/USDT LONG, #\d+ · auto-traded/);
      expect((await entries(AUTO)).positions).toBe(1);
    });

    it('other wallets are unaffected: with the first wallet paused, a signal goes to the next one and executes there', async () => {
      const user = h.users.get(MULTI)!;
      const added = await h.wallets.add({ user, label: 'Second', exchangeId: 'paper', mode: 'paper', marketType: 'spot', credentials: null, actor: 'test' });
      if (!added.ok) throw new Error('setup');
      h.say(MULTI, '/pause Paper');
      await h.next(MULTI, /^⏸ Wallet Paper paused/, ['sent']);
      const overview = await h.next(MULTI, /^⏸ Wallet Paper paused: no new entries on it/);
      expect(overview.text).toMatch(/Paper — paper exchange, spot · auto-trading off · ⏸ PAUSED: no new entries/);
      expect(overview.text).toMatch(/Second — paper exchange, spot · auto-trading off\n/);
      expect(buttonData(overview).slice(0, 2)).toEqual([`wal:resume:${(await paperOf(MULTI)).id}`, `wal:pause:${added.value.id}`]);

      h.say(MULTI, trade);
      const card = await h.next(MULTI, /^📋 ETH\/USDT LONG/);
      expect(card.text).toContain('Wallet Second · expires in 5 min');
      const signal = await shownProposal(MULTI);
      h.press(MULTI, card.message_id, `sig:ok:${signal.id}`);
      await h.next(MULTI, /^✅ Bought [\d.]+ ETH/);
      expect(await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } })).toMatchObject({ walletId: added.value.id, status: 'open' });
    });
  });

  describe('open positions stay managed', () => {
    it('on a paused wallet a manual Close 50 % and the position monitor\'s stop exit still sell', async () => {
      const user = h.users.get(EXITS)!;
      h.say(EXITS, trade);
      const card = await h.next(EXITS, /^📋 ETH\/USDT LONG/);
      const signal = await shownProposal(EXITS);
      h.press(EXITS, card.message_id, `sig:ok:${signal.id}`);
      await h.next(EXITS, /^✅ Bought [\d.]+ ETH/);
      const opened = await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } });
      const paper = await paperOf(EXITS);
      expect((await h.wallets.pause.set(user, paper.id, true, `telegram:${EXITS}`)).ok).toBe(true);

      const management = makePositionManagement({
        store: new PrismaPositionRepository(h.t.db), accounts: h.accounts, orders: new PrismaOrderRepository(h.t.db),
        exchangeForWallet: (w) => h.exchanges.forWallet(w), notifier: new RecordingNotifier(), clock: h.clock, log: silentLogger,
        executor: { elapsedMs: () => performance.now(), sleep: async (ms) => h.clock.advance(ms), random: makeSeededRandom(21) },
        atrTimeframe: '5m',
      });
      const half = await management.positions.close(user.id, opened.id, new Decimal('0.5'), `telegram:${EXITS}`);
      expect(half).toMatchObject({ kind: 'executed', closed: null });
      const afterHalf = await h.t.db.position.findUniqueOrThrow({ where: { id: opened.id } });
      expect(new Decimal(afterHalf.qtyBase).lt(opened.qtyBase)).toBe(true);

      // The market falls through the stop (the stop is moved above the price).
      const mark = (await (await h.exchanges.forWallet(paper)).fetchTicker('ETH/USDT')).last;
      await h.t.db.position.update({ where: { id: opened.id }, data: { stopPrice: mark.mul('1.01').toDecimalPlaces(2).toString() } });
      h.clock.advance(60_000);
      await management.monitorPositions();
      const closed = await h.t.db.position.findUniqueOrThrow({ where: { id: opened.id } });
      expect(closed).toMatchObject({ status: 'closed', closeReason: 'STOP_HIT' });
      // Exits are market/limit sells; the protective stop resting on the exchange (placed for the
      // rest after the half close) was cancelled before the monitor sold, so nothing sold twice.
      const orders = await h.t.db.order.findMany({ where: { positionId: opened.id, purpose: { not: 'entry' } } });
      const exits = orders.filter((o) => o.type === 'market' || o.type === 'limit');
      expect(exits.length).toBeGreaterThanOrEqual(2);
      expect(exits.every((o) => o.side === 'sell' && o.status === 'filled')).toBe(true);
      expect(orders.filter((o) => o.type.startsWith('stop')).every((o) => o.status === 'canceled')).toBe(true);
      expect((await paperOf(EXITS)).tradingPaused).toBe(true);
    });
  });

  describe('the account comes first', () => {
    it('resuming a wallet while the whole account is paused says the wallet is resumed but trading stays paused, and why; entries wait for /resume', async () => {
      const paper = await paperOf(ACCOUNT);
      h.say(ACCOUNT, '/pause Paper');
      await h.next(ACCOUNT, /^⏸ Wallet Paper paused/, ['sent']);
      await h.next(ACCOUNT, /^⏸ Wallet Paper paused: no new entries on it/);
      h.say(ACCOUNT, '/pause');
      await h.next(ACCOUNT, /⏸ Trading PAUSED: you paused it/);
      await h.next(ACCOUNT, /🛡 Risk — trading PAUSED/);

      h.say(ACCOUNT, `/resume #${paper.id}`);
      const alert = await h.next(ACCOUNT, /^▶️ Wallet Paper resumed, but it takes no entries yet\.\nTrading stays PAUSED for your whole account \(you paused it\): no wallet takes new entries until you send \/resume\./, ['sent']);
      expect(buttonData(alert)).toContain('wal:list');
      const reply = await h.next(ACCOUNT, /^▶️ Wallet Paper resumed\.\nTrading stays PAUSED for your whole account \(you paused it\)/);
      expect(reply.text).toContain('Trading is PAUSED for your whole account: no wallet takes new entries (/risk says why).');
      expect((await paperOf(ACCOUNT)).tradingPaused).toBe(false);
      expect((await h.accounts.tradingState(idOf(ACCOUNT))).state).toBe('paused');

      h.say(ACCOUNT, trade);
      const refusal = await h.next(ACCOUNT, /^✖ ETH\/USDT LONG not taken/);
      expect(refusal.text).toContain('Trading is paused: /resume to allow entries again.');
      expect(refusal.text).not.toContain('wallet paused');

      h.say(ACCOUNT, '/resume');
      await h.next(ACCOUNT, /▶️ Trading ACTIVE: you resumed it/);
      h.say(ACCOUNT, trade);
      await h.next(ACCOUNT, /^📋 ETH\/USDT LONG/);
    });
  });
});
