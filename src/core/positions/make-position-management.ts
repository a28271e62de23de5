import type { AccountRepository } from '../accounts/account-repository.js';
import type { WalletInfo } from '../accounts/account.js';
import { makeExecuteOrder } from '../execution/execute-order.js';
import type { ExecutorDeps } from '../execution/executor-types.js';
import type { OrderRepository } from '../execution/order-repository.js';
import type { Clock, Exchange, Logger, Notifier } from '../ports.js';
import { AtrCache } from './atr-cache.js';
import type { ExecuteOrder } from './execute-position-exit.js';
import { makeClosePosition } from './make-close-position.js';
import { makeMoveStopToBreakEven } from './make-move-stop-to-break-even.js';
import { makePositionViews } from './make-position-views.js';
import { makeMonitorPositions, type MonitorPositionsConfig } from './monitor-positions.js';
import { PositionLocks } from './position-locks.js';
import type { ManagedPositionStore } from './position-repository.js';
import { makeProtectNewPosition } from './make-protect-new-position.js';
import { makeProtectiveStops, type ProtectiveStopConfig } from './sync-protective-stop.js';

export interface PositionManagementDeps {
  readonly store: ManagedPositionStore;
  readonly accounts: AccountRepository;
  readonly orders: OrderRepository;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
  /** What every executor shares besides its exchange (timing, randomness, config). */
  readonly executor: Pick<ExecutorDeps, 'elapsedMs' | 'sleep' | 'random' | 'config'>;
  /** ATR of the health score: timeframe and cache lifetime. Defaults: 1h candles, 5 minutes. */
  readonly atrTimeframe?: string;
  readonly atrTtlMs?: number;
  readonly monitor?: Partial<MonitorPositionsConfig>;
  /** Resting protective stops on venues that have them (stop-limit offset, check interval). */
  readonly protectiveStops?: Partial<ProtectiveStopConfig>;
}

/**
 * Wires position management once for the process: one executor per exchange, one ATR cache and one
 * set of position locks shared by the monitor and the chat actions (so a chat close and a monitor
 * exit never overlap on a position), and one keeper of the protective stops resting at the venues
 * (placed, moved and cancelled by both). Returns the monitor tick and the chat use cases.
 */
export function makePositionManagement(deps: PositionManagementDeps) {
  const executors = new WeakMap<Exchange, ExecuteOrder>();
  const executorFor = (exchange: Exchange): ExecuteOrder => {
    let execute = executors.get(exchange);
    if (!execute) {
      execute = makeExecuteOrder({ ...deps.executor, exchange, orders: deps.orders, clock: deps.clock, notifier: deps.notifier, log: deps.log.child({ component: 'executor' }) });
      executors.set(exchange, execute);
    }
    return execute;
  };
  const locks = new PositionLocks();
  const atr = new AtrCache({ timeframe: deps.atrTimeframe ?? '1h', period: 14, baselinePeriod: 100, ttlMs: deps.atrTtlMs ?? 5 * 60_000, log: deps.log.child({ component: 'atr' }) });
  const log = deps.log.child({ component: 'positions' });
  const common = { accounts: deps.accounts, exchangeForWallet: deps.exchangeForWallet, locks, clock: deps.clock, log };
  const stops = makeProtectiveStops({
    store: deps.store, orders: deps.orders, clock: deps.clock, random: deps.executor.random, log: deps.log.child({ component: 'protective-stops' }),
    ...(deps.protectiveStops ? { config: deps.protectiveStops } : {}),
  });
  const views = makePositionViews({ ...common, positions: deps.store, atr, ...(deps.monitor?.rules ? { rules: deps.monitor.rules } : {}) });
  return {
    monitorPositions: makeMonitorPositions({
      ...common, store: deps.store, orders: deps.orders, executorFor, atr, notifier: deps.notifier, protectiveStops: { stops, orders: deps.orders },
      ...(deps.monitor ? { config: deps.monitor } : {}),
    }),
    positions: {
      listOpen: views.listOpen,
      view: views.view,
      close: makeClosePosition({ ...common, positions: deps.store, executorFor, protectiveStops: stops }),
      moveStopToBreakEven: makeMoveStopToBreakEven({ ...common, positions: deps.store, protectiveStops: stops }),
    },
    executorFor,
    locks,
    protectiveStops: stops,
    /** Rests a just-opened position's stop at the venue at once (the entry paths call it). */
    protectNewPosition: makeProtectNewPosition({ ...common, protectiveStops: stops }),
  };
}
