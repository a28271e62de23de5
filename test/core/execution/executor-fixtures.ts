import { Decimal, ZERO } from '../../../src/core/money.js';
import type { Clock, Exchange, Notifier, NotifyEvent } from '../../../src/core/ports.js';
import type { RiskDecision } from '../../../src/core/risk/risk-decision.js';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import type { ExecuteOrderRequest, ExecutorConfig, ExecutorDeps } from '../../../src/core/execution/executor-types.js';
import type { OrderRepository } from '../../../src/core/execution/order-repository.js';
import { silentLogger } from '../../../src/logger.js';

/** An approved risk decision for `qty` (only the size's quantity matters to the executor). */
export function approvedDecision(qty: Decimal.Value): RiskDecision {
  const q = new Decimal(qty);
  return {
    kind: 'approved',
    size: { qtyBase: q, notionalUsd: ZERO, riskUsd: ZERO, riskPctOfEquity: 0, rr: 0, heatAfterPct: 0, feesUsd: ZERO, leverage: 1 },
    checks: [],
    adjustments: [],
  };
}

/** A market-ish entry request for user 1, wallet 1 (ids exist in a temp DB after seedUserAndWallet). */
export function entryRequest(o: Partial<ExecuteOrderRequest> & { symbol: string; qty: Decimal.Value }): ExecuteOrderRequest {
  const qtyBase = new Decimal(o.qty);
  return {
    userId: 1,
    walletId: 1,
    side: 'buy',
    purpose: 'entry',
    urgency: 'normal',
    signalPriceQuote: null,
    maxSlippagePct: new Decimal('0.5'),
    riskDecision: approvedDecision(qtyBase),
    ...o,
    qtyBase,
  };
}

/** A notifier that remembers every event. */
export class RecordingNotifier implements Notifier {
  readonly events: { userId: number; event: NotifyEvent }[] = [];
  async notify(userId: number, event: NotifyEvent): Promise<void> {
    this.events.push({ userId, event });
  }
}

export interface ExecutorHarness {
  readonly deps: ExecutorDeps;
  /** Every sleep the executor asked for, ms. */
  readonly sleeps: number[];
}

/**
 * Executor deps with a seeded RNG (a new seed each call) and an instant sleep that records its delays and, when given,
 * moves a simulated clock (so limit time-outs pass without waiting).
 */
let seed = 1;

export function makeExecutorDeps(o: {
  exchange: Exchange;
  orders: OrderRepository;
  clock: Clock;
  advance?: (ms: number) => void;
  notifier?: Notifier;
  config?: Partial<ExecutorConfig>;
}): ExecutorHarness {
  const sleeps: number[] = [];
  const deps: ExecutorDeps = {
    exchange: o.exchange,
    orders: o.orders,
    clock: o.clock,
    elapsedMs: () => performance.now(),
    sleep: async (ms) => {
      sleeps.push(ms);
      o.advance?.(ms);
    },
    random: makeSeededRandom(seed++), // a fresh sequence per executor, as a restarted process would have
    log: silentLogger,
    ...(o.notifier ? { notifier: o.notifier } : {}),
    config: { volatilityTimeframe: '5m', ...o.config },
  };
  return { deps, sleeps };
}
