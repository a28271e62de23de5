import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonData, startTradingHarness, type TradingHarness } from '../../support/trading-harness.js';

const TRADER = 981;

/** /trade sent alone: every step with buttons and typed answers checked by the /trade parser's rules. */
describe('/trade step by step', () => {
  let h: TradingHarness;
  const ask = async (answer: string, reply: RegExp) => {
    h.say(TRADER, answer);
    return h.next(TRADER, reply);
  };

  beforeAll(async () => {
    h = await startTradingHarness({ start: '2025-10-06T00:50:00Z', traders: [TRADER] });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('walks through market, side, entry, stop, targets and confidence, explaining every bad answer, then shows the proposal card', async () => {
    h.say(TRADER, '/trade');
    const symbolQ = await h.next(TRADER, /^New trade — 1\/6: which market\?[^]*\/cancel leaves/);
    expect(buttonData(symbolQ)).toEqual(expect.arrayContaining(['tw:sym:BTC/USDT', 'tw:sym:ETH/USDT', 'tw:cancel']));
    await ask('dogecoin', /✖ I don't know the market "dogecoin"\. Try BTC\/USDT, ETH\/USDT.*Try again, or \/cancel\./);
    h.press(TRADER, symbolQ.message_id, 'tw:sym:BTC/USDT');
    const sideQ = await h.next(TRADER, /^BTC\/USDT — 2\/6: long/);
    await ask('up', /✖ "up" is not a side: use long or short/);
    h.press(TRADER, sideQ.message_id, 'tw:side:long');
    const entryQ = await h.next(TRADER, /^3\/6: entry — tap Market to enter now \(last 1\d\d,\d{3}(\.\d+)?\)/);
    await ask('45,000', /✖ The entry "45,000" has a thousands separator/);
    await ask('-2%', /✖ The entry "-2%" must be a price or "market"/);
    h.press(TRADER, entryQ.message_id, 'tw:entry:market');
    const stopQ = await h.next(TRADER, /^4\/6: stop-loss — tap a distance below the entry/);
    expect(buttonData(stopQ)).toEqual(['tw:stop:-1%', 'tw:stop:-2%', 'tw:stop:-3%', 'tw:cancel']);
    await ask('130000', /✖ For a long the stop must be below the entry: stop 130,000, entry 1\d\d,\d{3}/);
    await ask('5%', /✖ The stop "5%" needs a sign: \+5% is above the entry, -2% below/);
    h.press(TRADER, stopQ.message_id, 'tw:stop:-2%');
    const target1 = await h.next(TRADER, /^5\/6: target 1/);
    expect(buttonData(target1)).toEqual(['tw:tgt:+4%', 'tw:tgt:+6%', 'tw:tgt:+8%', 'tw:cancel']);
    await ask('-1%', /✖ Target 1 \([\d,.]+\) must be above the entry [\d,.]+ for a long/);
    h.press(TRADER, target1.message_id, 'tw:tgt:+4%');
    const target2 = await h.next(TRADER, /^Target 2\? Tap one, type it, or tap Done/);
    expect(buttonData(target2)).toEqual(['tw:tgt:+6%', 'tw:tgt:+8%', 'tw:done', 'tw:cancel']);
    await ask('+3%', /✖ Target 2 \([\d,.]+\) must be above target 1/);
    h.press(TRADER, target2.message_id, 'tw:done');
    const confidenceQ = await h.next(TRADER, /^6\/6: how confident/);
    await ask('1.5', /✖ Confidence "1\.5" must be between 0 and 1/);
    h.press(TRADER, target1.message_id, 'tw:tgt:+6%', true); // a button of an earlier question does nothing
    h.press(TRADER, confidenceQ.message_id, 'tw:conf:0.7');
    const card = await h.next(TRADER, /^📋 BTC\/USDT LONG — signal 0\.70 \(from chat\)/);
    expect(card.text).toMatch(/Entry ≈ [\d,.]+ \(market\) · stop [\d,.]+ · target [\d,.]+\n/);
    const signal = await h.t.db.signal.findFirstOrThrow();
    expect(buttonData(card)).toEqual([`sig:ok:${signal.id}`, `sig:half:${signal.id}`, `sig:no:${signal.id}`]);
    expect(JSON.parse(signal.levels!)).toMatchObject({ entry: 'market', stop: '-2%', targets: ['+4%'] });
    expect(signal.idempotencyKey).toMatch(/^chat:981:w\d+$/);
  });

  it('/cancel leaves at any step, and another command leaves and runs', async () => {
    h.say(TRADER, '/trade');
    await h.next(TRADER, /1\/6/);
    await ask('eth', /2\/6/);
    await ask('/cancel', /^Cancelled: nothing was traded\.$/);
    await ask('long', /I did not understand that/);

    h.say(TRADER, '/trade');
    await h.next(TRADER, /1\/6/);
    await ask('/wallets', /^Paper — paper exchange/);
    await ask('btc', /I did not understand that/);
    expect(await h.t.db.signal.count()).toBe(1);
  });
});
