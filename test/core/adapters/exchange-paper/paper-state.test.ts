import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../../src/core/ports.js';
import { Decimal } from '../../../../src/core/money.js';
import type { PaperExchangeState } from '../../../../src/core/adapters/exchange-paper/paper-state.js';
import { MIN, makeExchange } from './paper-fixtures.js';

const req = (clientOrderId: string, extra: Partial<OrderRequest>): OrderRequest => ({
  clientOrderId,
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'market',
  qtyBase: new Decimal(1),
  ...extra,
});

async function exchangeWithHistory() {
  const setup = makeExchange();
  await setup.exchange.submitOrder(req('m1', {}));
  await setup.exchange.submitOrder(req('l1', { type: 'limit', qtyBase: new Decimal(2), limitPrice: new Decimal(97) }));
  await setup.exchange.submitOrder(req('l2', { type: 'limit', side: 'sell', qtyBase: new Decimal('0.5'), limitPrice: new Decimal(120) }));
  setup.clock.advance(10 * MIN + 45_000); // l1 partly filled
  await setup.exchange.fetchBalances();
  return setup;
}

describe('PaperExchange snapshotState / restoreState', () => {
  it('round-trips through plain JSON: same balances, orders and later fills', async () => {
    const original = await exchangeWithHistory();
    const snapshot = original.exchange.snapshotState();
    const json = JSON.parse(JSON.stringify(snapshot)) as PaperExchangeState;
    expect(json).toEqual(snapshot);
    expect(json.orders.find((o) => o.clientOrderId === 'l1')?.filledQtyBase).toBe('0.25');

    const restored = makeExchange();
    restored.clock.advance(10 * MIN + 45_000);
    restored.exchange.restoreState(json);
    expect(restored.exchange.snapshotState()).toEqual(snapshot);

    original.clock.advance(3 * MIN);
    restored.clock.advance(3 * MIN);
    await original.exchange.fetchBalances();
    await restored.exchange.fetchBalances();
    expect(restored.exchange.snapshotState()).toEqual(original.exchange.snapshotState());
    expect((await restored.exchange.fetchOrderByClientId('BTC/USDT', 'l1'))?.status).toBe('closed');
  });

  it('keeps decimals exact as strings and continues the order id sequence', async () => {
    const { exchange } = await exchangeWithHistory();
    const state = exchange.snapshotState();
    // 10000 - 100.1 (market buy) - 0.25 * 97 * 1.001 (partial fill); 2 * 97 * 1.001 reserved less the filled part
    expect(state.balances.find((b) => b.asset === 'USDT')).toEqual({ asset: 'USDT', total: '9875.62575', used: '169.91975' });
    const restored = makeExchange();
    restored.exchange.restoreState(state);
    const next = await restored.exchange.submitOrder(req('m2', {}));
    expect(next.kind === 'accepted' && next.order.id).toBe('paper-4');
  });

  it('refuses a snapshot whose reservations do not match its balances, or of another version', async () => {
    const { exchange } = await exchangeWithHistory();
    const state = exchange.snapshotState();
    const tampered: PaperExchangeState = { ...state, balances: state.balances.map((b) => (b.asset === 'USDT' ? { ...b, used: '0' } : b)) };
    expect(() => makeExchange().exchange.restoreState(tampered)).toThrow(/reservations/);
    expect(() => makeExchange().exchange.restoreState({ ...state, version: 2 } as unknown as PaperExchangeState)).toThrow(/version/);
  });
});
