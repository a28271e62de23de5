import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { systemClock } from '../../../src/core/clock.js';
import type { CcxtExchange } from '../../../src/core/adapters/exchange-ccxt/ccxt-exchange.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from '../../../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import { makeLoadRiskContext } from '../../../src/core/risk/load-risk-context.js';
import { silentLogger } from '../../../src/logger.js';
import { startFakeExchangeServer, type FakeExchangeServer } from '../../support/fake-exchange/fake-exchange-server.js';
import { makeCcxtOnFakeServer } from '../../support/fake-exchange/make-ccxt-on-fake-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/temp-db.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import { makeKillHarness, type KillHarness } from './kill-switch-fixtures.js';

const ORDER = 'POST /api/v3/order';

let server: FakeExchangeServer;
let exchange: CcxtExchange;
let t: TestDatabase;
let h: KillHarness;

beforeAll(async () => {
  server = await startFakeExchangeServer();
  exchange = makeCcxtOnFakeServer(server, { timeoutMs: 800 });
  await exchange.loadMarkets();
});
afterAll(() => server.close());
beforeEach(async () => {
  server.reset();
  server.state.setPrice('BTCUSDT', '60000', '0.5');
  server.state.setPrice('ETHUSDT', '3000', '5');
  server.state.setPrice('SOLUSDT', '150', '50');
  server.state.setBalance('USDT', '100000');
  server.state.setBalance('BTC', '0.05');
  server.state.setBalance('ETH', '2');
  server.state.setBalance('SOL', '30');
  t = await createTestDatabase();
  h = await makeKillHarness({ t, exchange, clock: systemClock, kill: { roundPauseMs: 20 }, executor: { reconcileLookups: 2 } });
});
afterEach(() => t.close());

async function holdAll() {
  return [
    await h.addPosition('BTC/USDT', '0.05', '59000', '58000'),
    await h.addPosition('ETH/USDT', '2', '3100', '3000'),
    await h.addPosition('SOL/USDT', '30', '140', '135'),
  ];
}

/** Venue orders per client id (each intent reaches the venue at most once) and filled quantity per market. */
function venueEvidence() {
  const orders = server.state.listOrders();
  const perClientId = new Map<string, number>();
  for (const o of orders) perClientId.set(o.clientOrderId, (perClientId.get(o.clientOrderId) ?? 0) + 1);
  const soldBase = (symbol: string) => orders.filter((o) => o.symbol === symbol && o.side === 'SELL').reduce((s, o) => s.plus(o.executedQty), new Decimal(0));
  return { orders, maxPerClientId: Math.max(0, ...perClientId.values()), soldBase };
}

