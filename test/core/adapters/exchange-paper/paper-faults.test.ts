import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../../src/core/ports.js';
import { Decimal } from '../../../../src/core/money.js';
import { PaperFaultQueue } from '../../../../src/core/adapters/exchange-paper/paper-faults.js';
import { balanceOf, makeExchange } from './paper-fixtures.js';

const buy = (clientOrderId: string, qty = '1'): OrderRequest => ({ clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'market', qtyBase: new Decimal(qty) });

describe('PaperExchange injected faults', () => {
  it("'refuse' refuses without executing, not retryable, with the given reason", async () => {
    const { exchange } = makeExchange();
    exchange.injectFault({ kind: 'refuse' });
    exchange.injectFault({ kind: 'refuse', reason: 'EXCHANGE_BUSY' });
    expect(await exchange.submitOrder(buy('a'))).toMatchObject({ kind: 'refused', reason: 'REJECTED', retryable: false });
    expect(await exchange.submitOrder(buy('b'))).toMatchObject({ kind: 'refused', reason: 'EXCHANGE_BUSY' });
    expect(await exchange.fetchOrderByClientId('BTC/USDT', 'a')).toBeNull();
    expect((await balanceOf(exchange, 'USDT')).total).toBe('10000');
  });

  it("'throttle' refuses as retryable THROTTLED; the retry with the same id then goes through", async () => {
    const { exchange } = makeExchange();
    exchange.injectFault({ kind: 'throttle' });
    expect(await exchange.submitOrder(buy('a'))).toMatchObject({ kind: 'refused', reason: 'THROTTLED', retryable: true });
    expect((await exchange.submitOrder(buy('a'))).kind).toBe('accepted');
  });

  it("'unknown' answers unknown and leaves nothing behind: the venue never got the order", async () => {
    const { exchange } = makeExchange();
    exchange.injectFault({ kind: 'unknown' });
    expect(await exchange.submitOrder(buy('a'))).toMatchObject({ kind: 'unknown', clientOrderId: 'a' });
    expect(await exchange.fetchOrderByClientId('BTC/USDT', 'a')).toBeNull();
    expect((await balanceOf(exchange, 'USDT')).total).toBe('10000');
  });

  it("'execute_then_unknown' executes, answers unknown, and the order is found by client id", async () => {
    const { exchange } = makeExchange();
    exchange.injectFault({ kind: 'execute_then_unknown' });
    expect(await exchange.submitOrder(buy('a'))).toMatchObject({ kind: 'unknown', clientOrderId: 'a' });
    const found = await exchange.fetchOrderByClientId('BTC/USDT', 'a');
    expect([found?.status, found?.filledQtyBase.toString()]).toEqual(['closed', '1']);
    expect((await balanceOf(exchange, 'BTC')).total).toBe('1');
    // A blind resend is refused under the default policy instead of buying twice.
    expect(await exchange.submitOrder(buy('a'))).toMatchObject({ kind: 'refused', reason: 'DUPLICATE_CLIENT_ID' });
    expect((await balanceOf(exchange, 'BTC')).total).toBe('1');
  });

  it("under the 'while_open' policy a blind resend after execute_then_unknown fills twice, as on Binance", async () => {
    const { exchange } = makeExchange({ duplicateClientIdPolicy: 'while_open' });
    exchange.injectFault({ kind: 'execute_then_unknown' });
    await exchange.submitOrder(buy('a'));
    expect((await exchange.submitOrder(buy('a'))).kind).toBe('accepted');
    expect((await balanceOf(exchange, 'BTC')).total).toBe('2');
  });

  it("'execute_then_unknown' on an order the venue refuses still executes nothing", async () => {
    const { exchange } = makeExchange();
    exchange.injectFault({ kind: 'execute_then_unknown' });
    expect((await exchange.submitOrder(buy('a', '1000'))).kind).toBe('unknown');
    expect(await exchange.fetchOrderByClientId('BTC/USDT', 'a')).toBeNull();
  });

  it('affects `count` submissions in a row, then orders go through again; clearFaults drops the rest', async () => {
    const { exchange } = makeExchange();
    exchange.injectFault({ kind: 'throttle', count: 2 });
    expect((await exchange.submitOrder(buy('a'))).kind).toBe('refused');
    expect((await exchange.submitOrder(buy('a'))).kind).toBe('refused');
    expect((await exchange.submitOrder(buy('a'))).kind).toBe('accepted');
    exchange.injectFault({ kind: 'refuse', count: 3 });
    exchange.clearFaults();
    expect((await exchange.submitOrder(buy('b'))).kind).toBe('accepted');
  });
});

describe('PaperFaultQueue', () => {
  it('serves faults in order and refuses a non-positive count', () => {
    const queue = new PaperFaultQueue();
    queue.add({ kind: 'unknown' });
    queue.add({ kind: 'throttle', count: 2 });
    expect(queue.pending).toBe(3);
    expect([queue.take()?.kind, queue.take()?.kind, queue.take()?.kind, queue.take()]).toEqual(['unknown', 'throttle', 'throttle', null]);
    expect(() => queue.add({ kind: 'refuse', count: 0 })).toThrow(RangeError);
  });
});
