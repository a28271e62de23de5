import { Decimal } from '../../../src/core/money.js';
import type { Clock, Exchange } from '../../../src/core/ports.js';
import type { UserAccount, WalletInfo } from '../../../src/core/accounts/account.js';
import { PrismaAccountRepository } from '../../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderRepository } from '../../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from '../../../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import { makeExecuteOrder } from '../../../src/core/execution/execute-order.js';
import type { ExecutorConfig } from '../../../src/core/execution/executor-types.js';
import type { PositionRecord } from '../../../src/core/positions/position-record.js';
import { makeLoadRiskContext } from '../../../src/core/risk/load-risk-context.js';
import { makeKillSwitch } from '../../../src/core/safety/kill-switch.js';
import type { KillSwitchConfig, KillSwitchDeps } from '../../../src/core/safety/kill-switch-types.js';
import { silentLogger } from '../../../src/logger.js';
import { RecordingNotifier } from '../../support/recording-notifier.js';
import type { TestDatabase } from '../../support/temp-db.js';
import { makeExecutorDeps } from '../execution/executor-fixtures.js';
import { resolve } from 'node:path';
import { PaperExchange } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { ReplayPriceFeed } from '../../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { ManualClock } from '../../support/manual-clock.js';

export const paperFeed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');

/** The paper venue of the paper kill tests: October 2025 replayed from 2025-10-08 12:00, 100 000 USDT, 2 ms latency. */
export async function makePaperKillVenue(): Promise<{ clock: ManualClock; exchange: PaperExchange }> {
  const clock = new ManualClock(new Date('2025-10-08T12:00:00Z'));
  const exchange = new PaperExchange({ feed: paperFeed, clock, latencyMs: 2, initialBalances: new Map([['USDT', new Decimal(100000)]]) });
  await exchange.loadMarkets();
  return { clock, exchange };
}

/** Everything a kill switch test needs on one temp database: repositories, a user, the kill switch. */
export interface KillHarness {
  readonly user: UserAccount;
  readonly wallet: WalletInfo;
  readonly accounts: PrismaAccountRepository;
  readonly positions: PrismaPositionRepository;
  readonly orders: PrismaOrderRepository;
  readonly notifier: RecordingNotifier;
  readonly killSwitch: ReturnType<typeof makeKillSwitch>;
  readonly loadRiskContext: ReturnType<typeof makeLoadRiskContext>;
  /** A position record for a spot long already held at the venue. */
  addPosition(symbol: string, qty: Decimal.Value, entry: Decimal.Value, stop: Decimal.Value): Promise<PositionRecord>;
}

export async function makeKillHarness(o: {
  t: TestDatabase;
  exchange: Exchange;
  clock: Clock;
  telegramId?: string;
  kill?: Partial<KillSwitchConfig>;
  executor?: Partial<ExecutorConfig>;
  /** Runs inside the risk context's 'kill' command before it stores KILLED (an entry racing the kill, a slow venue). */
  beforeKilled?: () => Promise<void>;
  /** The position monitor's locks, when the test shares them. */
  locks?: KillSwitchDeps['locks'];
}): Promise<KillHarness> {
  const accounts = new PrismaAccountRepository(o.t.db);
  const positions = new PrismaPositionRepository(o.t.db);
  const orders = new PrismaOrderRepository(o.t.db);
  const tradingStates = new PrismaTradingStateStore(o.t.db);
  const notifier = new RecordingNotifier();
  const { user } = await accounts.registerUser({ telegramId: o.telegramId ?? '7001', displayName: 'Kim', timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now: o.clock.now() });
  const [wallet] = await accounts.listWallets(user.id);
  const exchangeForWallet = async () => o.exchange;
  const loadRiskContext = makeLoadRiskContext({ accounts, positions, tradingStates, exchangeForWallet, notifier, clock: o.clock, log: silentLogger });
  const before = o.beforeKilled;
  const killSwitch = makeKillSwitch({
    accounts, positions, orders, tradingStates, exchangeForWallet, notifier,
    loadRiskContext: async (u, opts) => {
      if (before && opts.command === 'kill') await before();
      return loadRiskContext(u, opts);
    },
    clock: o.clock, log: silentLogger,
    elapsedMs: () => performance.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    makeExecutor: (exchange) => makeExecuteOrder(makeExecutorDeps({ exchange, orders, clock: o.clock, config: { reconcileBaseMs: 1, backoffBaseMs: 1, ...o.executor } }).deps),
    config: { ordersPerSecond: 500, roundPauseMs: 5, ...o.kill },
    ...(o.locks ? { locks: o.locks } : {}),
  });
  return {
    user, wallet: wallet!, accounts, positions, orders, notifier, killSwitch, loadRiskContext,
    addPosition: (symbol, qty, entry, stop) => {
      const e = new Decimal(entry);
      const s = new Decimal(stop);
      const q = new Decimal(qty);
      return positions.create({
        userId: user.id, walletId: wallet!.id, symbol, side: 'long', entryPrice: e, stopPrice: s, targets: [e.mul(2).minus(s)], qtyBase: q,
        feesUsd: q.mul(e).mul('0.001'), initialRiskUsd: e.minus(s).mul(q), openedAt: o.clock.now(),
      });
    },
  };
}
