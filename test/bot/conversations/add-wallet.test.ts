import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialContext } from '../../../src/core/wallets/secret-cipher.js';
import { FAKE_API_KEY, FAKE_SECRET, startFakeExchangeServer, type FakeExchangeServer } from '../../support/fake-exchange/fake-exchange-server.js';
import { makeFakeFetch } from '../../support/fake-exchange/fake-fetch.js';
import { buttonData, startTradingHarness, type TradingHarness } from '../../support/trading-harness.js';

const TRADER = 971;

/**
 * Wallets in the chat: adding a paper and a live wallet (API keys entered once, deleted from the
 * chat at once, stored AES-256-GCM encrypted, never echoed, logged or kept in the conversation
 * store), using the live wallet through ccxt against a fake Binance that checks the signature,
 * and removing wallets with a confirmation.
 */
describe('/wallets: adding and removing wallets, API keys kept secret', () => {
  let h: TradingHarness;
  let venue: FakeExchangeServer;
  const everything = async () => JSON.stringify({
    wallets: await h.t.db.wallet.findMany(), sessions: await h.t.db.chatSession.findMany(), audit: await h.t.db.auditEvent.findMany(), logs: h.logs,
    messages: h.api.messages(TRADER),
  });

  beforeAll(async () => {
    venue = await startFakeExchangeServer();
    h = await startTradingHarness({
      start: '2025-10-06T00:50:00Z', traders: [TRADER],
      liveCcxtOptions: {
        fetchImplementation: makeFakeFetch(venue.url), enableRateLimit: false, timeout: 2_000,
        options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await venue?.close();
  });

  it('/wallets lists every wallet with its balances and the buttons to pause, add, remove and auto-trade', async () => {
    h.say(TRADER, '/wallets');
    const list = await h.next(TRADER, /^Paper — paper exchange, spot · auto-trading off\nEquity \$10,000\.00\n {2}USDT 10000/);
    const paper = (await h.accounts.listWallets(h.users.get(TRADER)!.id))[0]!;
    expect(buttonData(list)).toEqual([`wal:pause:${paper.id}`, 'wal:add', 'wal:rm', 'at:list', 'wal:list', 'menu']);
  });

  it('adds a paper futures wallet in four answers, refusing an unknown exchange and a bad name', async () => {
    const list = h.api.messages(TRADER).at(-1)!;
    h.press(TRADER, list.message_id, 'wal:add');
    await h.next(TRADER, /^Add a wallet — 1\/4/);
    h.say(TRADER, 'binanse');
    await h.next(TRADER, /I don't know the exchange "binanse"\. Did you mean binance/);
    h.say(TRADER, 'paper');
    await h.next(TRADER, /^3\/4: spot, or futures/);
    h.say(TRADER, 'futures');
    await h.next(TRADER, /^4\/4: a name/);
    h.say(TRADER, 'x'.repeat(40));
    await h.next(TRADER, /A name needs 1 to 24 characters/);
    h.say(TRADER, 'Paper futures');
    await h.next(TRADER, /✅ Wallet Paper futures \(paper exchange, futures\) added\./);
    expect((await h.t.db.wallet.findMany()).map((w) => [w.label, w.mode, w.marketType, w.apiKeyEnc])).toEqual([['Paper', 'paper', 'spot', null], ['Paper futures', 'paper', 'futures', null]]);
  });

  it('adds a live wallet: the key message is deleted at once, the keys are stored encrypted and decrypt back, and appear nowhere else', async () => {
    h.say(TRADER, '/wallets');
    const list = await h.next(TRADER, /Paper futures/);
    h.press(TRADER, list.message_id, 'wal:add');
    await h.next(TRADER, /^Add a wallet — 1\/4/);
    h.say(TRADER, 'Binance');
    const mode = await h.next(TRADER, /^2\/4: binance — paper .* or live/);
    h.press(TRADER, mode.message_id, 'aw:mode:live');
    const market = await h.next(TRADER, /^3\/4/);
    h.press(TRADER, market.message_id, 'aw:mt:spot');
    await h.next(TRADER, /^4\/4/);
    h.say(TRADER, 'Binance main');
    await h.next(TRADER, /send your API key and secret in one message[^]*without withdrawal permission/);
    const keyMessageId = h.say(TRADER, `${FAKE_API_KEY}\n${FAKE_SECRET}`);
    const deleted = await h.api.waitForBotEvent({ chatId: TRADER, kinds: ['deleted'], match: (m) => m.message_id === keyMessageId });
    expect(deleted.method).toBe('deleteMessage');
    await h.next(TRADER, /✅ Wallet Binance main \(live on binance, spot\) added\. Its API keys are stored encrypted\./);

    const wallet = await h.t.db.wallet.findFirstOrThrow({ where: { label: 'Binance main' } });
    expect(wallet).toMatchObject({ exchangeId: 'binance', mode: 'live', marketType: 'spot', apiPasswordEnc: null });
    expect(wallet.apiKeyEnc).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(wallet.apiKeyEnc).not.toContain(FAKE_API_KEY);
    expect(wallet.apiSecretEnc).not.toContain(FAKE_SECRET);
    expect(h.cipher!.decrypt(wallet.apiKeyEnc!, credentialContext(wallet.userId, 'binance', 'apiKey'))).toBe(FAKE_API_KEY);
    expect(h.cipher!.decrypt(wallet.apiSecretEnc!, credentialContext(wallet.userId, 'binance', 'secret'))).toBe(FAKE_SECRET);
    // Bound to its place: the key's ciphertext does not open as the secret, nor for another user.
    expect(() => h.cipher!.decrypt(wallet.apiKeyEnc!, credentialContext(wallet.userId, 'binance', 'secret'))).toThrow(/does not decrypt/);
    expect(() => h.cipher!.decrypt(wallet.apiKeyEnc!, credentialContext(wallet.userId + 1, 'binance', 'apiKey'))).toThrow(/does not decrypt/);

    const all = await everything();
    expect(all).not.toContain(FAKE_API_KEY);
    expect(all).not.toContain(FAKE_SECRET);
    expect(h.api.messages(TRADER).some((m) => m.message_id === keyMessageId)).toBe(false);
    const audit = await h.t.db.auditEvent.findFirstOrThrow({ where: { action: 'wallet.added', target: `wallet:${wallet.id}` } });
    expect(JSON.parse(audit.after!)).toEqual({ label: 'Binance main', exchangeId: 'binance', mode: 'live', marketType: 'spot', hasCredentials: true });
  });

  it('the live wallet trades through ccxt signed with the decrypted keys (the fake venue checks the signature)', async () => {
    const wallet = (await h.accounts.listWallets(h.users.get(TRADER)!.id)).find((w) => w.label === 'Binance main')!;
    const exchange = await h.exchanges.forWallet(wallet);
    expect(exchange.id).toBe('binance');
    expect([...(await exchange.fetchBalances()).keys()]).toContain('USDT');
    const signed = venue.requests.filter((r) => r.endpoint.includes('/account'));
    expect(signed.length).toBeGreaterThan(0);
    h.say(TRADER, '/wallets');
    await h.next(TRADER, /Binance main — live on binance, spot · auto-trading off\nEquity \$[\d,.]+/);
    expect(await everything()).not.toContain(FAKE_SECRET);
  });

  it('a malformed key message is deleted too, and nothing is stored: keys are never asked for twice', async () => {
    const list = h.api.messages(TRADER).at(-1)!;
    h.press(TRADER, list.message_id, 'wal:add');
    await h.next(TRADER, /^Add a wallet — 1\/4/);
    for (const [answer, next] of [['okx', /^2\/4/], ['live', /^3\/4/], ['spot', /^4\/4/], ['OKX main', /one message/]] as const) {
      h.say(TRADER, answer);
      await h.next(TRADER, next);
    }
    const id = h.say(TRADER, 'only-the-key-0123456789');
    await h.api.waitForBotEvent({ chatId: TRADER, kinds: ['deleted'], match: (m) => m.message_id === id });
    await h.next(TRADER, /That did not look like "KEY SECRET \[PASSPHRASE\]"\. I deleted the message and stored nothing/);
    expect(await h.t.db.wallet.count({ where: { label: 'OKX main' } })).toBe(0);
    expect(await everything()).not.toContain('only-the-key-0123456789');
    h.say(TRADER, 'still here?');
    await h.next(TRADER, /I did not understand that/); // the conversation is over
  });

  it('removes a wallet after one confirmation that says what goes with it; the last wallet cannot be removed', async () => {
    h.say(TRADER, '/wallets');
    const list = await h.next(TRADER, /Binance main/);
    h.press(TRADER, list.message_id, 'wal:rm');
    const pick = await h.next(TRADER, /Remove a wallet — which one\?/, ['edited']);
    const live = await h.t.db.wallet.findFirstOrThrow({ where: { label: 'Binance main' } });
    expect(buttonData(pick)).toContain(`wal:rm:${live.id}`);
    h.press(TRADER, pick.message_id, `wal:rm:${live.id}`);
    const confirm = await h.next(TRADER, /Remove Binance main \(live on binance, spot\)\? Its stored API keys are deleted/, ['edited']);
    h.press(TRADER, confirm.message_id, `wal:rm!:${live.id}`);
    await h.next(TRADER, /🗑 Wallet Binance main .* removed\./);
    expect(await h.t.db.wallet.count({ where: { id: live.id } })).toBe(0);
    expect(await h.t.db.auditEvent.count({ where: { action: 'wallet.removed', target: `wallet:${live.id}` } })).toBe(1);

    const futures = await h.t.db.wallet.findFirstOrThrow({ where: { label: 'Paper futures' } });
    const user = h.users.get(TRADER)!;
    expect((await h.wallets.remove({ user, walletId: futures.id, actor: 'test' })).ok).toBe(true);
    const [paper] = await h.accounts.listWallets(user.id);
    expect(await h.wallets.remove({ user, walletId: paper!.id, actor: 'test' })).toEqual({ ok: false, error: 'LAST_WALLET' });
  });
});

describe('/wallets without MASTER_KEY', () => {
  let h: TradingHarness;
  beforeAll(async () => {
    h = await startTradingHarness({ start: '2025-10-06T00:50:00Z', traders: [TRADER], masterKey: null });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a live wallet before asking for any key, with a clear reason', async () => {
    h.say(TRADER, '/wallets');
    const list = await h.next(TRADER, /Paper — paper exchange/);
    h.press(TRADER, list.message_id, 'wal:add');
    await h.next(TRADER, /1\/4/);
    h.say(TRADER, 'kraken');
    await h.next(TRADER, /2\/4/);
    h.say(TRADER, 'live');
    await h.next(TRADER, /Live wallets need MASTER_KEY on the server to encrypt API keys, and it is not set/);
    expect(await h.t.db.wallet.count()).toBe(1);
    expect(h.api.messages(TRADER).some((m) => m.text?.includes('one message'))).toBe(false);
  });
});