describe('kill switch through the real ccxt binance class on the fake exchange', () => {
  it('flattens through 503s, a throttle, a timeout and a lost answer, never placing an intent twice', async () => {
    const positions = await holdAll();
    server.state.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '50000', clientOrderId: 'manual-resting' });
    server.faults.inject('GET /api/v3/openOrders', 'unavailable'); // the first read of open orders fails once
    server.faults.inject(ORDER, 'throttle');
    server.faults.inject(ORDER, 'execute-then-hang');
    server.faults.inject(ORDER, 'hang');
    server.faults.inject('GET /api/v3/account', 'unavailable');

    const report = await h.killSwitch.fire(h.user, 'telegram:7001');
    expect(report.verification).toMatchObject({ isFlat: true, openOrdersLeft: 0, residuals: [], unreachable: [] });
    expect(report.unclosed).toEqual([]);
    expect(report.closed.map((c) => c.positionId).sort()).toEqual(positions.map((p) => p.id).sort());
    expect(report.cancelled).toMatchObject([{ clientOrderId: 'manual-resting', isOurs: false }]);
    expect(report.timeToFlatMs).not.toBeNull();

    const e = venueEvidence();
    expect(e.maxPerClientId).toBe(1);
    expect(e.soldBase('BTCUSDT').toString()).toBe('0.05');
    expect(e.soldBase('ETHUSDT').toString()).toBe('2');
    expect(e.soldBase('SOLUSDT').toString()).toBe('30');
    for (const asset of ['BTC', 'ETH', 'SOL']) expect(server.state.balance(asset).free.plus(server.state.balance(asset).locked).isZero()).toBe(true);
    expect(server.state.openOrders()).toEqual([]);
    // A throttled send is retried under the same client id; a send that may have executed (lost
    // answer, time-out) is never repeated: it is looked up, and a new id is used only once it is known absent.
    const sends = server.requestsTo(ORDER);
    expect(sends.map((r) => r.fault).filter(Boolean).sort()).toEqual(['execute-then-hang', 'hang', 'throttle']);
    sends.forEach((r, i) => {
      const again = sends.slice(i + 1).filter((s) => s.params['newClientOrderId'] === r.params['newClientOrderId']);
      expect(again.length > 0).toBe(r.fault === 'throttle');
    });
    expect(report.rounds).toBe(2);

    for (const p of positions) {
      expect(await h.positions.findForUser(h.user.id, p.id)).toMatchObject({ status: 'closed', closeReason: 'KILL_SWITCH' });
    }
    const btc = report.closed.find((c) => c.symbol === 'BTC/USDT')!;
    expect(btc.avgPriceQuote!.toString()).toBe('59994'); // the best bid of the fake book
    // (59994 − 59000) × 0.05 = 49.70 gross, less the entry fee 2.95 and the exit fee 0.05 × 59994 × 0.1 % = 2.9997
    expect(btc.pnlUsd.toString()).toBe('43.7503');
  });

  it('reports the one position the venue refuses to close, closes the rest, and is honest about not being flat', async () => {
    const [btc, eth, sol] = await holdAll();
    server.state.setBalance('ETH', '0', '2'); // held by the venue (locked), so every sell is refused for funds
    const report = await h.killSwitch.fire(h.user, 'telegram:7001');

    expect(report.verification.isFlat).toBe(false);
    expect(report.timeToFlatMs).toBeNull();
    expect(report.rounds).toBe(4);
    expect(report.closed.map((c) => c.positionId).sort()).toEqual([btc!.id, sol!.id].sort());
    expect(report.unclosed).toMatchObject([{ positionId: eth!.id, symbol: 'ETH/USDT', reason: 'INSUFFICIENT_FUNDS' }]);
    expect(report.verification.residuals).toMatchObject([{ symbol: 'ETH/USDT' }]);
    expect(report.verification.residuals[0]!.qtyBase.toString()).toBe('2');
    expect(await h.positions.findForUser(h.user.id, eth!.id)).toMatchObject({ status: 'open', closeReason: null });
    // Four refused attempts, one per round; nothing executed.
    const ethSends = server.requestsTo(ORDER).filter((r) => r.params['symbol'] === 'ETHUSDT');
    expect(ethSends).toHaveLength(4);
    expect(venueEvidence().soldBase('ETHUSDT').isZero()).toBe(true);
  });

  it('sets KILLED even when the exchange cannot value the account, and KILLED survives a restart', async () => {
    await holdAll();
    server.faults.inject('GET /api/v3/exchangeInfo', 'unavailable', 5); // only the risk context's valuation reloads markets
    const report = await h.killSwitch.fire(h.user, 'telegram:7001');
    expect(report.stateWrite).toBe('DIRECT');
    expect(report.verification.isFlat).toBe(true);
    expect(h.notifier.sent.map((s) => s.event.data.to)).toEqual(['killed']);
    expect(await t.db.tradingStateEvent.findMany()).toMatchObject([{ fromState: 'active', toState: 'killed', reason: 'USER_KILL' }]);

    const restarted = makeLoadRiskContext({
      accounts: new PrismaAccountRepository(t.db), positions: new PrismaPositionRepository(t.db), tradingStates: new PrismaTradingStateStore(t.db),
      exchangeForWallet: async () => exchange, notifier: new RecordingNotifier(), clock: systemClock, log: silentLogger,
    });
    const ctx = await restarted(h.user);
    expect(ctx.trading.status.state).toBe('killed');
    expect(ctx.trading.allowsEntries).toBe(false);
  });

  it('says it could not verify when the venue keeps failing to answer', async () => {
    const quick = await makeKillHarness({ t, exchange, clock: systemClock, telegramId: '7009', kill: { roundPauseMs: 20, maxRounds: 2, readAttempts: 2 } });
    await quick.addPosition('BTC/USDT', '0.05', '59000', '58000');
    server.faults.inject('GET /api/v3/openOrders', 'unavailable', 100);
    const report = await quick.killSwitch.fire(quick.user, 'telegram:7009');
    expect(report.rounds).toBe(2);
    expect(report.verification.isFlat).toBe(false);
    expect(report.verification.unreachable).toHaveLength(1);
    expect(report.timeToFlatMs).toBeNull();
    // The close itself went through; only the read-back failed, and the report says which.
    expect(venueEvidence().soldBase('BTCUSDT').toString()).toBe('0.05');
  });
});
