import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { PaperExchange, type PaperExchangeOptions } from '../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { defaultRouteThresholds } from '../../../src/core/execution/choose-order-route.js';
import { makeExecuteOrder } from '../../../src/core/execution/execute-order.js';
import type { ExecutorConfig } from '../../../src/core/execution/executor-types.js';
import { reconcileOpenOrders } from '../../../src/core/execution/reconcile-open-orders.js';
import { silentLogger } from '../../../src/logger.js';
import { InMemoryOrderRepository } from '../../support/in-memory-order-repository.js';
import { makeClock, makeFeed, testRules } from '../adapters/exchange-paper/paper-fixtures.js';
import { RecordingNotifier, entryRequest, makeExecutorDeps } from './executor-fixtures.js';

const BTC = 'BTC/USDT';

/**
 * The scenario of the paper tests (BTC at 100, 10 BTC per one-bp level, 10000 USDT), at `minute`,
 * with an optional spread; the executor's sleeps move the frozen replay clock.
 */
async function setup(o: { minute?: number; spreadBps?: number; config?: Partial<ExecutorConfig>; exchange?: Partial<PaperExchangeOptions> } = {}) {
  const clock = makeClock(o.minute ?? 20);
  const exchange = new PaperExchange({
    feed: makeFeed(),
    clock,
    marketRules: { [BTC]: testRules },
    fillModel: { baseSpreadBps: new Decimal(o.spreadBps ?? 0), volatilitySpreadFactor: new Decimal(0), minDepthQuotePerBps: new Decimal(1000), depthShare: new Decimal('0.05') },
    sleep: async () => {},
    latencyMs: 0,
    ...o.exchange,
  });
  await exchange.loadMarkets();
  const orders = new InMemoryOrderRepository();
  const notifier = new RecordingNotifier();
  const harness = makeExecutorDeps({ exchange, orders, clock, advance: (ms) => clock.advance(ms), notifier, config: o.config });
  return { exchange, orders, clock, notifier, ...harness, executeOrder: makeExecuteOrder(harness.deps) };
}

const paperOrdersWith = (exchange: PaperExchange, clientOrderId: string) => exchange.snapshotState().orders.filter((x) => x.clientOrderId === clientOrderId);

