import { describe, expect, it } from 'vitest';
import type { StopOrderRequest, SubmitOutcome } from '../../../../src/core/ports.js';
import { Decimal } from '../../../../src/core/money.js';
import { PaperExchange } from '../../../../src/core/adapters/exchange-paper/paper-exchange.js';
import { MIN, balanceOf, makeExchange } from './paper-fixtures.js';

// The scenario: flat at 100 until minute 30, which falls 100 -> 100 -> 94 -> 96 (below 97 from 30m30s),
// then flat at 96. The book has no spread and 1000 USDT per one-bp level.

const d = (v: string | number) => new Decimal(v);
let seq = 0;
function stop(side: 'buy' | 'sell', qty: string, trigger: string, extra: Partial<StopOrderRequest> = {}): StopOrderRequest {
  seq++;
  return { clientOrderId: `s-${seq}`, symbol: 'BTC/USDT', side, qtyBase: d(qty), triggerPrice: d(trigger), limitOffsetPct: d(1), reduceOnly: true, ...extra };
}
function accepted(outcome: SubmitOutcome) {
  if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
  return outcome.order;
}
const reasonOf = (outcome: SubmitOutcome) => (outcome.kind === 'refused' ? outcome.reason : outcome.kind);
const holding = (btc: string) => ({ initialBalances: new Map([['USDT', d(10000)], ['BTC', d(btc)]]) });

function stopsOf(exchange: PaperExchange) {
  if (!exchange.stopOrders) throw new Error('paper exchange without stop orders');
  return exchange.stopOrders;
}

