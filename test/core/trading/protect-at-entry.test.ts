import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { PrismaOrderLinks } from '../../../src/core/adapters/store-prisma/prisma-order-links.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaSignalRepository } from '../../../src/core/adapters/store-prisma/prisma-signal-repository.js';
import { Decimal } from '../../../src/core/money.js';
import { makeSettleUnsettledEntries } from '../../../src/core/trading/settle-unsettled-entries.js';
import { silentLogger } from '../../../src/logger.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { startTradingHarness, type TradingHarness } from '../../support/trading-harness.js';

const TRADER = 941;

/**
 * A position's protective stop rests at the exchange from the moment the entry fills, not from the
 * monitor's next tick: the process may die in between. Real chat, risk gate, executor, paper
 * exchange replaying the real ETH fall of 2025-10-10, SQLite.
 */
describe('protective stop at entry', () => {
  let h: TradingHarness;
  let exchange: PaperExchange;
  const userId = () => h.users.get(TRADER)!.id;

  const approve = async (symbol: string, expect: RegExp) => {
    h.say(TRADER, `/trade ${symbol} long market -2% +4% 0.7`);
    const card = await h.next(TRADER, new RegExp(`^📋 ${symbol.replace('/', '\\/')} LONG`));
    let signal = null;
    for (let i = 0; i < 200 && !signal; i++) {
      signal = await h.t.db.signal.findFirst({ where: { userId: userId(), symbol, status: 'proposed', noticeRef: { not: null } } });
      if (!signal) await new Promise((r) => setTimeout(r, 10));
    }
    h.press(TRADER, card.message_id, `sig:ok:${signal!.id}`);
    await h.next(TRADER, expect);
    return signal!;
  };

  beforeAll(async () => {
    h = await startTradingHarness({ start: '2025-10-10T12:00:00Z', traders: [TRADER], positionManagement: true });
    await h.accounts.updateRiskSettings(userId(), { maxCorrelatedPositions: 10, maxOpenPositions: 10 });
    exchange = (await h.exchanges.forWallet((await h.accounts.listWallets(userId()))[0]!)) as PaperExchange;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the fill rests the stop at once; with no monitor running, the crash is stopped out by the exchange and the next tick books it', async () => {
    const signal = await approve('ETH/USDT', /^✅ Bought [\d.]+ ETH/);
    const position = await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } });
    expect(position.stopOrderClientId).not.toBeNull();
    expect(position.stopOrderTriggerPrice).toBe(position.stopPrice);
    expect(position.stopOrderQtyBase).toBe(position.qtyBase);
    const resting = await exchange.fetchOpenOrders('ETH/USDT');
    expect(resting.map((o) => [o.clientOrderId, o.type, o.triggerPrice?.toString()])).toEqual([[position.stopOrderClientId, 'stop_market', position.stopPrice]]);

    // The process is "down" through the evening's liquidation cascade: no monitor tick runs.
    h.clock.set('2025-10-10T22:00:00Z');
    expect(await exchange.fetchOpenOrders('ETH/USDT')).toHaveLength(0); // the exchange executed the stop by itself
    const summary = await h.management!.monitorPositions();
    expect(summary.kind).toBe('ran');
    const closed = await h.t.db.position.findUniqueOrThrow({ where: { id: position.id } });
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'STOP_HIT' });
    // Sold once, by the resting stop: no market exit of the monitor on top.
    const sells = await h.t.db.order.findMany({ where: { positionId: position.id, side: 'sell' } });
    expect(sells.map((o) => [o.type, o.status])).toEqual([['stop_market', 'filled']]);
    expect(new Decimal(closed.rMultiple!).lt(-0.9)).toBe(true); // about −1R, minus the slip through the trigger
  });

  it('an entry settled late (its answer was lost) also gets its stop at once', async () => {
    h.clock.set('2025-10-11T12:00:00Z');
    exchange.injectFault({ kind: 'execute_then_unknown' });
    exchange.injectLookupOutage(50);
    const signal = await approve('SOL/USDT', /the exchange did not confirm the order/);
    exchange.clearFaults();
    const settle = makeSettleUnsettledEntries({
      signals: new PrismaSignalRepository(h.t.db), orders: new PrismaOrderRepository(h.t.db), positions: new PrismaPositionRepository(h.t.db),
      orderLinks: new PrismaOrderLinks(h.t.db), accounts: h.accounts, exchangeForWallet: h.exchanges.forWallet.bind(h.exchanges), notifier: new RecordingNotifier(),
      onPositionOpened: h.management!.protectNewPosition, clock: h.clock, sleep: async () => {}, random: () => 0.5, log: silentLogger,
    });
    expect((await settle())?.opened).toBe(1);
    const position = await h.t.db.position.findFirstOrThrow({ where: { signalId: signal.id } });
    expect((await exchange.fetchOpenOrders('SOL/USDT')).map((o) => o.clientOrderId)).toEqual([position.stopOrderClientId]);
  });
});