describe('executeOrder on the paper exchange', () => {
  it('fills a small order at market with a protective cap, storing the order and one complete log row', async () => {
    const { executeOrder, orders, exchange } = await setup();
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '1', signalPriceQuote: new Decimal('99.9') }));
    expect(result.kind).toBe('filled');
    if (result.kind !== 'filled') return;
    expect(result.fill.route).toMatchObject({ type: 'market', reason: 'SMALL_AND_TIGHT' });
    expect(result.fill.route?.type === 'market' && result.fill.route.capPrice.toString()).toBe('100.5');
    expect(result.fill.avgPriceQuote?.toString()).toBe('100');
    expect(result.fill.slippageVsSendPct?.toString()).toBe('0');
    expect(result.fill.slippageVsSignalPct?.toDecimalPlaces(4).toString()).toBe('0.1001');
    expect(result.fill.feeQuote.toString()).toBe('0.1');

    expect(orders.orders).toHaveLength(1);
    expect(orders.orders[0]).toMatchObject({ status: 'filled', type: 'market', purpose: 'entry', reduceOnly: false, error: null });
    expect(orders.orders[0]!.limitPrice?.toString()).toBe('100.5');
    expect(paperOrdersWith(exchange, orders.orders[0]!.clientOrderId)).toHaveLength(1);
    expect(orders.logs).toHaveLength(1);
    const row = orders.logs[0]!;
    expect(row).toMatchObject({ action: 'open', orderType: 'market', status: 'success', retryCount: 0, errorMessage: null, orderId: 1 });
    expect(row.requestedPrice?.toString()).toBe('100');
    expect(row.signalPrice?.toString()).toBe('99.9');
    expect(row.executedPrice?.toString()).toBe('100');
    expect(row.fillPct.toString()).toBe('100');
    expect(row.volatilityPct?.toString()).toBe('0'); // flat candles
    expect(row.liquidityQuote?.gt(90_000)).toBe(true);
    expect(row.executionTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses with SLIPPAGE_TOO_HIGH when the estimate exceeds the maximum, and sends nothing', async () => {
    const { executeOrder, orders, exchange } = await setup();
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '90', maxSlippagePct: new Decimal('0.03') }));
    expect(result).toMatchObject({ kind: 'refused', reason: 'SLIPPAGE_TOO_HIGH', retryable: false });
    expect(result.fill.expectedSlippagePct?.gt('0.03')).toBe(true);
    expect(orders.orders).toHaveLength(0);
    expect(exchange.snapshotState().orders).toHaveLength(0);
    expect(orders.logs).toHaveLength(1);
    expect(orders.logs[0]).toMatchObject({ orderId: null, status: 'failed' });
    expect(orders.logs[0]!.errorMessage).toMatch(/^SLIPPAGE_TOO_HIGH/);
  });

  it('refuses an entry without an approved risk decision, or above its size', async () => {
    const { executeOrder, orders } = await setup();
    const { riskDecision: _, ...unapproved } = entryRequest({ symbol: BTC, qty: '1' });
    expect(await executeOrder(unapproved)).toMatchObject({ kind: 'refused', reason: 'RISK_NOT_APPROVED' });
    const rejected = { ...entryRequest({ symbol: BTC, qty: '1' }), riskDecision: { kind: 'rejected' as const, checks: [], adjustments: [] } };
    expect(await executeOrder(rejected)).toMatchObject({ kind: 'refused', reason: 'RISK_NOT_APPROVED' });
    const tooBig = { ...entryRequest({ symbol: BTC, qty: '2' }), riskDecision: entryRequest({ symbol: BTC, qty: '1' }).riskDecision! };
    expect(await executeOrder(tooBig)).toMatchObject({ kind: 'refused', reason: 'QTY_ABOVE_APPROVED' });
    expect(orders.orders).toHaveLength(0);
  });

  it('a caller repeating a step with the same client order id is refused, and nothing is sent twice', async () => {
    const { executeOrder, orders, exchange } = await setup();
    const request = entryRequest({ symbol: BTC, qty: '1', clientOrderId: 'rae-1-step42' });
    expect((await executeOrder(request)).kind).toBe('filled');
    expect(await executeOrder(request)).toMatchObject({ kind: 'refused', reason: 'DUPLICATE_CLIENT_ID' });
    expect(orders.orders).toHaveLength(1);
    expect(exchange.snapshotState().orders).toHaveLength(1);
  });

  it('a limit order not filled in time is cancelled and the rest converted to a capped market order', async () => {
    const { executeOrder, orders, exchange, clock } = await setup({
      spreadBps: 10,
      config: { limitReprices: 0, limitPollMs: 1000, route: { ...defaultRouteThresholds, patientLimitTimeoutMs: 5000 } },
    });
    const startedAt = clock.now().getTime();
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '1', urgency: 'patient' }));
    expect(result.kind).toBe('filled');
    expect(result.fill.route).toMatchObject({ type: 'limit', reason: 'PATIENT' });
    expect(result.fill.clientOrderIds).toHaveLength(2);
    expect(clock.now().getTime() - startedAt).toBeGreaterThanOrEqual(5000);
    expect(orders.orders.map((o) => [o.type, o.status, o.error])).toEqual([
      ['limit', 'canceled', 'LIMIT_TIMEOUT'],
      ['market', 'filled', null],
    ]);
    expect(orders.orders[0]!.limitPrice?.toString()).toBe('99.95'); // the bid: a maker order
    expect(orders.logs.map((l) => [l.orderType, l.status, l.errorMessage])).toEqual([
      ['limit', 'failed', 'LIMIT_TIMEOUT'],
      ['market', 'success', null],
    ]);
    expect(exchange.snapshotState().orders.map((o) => o.status)).toEqual(['canceled', 'closed']);
    expect(result.fill.avgPriceQuote?.toString()).toBe('100.05');
  });

  it('a timed-out limit order is repriced once before it is converted', async () => {
    const { executeOrder, orders } = await setup({ spreadBps: 10, config: { limitReprices: 1, limitPollMs: 1000, route: { ...defaultRouteThresholds, patientLimitTimeoutMs: 3000 } } });
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '1', urgency: 'patient' }));
    expect(result.kind).toBe('filled');
    expect(orders.orders.map((o) => `${o.type}:${o.status}`)).toEqual(['limit:canceled', 'limit:canceled', 'market:filled']);
    expect(new Set(orders.orders.map((o) => o.clientOrderId)).size).toBe(3);
  });

  it("the legs after the first of a caller's id are numbered from it, so the whole entry can be found from its first id", async () => {
    const { executeOrder, orders } = await setup({ spreadBps: 10, config: { limitReprices: 1, limitPollMs: 1000, route: { ...defaultRouteThresholds, patientLimitTimeoutMs: 3000 } } });
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '1', urgency: 'patient', clientOrderId: 'rae-1-s9' }));
    expect(result.fill.clientOrderIds).toEqual(['rae-1-s9', 'rae-1-s9-1', 'rae-1-s9-2']);
    expect(orders.orders.map((o) => o.clientOrderId)).toEqual(['rae-1-s9', 'rae-1-s9-1', 'rae-1-s9-2']);
  });

  it('a resting limit order that the market reaches fills without being cancelled', async () => {
    const { executeOrder, orders } = await setup({ minute: 29, spreadBps: 10, config: { limitPollMs: 10_000, route: { ...defaultRouteThresholds, patientLimitTimeoutMs: 180_000 } } });
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '0.5', urgency: 'patient' }));
    expect(result.kind).toBe('filled');
    expect(orders.orders).toHaveLength(1);
    expect(orders.orders[0]).toMatchObject({ type: 'limit', status: 'filled' });
    expect(result.fill.avgPriceQuote?.lte('99.95')).toBe(true);
  });

  it('execute_then_unknown: the order executed, the answer was lost; it is found by client id, never resent', async () => {
    const { executeOrder, orders, exchange } = await setup();
    exchange.injectFault({ kind: 'execute_then_unknown' });
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '1' }));
    expect(result.kind).toBe('filled');
    const clientOrderId = result.fill.clientOrderIds[0]!;
    expect(paperOrdersWith(exchange, clientOrderId)).toHaveLength(1);
    expect(exchange.snapshotState().orders).toHaveLength(1);
    expect((await exchange.fetchBalances()).get('BTC')?.total.toString()).toBe('1');
    expect(orders.orders[0]).toMatchObject({ status: 'filled', clientOrderId });
    expect(orders.logs).toHaveLength(1);
    expect(orders.logs[0]).toMatchObject({ status: 'success', retryCount: 0 });
    expect(orders.logs[0]!.errorMessage).toMatch(/^UNKNOWN_OUTCOME_RESOLVED/);
  });

  it('an answer lost before the venue got the order is reported UNKNOWN_OUTCOME, then settled NOT_AT_VENUE at restart', async () => {
    const { executeOrder, orders, exchange, deps } = await setup();
    exchange.injectFault({ kind: 'unknown' });
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '1' }));
    expect(result).toMatchObject({ kind: 'unknown', reason: 'UNKNOWN_OUTCOME' });
    expect(exchange.snapshotState().orders).toHaveLength(0);
    expect(orders.orders[0]).toMatchObject({ status: 'unknown', error: 'UNKNOWN_OUTCOME' });
    expect(orders.logs[0]).toMatchObject({ status: 'unknown' });

    const summary = await reconcileOpenOrders({ orders, exchangeFor: async () => exchange, clock: deps.clock, sleep: deps.sleep, random: deps.random, log: silentLogger });
    expect(summary).toMatchObject({ checked: 1, notAtVenue: 1, filled: 0 });
    expect(orders.orders[0]).toMatchObject({ status: 'rejected', error: 'NOT_AT_VENUE' });
    expect(exchange.snapshotState().orders).toHaveLength(0);
  });

  it('retries throttling with backoff and the same client id, one log row per send', async () => {
    const { executeOrder, orders, exchange, sleeps } = await setup();
    exchange.injectFault({ kind: 'throttle', count: 2 });
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '1' }));
    expect(result.kind).toBe('filled');
    expect(result.fill.attempts).toBe(3);
    expect(orders.orders).toHaveLength(1);
    expect(orders.logs.map((l) => [l.status, l.retryCount, l.orderId])).toEqual([
      ['failed', 0, 1],
      ['failed', 1, 1],
      ['success', 2, 1],
    ]);
    expect(orders.logs[0]!.errorMessage).toMatch(/^THROTTLED/);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(125);
    expect(sleeps[0]).toBeLessThanOrEqual(250);
    expect(sleeps[1]).toBeGreaterThanOrEqual(250);
    expect(sleeps[1]).toBeLessThanOrEqual(500);
  });

  it('gives up after the bounded number of throttled sends and says the refusal is retryable', async () => {
    const s = await setup({ config: { maxSubmitAttempts: 2 } });
    s.exchange.injectFault({ kind: 'throttle', count: 5 });
    const result = await s.executeOrder(entryRequest({ symbol: BTC, qty: '1' }));
    expect(result).toMatchObject({ kind: 'refused', reason: 'THROTTLED', retryable: true });
    expect(result.fill.attempts).toBe(2);
    expect(s.orders.orders[0]).toMatchObject({ status: 'rejected', error: 'THROTTLED' });
  });

  it('alerts LARGE_SLIPPAGE when a fill slips more than the alert threshold', async () => {
    const { executeOrder, notifier } = await setup();
    const result = await executeOrder(entryRequest({ symbol: BTC, qty: '50', slippageAlertPct: new Decimal('0.01') }));
    expect(result.kind).toBe('filled');
    expect(result.fill.slippageVsSendPct?.gt('0.01')).toBe(true);
    expect(notifier.events).toHaveLength(1);
    expect(notifier.events[0]).toMatchObject({ userId: 1, event: { kind: 'LARGE_SLIPPAGE', data: { symbol: BTC, side: 'buy', thresholdPct: '0.01' } } });
    const quiet = await setup();
    await quiet.executeOrder(entryRequest({ symbol: BTC, qty: '50' }));
    expect(quiet.notifier.events).toHaveLength(0);
  });

  it('a stop is urgent and reduce-only, whatever urgency the caller passed', async () => {
    const { executeOrder, orders, exchange } = await setup();
    await executeOrder(entryRequest({ symbol: BTC, qty: '5' }));
    const stop = { ...entryRequest({ symbol: BTC, qty: '4' }), side: 'sell' as const, purpose: 'stop' as const, urgency: 'patient' as const, riskDecision: undefined };
    const result = await executeOrder(stop);
    expect(result.kind).toBe('filled');
    expect(result.fill.route).toMatchObject({ type: 'market', reason: 'URGENT' });
    expect(orders.orders[1]).toMatchObject({ purpose: 'stop', reduceOnly: true, side: 'sell' });
    expect(orders.logs[1]).toMatchObject({ action: 'stop' });
    expect((await exchange.fetchBalances()).get('BTC')?.total.toString()).toBe('1');
  });

  it('a stop is never refused for expected slippage: it is sent, and only the venue cap limits it', async () => {
    const { executeOrder, orders } = await setup();
    await executeOrder(entryRequest({ symbol: BTC, qty: '30' }));
    const stop = { ...entryRequest({ symbol: BTC, qty: '30' }), side: 'sell' as const, purpose: 'stop' as const, maxSlippagePct: new Decimal('0.001'), riskDecision: undefined };
    const result = await executeOrder(stop);
    expect(result.fill.expectedSlippagePct?.gt('0.001')).toBe(true);
    expect(result).not.toMatchObject({ reason: 'SLIPPAGE_TOO_HIGH' });
    // The paper venue refuses a market order whose average would cross the cap as a whole.
    expect(result).toMatchObject({ kind: 'refused', reason: 'PRICE_CAP_EXCEEDED' });
    expect(orders.orders[1]).toMatchObject({ purpose: 'stop', status: 'rejected', error: 'PRICE_CAP_EXCEEDED' });
  });
});
