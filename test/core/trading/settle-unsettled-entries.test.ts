import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { PrismaOrderLinks } from '../../../src/core/adapters/store-prisma/prisma-order-links.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaSignalRepository } from '../../../src/core/adapters/store-prisma/prisma-signal-repository.js';
import { Decimal, roundToTick } from '../../../src/core/money.js';
import { entryClientOrderId } from '../../../src/core/trading/entry-client-order-id.js';
import { makeSettleUnsettledEntries } from '../../../src/core/trading/settle-unsettled-entries.js';
import { TelegramNotifier } from '../../../src/bot/telegram-notifier.js';
import { silentLogger } from '../../../src/logger.js';
import { startTradingHarness, type TradingHarness } from '../../support/trading-harness.js';

const TRADER = 931;

/**
 * Entries whose outcome was lost end as what the venue really did: the whole path on real parts
 * (chat, risk gate, executor, paper exchange with injected faults, SQLite), then the settlement
 * run directly, as its job and the start-up would.
 */
describe('settleUnsettledEntries', () => {
  let h: TradingHarness;
  let settle: ReturnType<typeof makeSettleUnsettledEntries>;
  let exchange: PaperExchange;
  const userId = () => h.users.get(TRADER)!.id;

  /** Sends a /trade, waits for its card and returns the signal and the card's message id. */
  const propose = async (symbol: string) => {
    h.say(TRADER, `/trade ${symbol} long market -2% +4% 0.7`);
    const card = await h.next(TRADER, new RegExp(`^📋 ${symbol.replace('/', '\\/')} LONG`));
    for (let i = 0; i < 200; i++) {
      const signal = await h.t.db.signal.findFirst({ where: { userId: userId(), symbol, status: 'proposed', noticeRef: { not: null } } });
      if (signal) return { signal, messageId: card.message_id };
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no proposal of ${symbol}`);
  };
  const approve = async (symbol: string) => {
    const { signal, messageId } = await propose(symbol);
    h.press(TRADER, messageId, `sig:ok:${signal.id}`);
    await h.next(TRADER, /the exchange did not confirm the order/);
    return signal;
  };

  beforeAll(async () => {
    h = await startTradingHarness({ start: '2025-10-06T00:50:00Z', traders: [TRADER] });
    await h.accounts.updateRiskSettings(userId(), { maxCorrelatedPositions: 10, maxOpenPositions: 10 });
    exchange = (await h.exchanges.forWallet((await h.accounts.listWallets(userId()))[0]!)) as PaperExchange;
    // The real Telegram notifier on the harness's bot: settlement messages land in the same chat.
    const notifier = new TelegramNotifier({ accounts: h.accounts, log: silentLogger });
    notifier.attach(h.bot.api);
    settle = makeSettleUnsettledEntries({
      signals: new PrismaSignalRepository(h.t.db), orders: new PrismaOrderRepository(h.t.db), positions: new PrismaPositionRepository(h.t.db),
      orderLinks: new PrismaOrderLinks(h.t.db), accounts: h.accounts, exchangeForWallet: h.exchanges.forWallet.bind(h.exchanges), notifier, clock: h.clock,
      sleep: async () => {}, random: () => 0.5, log: silentLogger,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('an entry that executed but whose answer was lost opens its position from the venue fill, once, and tells the user', async () => {
    exchange.injectFault({ kind: 'execute_then_unknown' });
    exchange.injectLookupOutage(50); // the executor's lookups all fail: it must give up with UNKNOWN
    const signal = await approve('ETH/USDT');
    exchange.clearFaults();
    expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'approved', statusReason: 'UNKNOWN_OUTCOME' });
    expect(await h.t.db.position.count({ where: { signalId: signal.id } })).toBe(0);
    const order = await h.t.db.order.findUniqueOrThrow({ where: { clientOrderId: entryClientOrderId(userId(), signal.id) } });
    expect(order.status).toBe('unknown');

    expect(await settle()).toEqual({ checked: 1, opened: 1, notExecuted: 0, pending: 0 });
    const venue = await exchange.fetchOrderByClientId('ETH/USDT', order.clientOrderId);
    const position = await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } });
    expect(new Decimal(position.qtyBase).eq(venue!.filledQtyBase)).toBe(true);
    expect(new Decimal(position.entryPrice).eq(venue!.avgPrice!)).toBe(true);
    // The stop of the decision the executor was given (re-decided at approval), as stored with the signal.
    const decided = JSON.parse((await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).decision!) as { stopPriceQuote: string };
    expect(position.stopPrice).toBe(roundToTick(new Decimal(decided.stopPriceQuote), exchange.market('ETH/USDT').priceTick).toString()); // at the exchange's tick, as executeEntry stores it
    expect(await h.t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'filled', positionId: position.id });
    expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'executed', statusReason: 'FILLED_LATE' });
    expect(await h.t.db.auditEvent.count({ where: { action: 'signal.executed', actor: 'system:settle-entries', target: `signal:${signal.id}` } })).toBe(1);
    const told = await h.next(TRADER, /ETH\/USDT long \(#\d+\): the exchange confirmed the entry after all/);
    expect(told.text).toContain(`Position #${position.id} is open`);

    // Run again (the next minute, or a restart): nothing left to do, no second position.
    expect(await settle({ atStartup: true })).toEqual({ checked: 0, opened: 0, notExecuted: 0, pending: 0 });
    expect(await h.t.db.position.count({ where: { signalId: signal.id } })).toBe(1);
    expect((await exchange.fetchOpenOrders()).length).toBe(0);
  });

  it('while the venue still cannot be asked the signal waits; an order that never arrived ends rejected with NOT_AT_VENUE', async () => {
    exchange.injectFault({ kind: 'unknown' }); // lost on the way: the venue never had it
    exchange.injectLookupOutage(50);
    const signal = await approve('SOL/USDT');
    exchange.clearFaults();

    exchange.injectLookupOutage(50);
    expect(await settle()).toEqual({ checked: 1, opened: 0, notExecuted: 0, pending: 1 });
    expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'approved', statusReason: 'UNKNOWN_OUTCOME' });
    exchange.clearFaults();

    expect(await settle()).toEqual({ checked: 1, opened: 0, notExecuted: 1, pending: 0 });
    expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'rejected', statusReason: 'NOT_AT_VENUE' });
    expect(await h.t.db.position.count({ where: { signalId: signal.id } })).toBe(0);
    expect(await h.t.db.order.findFirstOrThrow({ where: { clientOrderId: entryClientOrderId(userId(), signal.id) } })).toMatchObject({ status: 'rejected', error: 'NOT_AT_VENUE' });
    await h.next(TRADER, /SOL\/USDT long \(#\d+\): settled with the exchange — nothing was bought or sold: the exchange never received the order/);
  });

  it('a signal claimed when the process died is settled at start-up only: no order stored means nothing was sent', async () => {
    const { signal } = await propose('BNB/USDT');
    // As if the process died right after the approval claimed the signal, before the executor stored anything.
    await h.t.db.signal.update({ where: { id: signal.id }, data: { status: 'approved', statusReason: null } });

    expect(await settle()).toEqual({ checked: 0, opened: 0, notExecuted: 0, pending: 0 }); // a running executor may own it
    expect(await settle({ atStartup: true })).toEqual({ checked: 1, opened: 0, notExecuted: 1, pending: 0 });
    expect(await h.t.db.signal.findUniqueOrThrow({ where: { id: signal.id } })).toMatchObject({ status: 'rejected', statusReason: 'NOT_SENT' });
    expect(await h.t.db.order.count({ where: { userId: userId(), symbol: 'BNB/USDT' } })).toBe(0);
  });
});
