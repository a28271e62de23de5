import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, floorToStep } from '../../src/core/money.js';
import { computeInitialRiskUsd } from '../../src/core/trading/compute-initial-risk.js';
import { entryClientOrderId } from '../../src/core/trading/entry-client-order-id.js';
import { expireProposalsJob } from '../../src/jobs/expire-proposals.js';
import { silentLogger } from '../../src/logger.js';
import { buttonData, startTradingHarness, type TradingHarness } from '../support/trading-harness.js';

const AUTO = 901;
const MANUAL = 902;
const EXPIRY = 903;
const DRIFT = 904;

/**
 * The whole trading path on real parts: chat -> parser -> signal store -> risk gate on the live
 * paper portfolio -> executor -> paper exchange replaying real BTC/ETH/… candles -> position,
 * orders and execution log in SQLite -> the report in the chat. See test/support/trading-harness.ts.
 */
describe('trading flow on real parts', () => {
  let h: TradingHarness;
  const idOf = (telegramId: number) => h.users.get(telegramId)!.id;
  const walletOf = async (telegramId: number) => (await h.accounts.listWallets(idOf(telegramId)))[0]!;
  /** The card is on screen a moment before the bot has noted where (the reply comes first). */
  const shownSignal = async (telegramId: number, symbol: string) => {
    for (let i = 0; i < 200; i++) {
      const signal = await h.t.db.signal.findFirst({ where: { userId: idOf(telegramId), symbol, status: 'proposed', noticeRef: { not: null } } });
      if (signal) return signal;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no proposal of ${symbol} was shown`);
  };

  beforeAll(async () => {
    // 2025-10-06 00:50 UTC: BTC about 123,170; an hour later about 0.7 % higher (the drift case).
    h = await startTradingHarness({ start: '2025-10-06T00:50:00Z', traders: [AUTO, MANUAL, EXPIRY, DRIFT] });
    for (const id of [MANUAL, EXPIRY]) await h.accounts.updateRiskSettings(idOf(id), { maxCorrelatedPositions: 10, maxOpenPositions: 10 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  describe('auto-trading', () => {
    it('/autotrade turns auto-trading on after one confirmation, and sets the minimum confidence with validation; both audited', async () => {
      const wallet = await walletOf(AUTO);
      h.say(AUTO, '/autotrade');
      const card = await h.next(AUTO, /Auto-trading — Paper .*: off/);
      expect(buttonData(card)).toEqual([`at:on:${wallet.id}`, `at:conf:${wallet.id}`, `at:trail:${wallet.id}`, `at:scale:${wallet.id}`, `at:dca:${wallet.id}`, 'at:list']);
      h.press(AUTO, card.message_id, `at:on:${wallet.id}`);
      const confirm = await h.next(AUTO, /Turn auto-trading on for Paper.*without asking you/, ['edited']);
      h.press(AUTO, confirm.message_id, `at:on!:${wallet.id}`);
      await h.next(AUTO, /Auto-trading — Paper .*: ON\nSignals with confidence ≥ 0\.75 are sized/, ['edited']);
      expect((await walletOf(AUTO)).autoTradeEnabled).toBe(true);

      h.press(AUTO, card.message_id, `at:conf:${wallet.id}`);
      await h.next(AUTO, /Minimum confidence for auto-trading on Paper.*now 0\.75/);
      for (const [answer, reply] of [['abc', /"abc" is not a confidence/], ['1.5', /1\.5 is outside 0 to 1/], ['٠٫٨', /digits 0-9/], ['0,8', /use a dot/]] as const) {
        h.say(AUTO, answer);
        await h.next(AUTO, reply);
      }
      expect((await walletOf(AUTO)).autoMinConfidence.toString()).toBe('0.75');
      h.say(AUTO, '80%');
      await h.next(AUTO, /Minimum confidence on Paper: 0\.75 → 0\.8/);
      expect((await walletOf(AUTO)).autoMinConfidence.toString()).toBe('0.8');
      const audit = await h.t.db.auditEvent.findMany({ where: { userId: idOf(AUTO), action: 'autotrade.changed' }, orderBy: { id: 'asc' } });
      expect(audit.map((a) => [a.actor, a.before, a.after])).toEqual([
        [`telegram:${AUTO}`, '{"autoTradeEnabled":"false"}', '{"autoTradeEnabled":"true"}'],
        [`telegram:${AUTO}`, '{"autoMinConfidence":"0.75"}', '{"autoMinConfidence":"0.8"}'],
      ]);
    });

    it('executes a high-confidence signal at once: validated, sized, filled on the paper exchange, stored as a position with its orders and log rows, reported', async () => {
      h.say(AUTO, '/trade BTC/USDT long market -2% +4% +6% 0.9');
      const report = await h.next(AUTO, /^✅ Bought [\d.]+ BTC at [\d,.]+ — BTC\/USDT LONG, #\d+ · auto-traded \(confidence 0\.9\)/);
      expect(report.text).toMatch(/Fees \$\d+\.\d\d · slippage .*% vs the decision/);
      expect(report.text).toMatch(/Stop [\d,.]+ · targets [\d,.]+ \/ [\d,.]+ · risk \$\d+\.\d\d = 1R · position #\d+/);
      expect(report.reply_markup).toBeUndefined(); // nothing left to approve

      const userId = idOf(AUTO);
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId } });
      expect(signal).toMatchObject({ source: 'chat', status: 'executed', statusReason: 'FILLED', confidence: '0.9' });
      const decision = JSON.parse(signal.decision!) as { kind: string; size: { qtyBase: string } };
      expect(['approved', 'adjusted']).toContain(decision.kind);

      const [position, ...morePositions] = await h.t.db.position.findMany({ where: { userId } });
      expect(morePositions).toHaveLength(0);
      const [order, ...moreOrders] = await h.t.db.order.findMany({ where: { userId } });
      expect(moreOrders).toHaveLength(0);
      expect(order).toMatchObject({ purpose: 'entry', side: 'buy', status: 'filled', positionId: position!.id, clientOrderId: entryClientOrderId(userId, signal.id) });
      expect(position).toMatchObject({ signalId: signal.id, symbol: 'BTC/USDT', side: 'long', status: 'open', entryPrice: order!.avgFillPrice, qtyBase: order!.filledQtyBase, feesUsd: order!.feeQuote });
      expect(new Decimal(position!.qtyBase).eq(decision.size.qtyBase)).toBe(true);
      const entry = new Decimal(position!.entryPrice);
      const stop = new Decimal(position!.stopPrice);
      // -2 % from the price the decision used (the ask), rounded to the 0.01 tick.
      expect(stop.div(JSON.parse(signal.decision!).entryPriceQuote as string).toDecimalPlaces(4).toString()).toBe('0.98');
      expect(JSON.parse(position!.targets)).toHaveLength(2);
      expect(new Decimal(position!.initialRiskUsd).eq(computeInitialRiskUsd({
        side: 'long', qtyBase: new Decimal(position!.qtyBase), entryPriceQuote: entry, stopPriceQuote: stop, entryFeeQuote: new Decimal(order!.feeQuote), takerFeeRate: new Decimal('0.001'),
      }))).toBe(true);
      const logs = await h.t.db.executionLog.findMany({ where: { userId } });
      expect(logs.length).toBeGreaterThanOrEqual(1);
      expect(logs.every((l) => l.positionId === position!.id && l.orderId === order!.id && l.action === 'open')).toBe(true);
      expect(logs.at(-1)).toMatchObject({ status: 'success', executedPrice: order!.avgFillPrice });

      const exchange = await h.exchanges.forWallet(await walletOf(AUTO));
      expect((await exchange.fetchBalances()).get('BTC')?.total.eq(position!.qtyBase)).toBe(true);
      const audit = await h.t.db.auditEvent.findFirstOrThrow({ where: { userId, action: 'signal.executed' } });
      expect(audit.actor).toBe('system:auto-trade');
    });

    it('still asks when the confidence is below the wallet\'s auto-trading minimum', async () => {
      h.say(AUTO, '/trade ETH/USDT long market -2% +4% 0.72');
      const card = await h.next(AUTO, /^📋 ETH\/USDT LONG — signal 0\.72 \(from chat\)/);
      expect(buttonData(card)).toHaveLength(3);
      expect(await h.t.db.position.count({ where: { userId: idOf(AUTO) } })).toBe(1);
    });
  });

  describe('manual approval', () => {
    it('shows the proposal card with size, risk, heat, positions, exposure, room left and expiry, and buttons carrying only the signal id', async () => {
      h.say(MANUAL, '/trade ETH/USDT long market -2% +4% 0.7');
      const card = await h.next(MANUAL, /^📋 ETH\/USDT LONG — signal 0\.70 \(from chat\) · #\d+/);
      const text = card.text!;
      expect(text).toMatch(/Entry ≈ [\d,.]+ \(market\) · stop [\d,.]+ · target [\d,.]+/);
      expect(text).toMatch(/Size [\d.]+ ETH \(\$[\d,.]+\) · risk \$[\d.]+ = [\d.]+% of equity · R:R 1\.\d+/);
      expect(text).toMatch(/Heat after [\d.]+% of 50% · positions 1 of 10 · ETH exposure [\d.]+% of 20%/);
      expect(text).toMatch(/Room left: heat [\d.]+% · positions 9 · ETH exposure [\d.]+% · position size \$[\d,.]+ .* day loss \$500\.00 \/ 5%/);
      expect(text).toMatch(/Checks: ✅ R:R ✅ confidence ✅ loss budgets/);
      expect(text).toMatch(/Wallet Paper · expires in 5 min/);
      const data = buttonData(card);
      const signal = await shownSignal(MANUAL, 'ETH/USDT');
      expect(data).toEqual([`sig:ok:${signal.id}`, `sig:half:${signal.id}`, `sig:no:${signal.id}`]);
      for (const d of data) expect(Buffer.byteLength(d)).toBeLessThan(64);
      expect(signal.noticeRef).toBe(`${MANUAL}:${card.message_id}`);
      expect(await h.t.db.order.count({ where: { userId: idOf(MANUAL) } })).toBe(0);
    });

    it('Approve takes the buttons away and reports the fill (price, quantity, fees, slippage); the position is stored', async () => {
      const card = h.api.messages(MANUAL).find((m) => m.text?.startsWith('📋 ETH/USDT'))!;
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(MANUAL) } });
      const q = h.press(MANUAL, card.message_id, `sig:ok:${signal.id}`);
      expect((await h.api.waitForCallbackAnswer(q)).text).toBe('Approved — sending the order…');
      const report = await h.next(MANUAL, /^✅ Bought [\d.]+ ETH at [\d,.]+ — ETH\/USDT LONG, #\d+\nFees \$[\d.]+ · slippage [-\d.]+% vs the decision, [-\d.]+% vs the price at send · market order/);
      expect(report.text).not.toMatch(/↻/); // no drift: the size shown is the size sent
      expect(h.api.messages(MANUAL).find((m) => m.message_id === card.message_id)!.reply_markup?.inline_keyboard ?? []).toEqual([]);
      const stored = await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } });
      expect(stored).toMatchObject({ status: 'executed', statusReason: 'FILLED' });
      const shown = (JSON.parse(signal.decision!) as { size: { qtyBase: string } }).size.qtyBase;
      const position = await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } });
      expect(position.qtyBase).toBe(shown);
      expect(await h.t.db.auditEvent.count({ where: { action: 'signal.approved', actor: `telegram:${MANUAL}`, target: `signal:${signal.id}` } })).toBe(1);
    });

    it('two quick taps on Approve execute once: one order, one position; the second tap hears "already handled"', async () => {
      h.say(MANUAL, '/trade SOL/USDT long market -2% +4% 0.7');
      const card = await h.next(MANUAL, /^📋 SOL\/USDT LONG/);
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(MANUAL), symbol: 'SOL/USDT' } });
      const first = h.press(MANUAL, card.message_id, `sig:ok:${signal.id}`);
      const second = h.press(MANUAL, card.message_id, `sig:ok:${signal.id}`);
      await h.next(MANUAL, /^✅ Bought [\d.]+ SOL/);
      expect((await h.api.waitForCallbackAnswer(first)).text).toBe('Approved — sending the order…');
      expect((await h.api.waitForCallbackAnswer(second)).text).toBe('Already handled (executed).');
      expect(await h.t.db.order.count({ where: { userId: idOf(MANUAL), symbol: 'SOL/USDT' } })).toBe(1);
      expect(await h.t.db.position.count({ where: { signalId: signal.id } })).toBe(1);
    });

    it('½ Half size sends half the decided size, floored to the exchange step', async () => {
      h.say(MANUAL, '/trade BNB/USDT long market -2% +4% 0.7');
      const card = await h.next(MANUAL, /^📋 BNB\/USDT LONG/);
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(MANUAL), symbol: 'BNB/USDT' } });
      h.press(MANUAL, card.message_id, `sig:half:${signal.id}`);
      await h.next(MANUAL, /^✅ Bought [\d.]+ BNB at [\d,.]+ — BNB\/USDT LONG, #\d+ · half size/);
      const shown = new Decimal((JSON.parse(signal.decision!) as { size: { qtyBase: string } }).size.qtyBase);
      const step = (await h.exchanges.forWallet(await walletOf(MANUAL))).market('BNB/USDT').amountStep;
      const position = await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } });
      expect(new Decimal(position.qtyBase).eq(floorToStep(shown.div(2), step))).toBe(true);
      expect(await h.t.db.auditEvent.findFirst({ where: { action: 'signal.approved', target: `signal:${signal.id}`, after: '{"size":"half"}' } })).not.toBeNull();
    });

    it('Reject sends nothing and says so', async () => {
      h.say(MANUAL, '/trade XRP/USDT long market -2% +4% 0.7');
      const card = await h.next(MANUAL, /^📋 XRP\/USDT LONG/);
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(MANUAL), symbol: 'XRP/USDT' } });
      const q = h.press(MANUAL, card.message_id, `sig:no:${signal.id}`);
      expect((await h.api.waitForCallbackAnswer(q)).text).toBe('Rejected: nothing was traded.');
      await h.next(MANUAL, /XRP\/USDT LONG \(#\d+\) rejected by you — nothing was traded/);
      expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'rejected', statusReason: 'USER_REJECTED' });
      expect(await h.t.db.order.count({ where: { userId: idOf(MANUAL), symbol: 'XRP/USDT' } })).toBe(0);
    });

    it('a trade the risk gate refuses is explained with the rule, the value, the limit and what to do; nothing is stored as a proposal', async () => {
      h.say(MANUAL, '/trade ETH/USDT long market -2% +1% 0.7');
      const refusal = await h.next(MANUAL, /^✖ ETH\/USDT LONG not taken \(#\d+, from chat\)/);
      expect(refusal.text).toMatch(/✖ risk:reward 0\.\d+ < 1\.5/);
      expect(refusal.text).toMatch(/Move the first target to at least [\d,.]+ or the stop closer to the entry/);
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(MANUAL), status: 'rejected', statusReason: { contains: 'RR_BELOW_MIN' } } });
      expect(signal.expiresAt).not.toBeNull();
    });

    it('an entry price far from the market is re-priced at it (entries execute now), and the card says so', async () => {
      h.say(MANUAL, '/trade ETH/USDT long 4400 4300 4900 0.7'); // ETH is about 4,490
      const answer = await h.next(MANUAL, /ETH\/USDT LONG/);
      expect(answer.text).toMatch(/Entry ≈ 4,[\d,.]+ \(market: you asked 4,400, 2(\.\d)?% away; entries execute now\)/);
    });
  });

  describe('expiry', () => {
    it('the expiry job expires an overdue proposal, takes its buttons away and tells the user; a late tap changes nothing', async () => {
      h.say(EXPIRY, '/trade ADA/USDT long market -2% +4% 0.7');
      const card = await h.next(EXPIRY, /^📋 ADA\/USDT LONG/);
      const signal = await shownSignal(EXPIRY, 'ADA/USDT');
      h.proposalClock.advance(299_000);
      await expireProposalsJob({ expireProposals: h.trading.expireOverdue, log: silentLogger });
      expect((await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).status).toBe('proposed');
      h.proposalClock.advance(2_000);
      await expireProposalsJob({ expireProposals: h.trading.expireOverdue, log: silentLogger });
      await h.next(EXPIRY, /^⌛ Proposal #\d+ ADA\/USDT LONG expired — nothing was traded\./);
      expect(h.api.messages(EXPIRY).find((m) => m.message_id === card.message_id)!.reply_markup?.inline_keyboard ?? []).toEqual([]);
      expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'expired', statusReason: 'PROPOSAL_EXPIRED' });
      const q = h.press(EXPIRY, card.message_id, `sig:ok:${signal.id}`, true);
      expect((await h.api.waitForCallbackAnswer(q)).text).toBe('Already handled (expired).');
      expect(await h.t.db.order.count({ where: { userId: idOf(EXPIRY) } })).toBe(0);
    });

    it('Approve after the deadline (before the job ran) refuses and marks the proposal expired', async () => {
      h.say(EXPIRY, '/trade DOGE/USDT long market -2% +4% 70%'); // "0.7" could be a DOGE target: a percentage is unambiguous
      const card = await h.next(EXPIRY, /^📋 DOGE\/USDT LONG/);
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(EXPIRY), symbol: 'DOGE/USDT' } });
      h.proposalClock.advance(301_000);
      const q = h.press(EXPIRY, card.message_id, `sig:ok:${signal.id}`);
      const answer = await h.api.waitForCallbackAnswer(q);
      expect(answer).toMatchObject({ text: 'This proposal has expired: nothing was traded.', showAlert: true });
      await h.next(EXPIRY, /^⌛ Proposal #\d+ DOGE\/USDT LONG expired/);
      expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'expired', statusReason: 'EXPIRED_AT_APPROVAL' });
      expect(await h.t.db.order.count({ where: { userId: idOf(EXPIRY) } })).toBe(0);
    });
  });

  describe('price drift', () => {
    it('re-resolves the relative levels at the new price and re-runs the decision when the market moved beyond the tolerance, and says so', async () => {
      h.clock.set('2025-10-07T13:05:00Z'); // BTC about 124,840; an hour later 1.4 % lower
      h.say(DRIFT, '/trade BTC/USDT long market -2% +4% 0.7');
      const card = await h.next(DRIFT, /^📋 BTC\/USDT LONG/);
      const signal = await h.t.db.signal.findFirstOrThrow({ where: { userId: idOf(DRIFT) } });
      const shown = JSON.parse(signal.decision!) as { entryPriceQuote: string; stopPriceQuote: string; size: { qtyBase: string } };
      h.clock.set('2025-10-07T14:05:00Z'); // the market moves on; the proposal (user's time) is still valid
      h.press(DRIFT, card.message_id, `sig:ok:${signal.id}`);
      const report = await h.next(DRIFT, /^✅ Bought [\d.]+ BTC/);
      const executed = JSON.parse((await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).decision!) as typeof shown;
      const driftPct = new Decimal(executed.entryPriceQuote).div(shown.entryPriceQuote).minus(1).mul(100);
      expect(driftPct.abs().gt('0.5')).toBe(true);
      expect(report.text).toMatch(new RegExp(`↻ Price moved [\\d,.]+ → [\\d,.]+ \\([\\d.]+%, [\\d.]+ R\\) since the decision: levels re-resolved, re-sized ${shown.size.qtyBase.replace('.', '\\.')} → ${executed.size.qtyBase.replace('.', '\\.')} BTC`));
      // The -2 % stop followed the entry; the position holds the new decision's size.
      expect(new Decimal(executed.stopPriceQuote).div(executed.entryPriceQuote).toString()).toBe('0.98');
      const position = await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } });
      expect(position.qtyBase).toBe(executed.size.qtyBase);
      expect(new Decimal(position.stopPrice).lt(shown.stopPriceQuote)).toBe(true);
    });
  });
});