describe('PaperExchange stop orders', () => {
  it('rests a sell stop that reserves its coins like a resting sell, listed as open with its trigger', async () => {
    const { exchange } = makeExchange(holding('1'));
    expect(exchange.stopOrders?.reservesBalance).toBe(true);
    const placed = accepted(await stopsOf(exchange).submit(stop('sell', '1', '97')));
    expect(exchange.stopOrders?.typeFor('BTC/USDT')).toBe('stop_market');
    expect(exchange.stopOrders?.typeFor('NOPE/USDT')).toBeNull();
    expect([placed.type, placed.status, placed.triggerPrice?.toString(), placed.limitPrice, placed.filledQtyBase.toString()]).toEqual(['stop_market', 'open', '97', null, '0']);
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '0', used: '1', total: '1' });
    const open = await exchange.fetchOpenOrders('BTC/USDT');
    expect(open.map((o) => [o.clientOrderId, o.type, o.triggerPrice?.toString()])).toEqual([[placed.clientOrderId, 'stop_market', '97']]);
    expect((await exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId))?.id).toBe(placed.id);
    // The coins are held by the stop: a market sell of them is refused until it is cancelled.
    expect(reasonOf(await exchange.submitOrder({ clientOrderId: 'sell-now', symbol: 'BTC/USDT', side: 'sell', type: 'market', qtyBase: d(1) }))).toBe('INSUFFICIENT_FUNDS');
  });

  it('triggers when the replayed price trades through the trigger and fills like a market order at that instant', async () => {
    const { exchange, clock } = makeExchange(holding('1'));
    const placed = accepted(await stopsOf(exchange).submit(stop('sell', '1', '97')));
    clock.advance(10 * MIN + 20_000); // 30m20s: still at 100
    expect((await exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId))?.status).toBe('open');
    // Nobody calls the venue while the price falls through 97 at 30m30s and on to 94: the stop still fires there.
    clock.advance(5 * MIN);
    const filled = (await exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId))!;
    expect([filled.status, filled.filledQtyBase.toString(), filled.avgPrice?.toString(), filled.feeQuote.toString()]).toEqual(['closed', '1', '97', '0.097']);
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '0', used: '0', total: '0' });
    expect((await balanceOf(exchange, 'USDT')).total).toBe('10096.903'); // 10000 + 97 - 0.097
    expect(await exchange.fetchOpenOrders()).toEqual([]);
  });

  it('slips as a market order does when the stop is large against the book', async () => {
    const { exchange, clock } = makeExchange(holding('30'));
    const placed = accepted(await stopsOf(exchange).submit(stop('sell', '30', '97')));
    clock.advance(11 * MIN);
    const filled = (await exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId))!;
    expect(filled.filledQtyBase.toString()).toBe('30');
    // About 10.3 BTC per one-bp level at 97: three levels, an average just under the trigger.
    expect(filled.avgPrice!.lt(97) && filled.avgPrice!.gt('96.97')).toBe(true);
  });

  it('refuses a stop the price has already passed, one without the coins, and one off the tick', async () => {
    const { exchange } = makeExchange(holding('1'));
    expect(reasonOf(await stopsOf(exchange).submit(stop('sell', '1', '100')))).toBe('WOULD_EXECUTE_IMMEDIATELY');
    expect(reasonOf(await stopsOf(exchange).submit(stop('buy', '1', '99')))).toBe('WOULD_EXECUTE_IMMEDIATELY');
    expect(reasonOf(await stopsOf(exchange).submit(stop('sell', '2', '97')))).toBe('INSUFFICIENT_FUNDS');
    expect(reasonOf(await stopsOf(exchange).submit(stop('sell', '1', '97.005')))).toBe('INVALID_ORDER');
    expect(reasonOf(await stopsOf(exchange).submit(stop('sell', '0.04', '97')))).toBe('NOTIONAL_BELOW_MIN');
    expect(await exchange.fetchOpenOrders()).toEqual([]);
  });

  it('cancels a stop and gives its coins back; a cancelled stop never fires', async () => {
    const { exchange, clock } = makeExchange(holding('1'));
    const placed = accepted(await stopsOf(exchange).submit(stop('sell', '1', '97')));
    const cancelled = await exchange.cancelOrder('BTC/USDT', placed.id);
    expect([cancelled.status, cancelled.type, cancelled.triggerPrice?.toString()]).toEqual(['canceled', 'stop_market', '97']);
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '1', used: '0', total: '1' });
    clock.advance(15 * MIN);
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '1', used: '0', total: '1' });
  });

  it('rests a buy stop reserving quote at the trigger and fires it on the rally', async () => {
    const { exchange, clock } = makeExchange();
    clock.advance(20 * MIN); // minute 40, flat at 96; minute 60 rallies 96 -> 104
    const placed = accepted(await stopsOf(exchange).submit(stop('buy', '1', '100')));
    expect((await balanceOf(exchange, 'USDT')).used).toBe('100.1');
    clock.advance(21 * MIN);
    const filled = (await exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId))!;
    expect([filled.status, filled.avgPrice?.toString()]).toEqual(['closed', '100']);
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '1', used: '0', total: '1' });
  });

  it('keeps resting stops across a snapshot and restore', async () => {
    const { exchange, clock } = makeExchange(holding('1'));
    const placed = accepted(await stopsOf(exchange).submit(stop('sell', '1', '97')));
    const restored = makeExchange(holding('1'));
    restored.exchange.restoreState(JSON.parse(JSON.stringify(exchange.snapshotState())));
    restored.clock.advance(11 * MIN);
    clock.advance(11 * MIN);
    const viaRestored = await restored.exchange.fetchOrderByClientId('BTC/USDT', placed.clientOrderId);
    expect([viaRestored?.type, viaRestored?.status, viaRestored?.avgPrice?.toString()]).toEqual(['stop_market', 'closed', '97']);
  });

  it('goes through the fault queue: a lost answer may still have placed the stop', async () => {
    const { exchange } = makeExchange(holding('1'));
    exchange.injectFault({ kind: 'execute_then_unknown' });
    const lost = await stopsOf(exchange).submit(stop('sell', '1', '97', { clientOrderId: 'lost' }));
    expect(lost.kind).toBe('unknown');
    expect((await exchange.fetchOrderByClientId('BTC/USDT', 'lost'))?.status).toBe('open');
    expect(reasonOf(await stopsOf(exchange).submit(stop('sell', '1', '97', { clientOrderId: 'lost' })))).toBe('DUPLICATE_CLIENT_ID');
  });

  it('can be built without stop orders, as a venue that has none', () => {
    const { exchange } = makeExchange({ restingStops: false });
    expect(exchange.stopOrders).toBeNull();
  });
});
