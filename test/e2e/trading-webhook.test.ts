import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashWebhookSecret } from '../../src/webhook/webhook-secret.js';
import { startSignalWebhook, type RunningWebhook } from '../../src/webhook/start-signal-webhook.js';
import { ReplayPriceFeed } from '../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { buttonData, recordingLogger, startTradingHarness, type TradingHarness } from '../support/trading-harness.js';
import { resolve } from 'node:path';

const TRADER = 951;
const FLOODER = 952;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

async function post(url: string, body: unknown): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/**
 * External signals through the real HTTP server into the real trading flow: the secret issued in
 * the chat (/webhook), validation answers, idempotency, the per-user rate limit, and the outcome
 * delivered to the chat by the Telegram notifier.
 */
describe('signal webhook end to end', () => {
  let h: TradingHarness;
  let webhook: RunningWebhook;
  let secret = '';
  const alert = (over: Record<string, unknown> = {}) => ({
    secret, idempotency_key: 'tv-1', symbol: 'ETHUSDT', side: 'buy', entry: 'market', stop: '-2%', targets: ['+4%'], confidence: 0.7, note: 'breakout 4h', ...over,
  });
  const signalsOf = (telegramId: number) => h.t.db.signal.findMany({ where: { userId: h.users.get(telegramId)!.id }, orderBy: { id: 'asc' } });
  /** Signals are decided in the background after the 202: wait until none is left undecided. */
  const settled = async (telegramId: number) => {
    for (let i = 0; i < 500; i++) {
      if ((await signalsOf(telegramId)).every((s) => s.status !== 'new')) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('signals still undecided');
  };

  beforeAll(async () => {
    h = await startTradingHarness({ start: '2025-10-06T00:50:00Z', traders: [TRADER, FLOODER] });
    const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');
    webhook = await startSignalWebhook({
      port: 0, host: '127.0.0.1', secrets: h.webhookSecrets, trading: h.trading, symbols: await feed.symbols(),
      lastPrice: (symbol) => feed.priceAt(symbol, h.clock.now()), clock: h.clock, log: recordingLogger(h.logs),
    });
  }, 60_000);
  afterAll(async () => {
    await webhook?.close();
    await h?.close();
  });

  it('/webhook explains the call and issues a secret once; only its hash is stored, and a new one replaces it', async () => {
    h.say(TRADER, '/webhook');
    const info = await h.next(TRADER, /Signal webhook/);
    expect(info.text).toContain('"idempotency_key"');
    expect(info.text).toContain('You have no secret yet');
    h.press(TRADER, info.message_id, 'wh:new');
    const first = await h.next(TRADER, /Your webhook secret \(shown only this once/);
    const old = first.text!.split('\n')[1]!;
    expect(old).toMatch(/^[A-Za-z0-9_-]{43}$/);
    h.press(TRADER, info.message_id, 'wh:new');
    const confirm = await h.next(TRADER, /Generate a new secret\? Alerts still using the old one will be refused/, ['edited']);
    h.press(TRADER, confirm.message_id, 'wh:new!');
    secret = (await h.next(TRADER, /Your webhook secret/)).text!.split('\n')[1]!;
    expect(secret).not.toBe(old);
    const user = await h.t.db.user.findUniqueOrThrow({ where: { id: h.users.get(TRADER)!.id } });
    expect(user.webhookSecretHash).toBe(hashWebhookSecret(secret));
    expect(JSON.stringify(await h.t.db.auditEvent.findMany())).not.toContain(secret);
    expect(h.logs.join('\n')).not.toContain(secret);
    expect((await post(webhook.signalUrl, alert({ secret: old }))).status).toBe(401);
  });

  it('a valid alert is accepted (202), decided in the background and arrives in the chat as a proposal card', async () => {
    const res = await post(webhook.signalUrl, alert());
    expect(res.status).toBe(202);
    const [signal] = await signalsOf(TRADER);
    expect(res.body).toEqual({ status: 'accepted', signalId: String(signal!.id) });
    const card = await h.next(TRADER, /^📋 ETH\/USDT LONG — signal 0\.70 \(from webhook\) · #\d+/);
    expect(card.text).toContain('Note: breakout 4h');
    expect(buttonData(card)).toEqual([`sig:ok:${signal!.id}`, `sig:half:${signal!.id}`, `sig:no:${signal!.id}`]);
    await settled(TRADER);
    expect((await signalsOf(TRADER))[0]).toMatchObject({ source: 'webhook', idempotencyKey: 'tv-1', status: 'proposed', note: 'breakout 4h' });
    h.press(TRADER, card.message_id, `sig:ok:${signal!.id}`);
    await h.next(TRADER, /^✅ Bought [\d.]+ ETH/);
  });

  it('a repeated idempotency key is answered as a duplicate with the first id, and nothing more is stored or traded', async () => {
    const [first] = await signalsOf(TRADER);
    const again = await post(webhook.signalUrl, alert({ confidence: 0.95 }));
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate', signalId: String(first!.id) } });
    expect(await signalsOf(TRADER)).toHaveLength(1);
    expect(await h.t.db.order.count({ where: { userId: h.users.get(TRADER)!.id } })).toBe(1);
  });

  it('on an auto-trading wallet a confident alert is executed at once and the fill is reported in the chat', async () => {
    const user = h.users.get(TRADER)!;
    const [wallet] = await h.accounts.listWallets(user.id);
    await h.wallets.autoTrade.setFlag(user, wallet!.id, 'autoTradeEnabled', true, 'test');
    const res = await post(webhook.signalUrl, alert({ idempotency_key: 'tv-2', symbol: 'BTC/USDT', confidence: '90%' }));
    expect(res.status).toBe(202);
    await h.next(TRADER, /^✅ Bought [\d.]+ BTC at [\d,.]+ — BTC\/USDT LONG, #\d+ · auto-traded \(confidence 0\.9\)/);
    await settled(TRADER);
    const signal = (await signalsOf(TRADER)).find((s) => s.idempotencyKey === 'tv-2')!;
    expect(signal.status).toBe('executed');
    expect(await h.t.db.position.count({ where: { signalId: signal.id } })).toBe(1);
  });

  it('refuses a bad secret (401), malformed JSON (400), wrong types (422 with the field) and levels that make no trade (422 with the code), storing nothing', async () => {
    const before = (await signalsOf(TRADER)).length;
    const cases: [unknown, number, Record<string, unknown>][] = [
      [alert({ secret: 'not-the-secret-0123456789' }), 401, { error: 'UNAUTHORIZED' }],
      ['{"secret": "x", "symbol": ', 400, { error: 'MALFORMED_JSON' }],
      [alert({ idempotency_key: 42, secret }), 422, { error: 'INVALID_FIELD', field: 'idempotency_key' }],
      [alert({ idempotency_key: 'tv-3', targets: 'up' }), 422, { error: 'INVALID_FIELD', field: 'targets' }],
      [alert({ idempotency_key: 'tv-4', confidence: true }), 422, { error: 'INVALID_FIELD', field: 'confidence' }],
      [alert({ idempotency_key: 'tv-5', entry: 45000, stop: 46000 }), 422, { error: 'STOP_WRONG_SIDE', field: 'stop' }],
      [alert({ idempotency_key: 'tv-6', symbol: 'NOPE/USDT' }), 422, { error: 'UNKNOWN_SYMBOL', field: 'symbol' }],
      [alert({ idempotency_key: 'tv-7', stop: '1,000' }), 422, { error: 'BAD_PRICE', field: 'stop' }],
    ];
    for (const [body, status, expected] of cases) {
      const res = await post(webhook.signalUrl, body);
      expect({ status: res.status, ...res.body }).toMatchObject({ status, ...expected });
      expect(res.body).not.toHaveProperty('secret');
    }
    expect(await signalsOf(TRADER)).toHaveLength(before);
    expect(h.logs.join('\n')).not.toContain(secret);
  });

  it('a flood from one user is cut at the per-user limit with 429 and Retry-After; what got through is decided once each', async () => {
    const flooder = h.users.get(FLOODER)!;
    const floodSecret = await h.webhookSecrets.rotate(flooder.id, 'test');
    const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => post(webhook.signalUrl, alert({ secret: floodSecret, idempotency_key: `flood-${i}` }))));
    const accepted = answers.filter((a) => a.status === 202);
    const limited = answers.filter((a) => a.status === 429);
    expect(accepted).toHaveLength(10);
    expect(limited).toHaveLength(4);
    for (const a of limited) {
      expect(a.body).toMatchObject({ error: 'RATE_LIMITED' });
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await settled(FLOODER);
    const signals = await signalsOf(FLOODER);
    expect(signals).toHaveLength(10);
    expect(new Set(signals.map((s) => s.idempotencyKey)).size).toBe(10);
    expect(signals.every((s) => s.status === 'proposed' || s.status === 'rejected')).toBe(true);
  });
});
