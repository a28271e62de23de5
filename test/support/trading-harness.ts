import { resolve } from 'node:path';
import type { Bot } from 'grammy';
import type { Message } from 'grammy/types';
import type { UserAccount } from '../../src/core/accounts/account.js';
import { AesGcmCipher } from '../../src/core/adapters/aes-gcm-cipher.js';
import { ReplayPriceFeed } from '../../src/core/adapters/exchange-paper/replay-price-feed.js';
import { makeSeededRandom } from '../../src/core/adapters/exchange-paper/seeded-random.js';
import { makeLiveWalletExchange } from '../../src/core/adapters/live-wallet-exchange.js';
import { PrismaAccountRepository } from '../../src/core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaOrderLinks } from '../../src/core/adapters/store-prisma/prisma-order-links.js';
import { PrismaOrderRepository } from '../../src/core/adapters/store-prisma/prisma-order-repository.js';
import { PrismaPositionRepository } from '../../src/core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaSessionStorage } from '../../src/core/adapters/store-prisma/prisma-session-storage.js';
import { PrismaSignalRepository } from '../../src/core/adapters/store-prisma/prisma-signal-repository.js';
import { PrismaTradingStateStore } from '../../src/core/adapters/store-prisma/prisma-trading-state-store.js';
import { PrismaWalletStore } from '../../src/core/adapters/store-prisma/prisma-wallet-store.js';
import { PrismaWebhookSecretStore } from '../../src/core/adapters/store-prisma/prisma-webhook-secret-store.js';
import { WalletExchanges } from '../../src/core/adapters/wallet-exchanges.js';
import { makeExecuteOrder } from '../../src/core/execution/execute-order.js';
import { makePositionManagement } from '../../src/core/positions/make-position-management.js';
import { Decimal } from '../../src/core/money.js';
import type { Logger } from '../../src/core/ports.js';
import { makeAccountOverview } from '../../src/core/portfolio/account-overview.js';
import { makeAssessTrade } from '../../src/core/risk/assess-trade.js';
import { makeLoadRiskContext } from '../../src/core/risk/load-risk-context.js';
import { makeTradingUseCases, type TradingUseCases } from '../../src/core/trading/trading-use-cases.js';
import { makeLoadWalletCredentials } from '../../src/core/wallets/load-wallet-credentials.js';
import { makeWalletUseCases, type WalletUseCases } from '../../src/core/wallets/wallet-use-cases.js';
import { createBot } from '../../src/bot/bot.js';
import type { BotContext, BotDeps } from '../../src/bot/context.js';
import { TelegramNotifier } from '../../src/bot/telegram-notifier.js';
import { startLocalBotApi, type LocalBotApi, type MessageMatch } from '../../src/bot/transports/local-bot-api.js';
import { listCcxtExchangeIds } from '../../src/core/adapters/exchange-ccxt/list-exchange-ids.js';
import { makeWebhookSecrets, type WebhookSecrets } from '../../src/webhook/webhook-secrets.js';
import { createTestDatabase, type TestDatabase } from './temp-db.js';
import { ManualClock } from './manual-clock.js';

export const HARNESS_TOKEN = '4242424242:trading-harness-test-token-xxxxxxxxxx';
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/** A Logger that keeps every record as one JSON line, so tests can search all of it (secrets must never appear). */
export function recordingLogger(lines: string[], bindings: object = {}): Logger {
  const write = (level: string) => (fields: object, msg: string) => {
    lines.push(JSON.stringify({ level, ...bindings, ...fields, msg }, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v)));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (more) => recordingLogger(lines, { ...bindings, ...more }) };
}

/** Bot deps with only what is given; any other use case fails loudly instead of being faked. */
export function onlyThese(deps: Partial<BotDeps>): BotDeps {
  return new Proxy(deps, {
    get: (target, key) => (key in target ? target[key as keyof BotDeps] : () => Promise.reject(new Error(`deps.${String(key)} is not used by this test`))),
  }) as BotDeps;
}

export interface HarnessOptions {
  /** Market time of the replay (inside the bundled 5m candles of October 2025). */
  readonly start: string;
  /** Telegram ids registered (with a paper wallet of 10 000 USDT each) and allowed. */
  readonly traders: readonly number[];
  /** MASTER_KEY; null: unset (live wallets refused). Default: a test key. */
  readonly masterKey?: string | null;
  readonly proposalTtlSeconds?: number;
  /**
   * Position management (monitor, protective stops) built on the same parts, and entries resting
   * their protective stop at the venue as soon as they open, as in main.ts. Default false: the
   * trading tests count orders and do not want stop orders among them.
   */
  readonly positionManagement?: boolean;
  /** ccxt options for live wallets (a fake exchange server's fetch). */
  readonly liveCcxtOptions?: Readonly<Record<string, unknown>>;
}

/**
 * The whole trading path on real parts, in process: a temp SQLite database through Prisma, the
 * paper exchange replaying the bundled Binance candles at a hand-moved market clock, the real
 * risk gate and executor, the real bot (grammY) long-polling the local Bot API emulator, and the
 * real Telegram notifier. Proposals expire by a second hand-moved clock (the user's time).
 */
export interface TradingHarness {
  readonly t: TestDatabase;
  readonly api: LocalBotApi;
  readonly bot: Bot<BotContext>;
  readonly clock: ManualClock;
  readonly proposalClock: ManualClock;
  readonly trading: TradingUseCases;
  readonly wallets: WalletUseCases;
  readonly webhookSecrets: WebhookSecrets;
  readonly exchanges: WalletExchanges;
  readonly accounts: PrismaAccountRepository;
  readonly cipher: AesGcmCipher | null;
  readonly logs: string[];
  /** Present when HarnessOptions.positionManagement is set. */
  readonly management: ReturnType<typeof makePositionManagement> | null;
  readonly users: ReadonlyMap<number, UserAccount>;
  say(userId: number, text: string): number;
  next(userId: number, match?: MessageMatch, kinds?: ('sent' | 'edited')[]): Promise<Message>;
  press(userId: number, messageId: number, callbackData: string, allowMissingButton?: boolean): string;
  close(): Promise<void>;
}

let seed = 100;

export async function startTradingHarness(o: HarnessOptions): Promise<TradingHarness> {
  const t = await createTestDatabase();
  const logs: string[] = [];
  const log = recordingLogger(logs);
  const clock = new ManualClock(new Date(o.start));
  const proposalClock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  const accounts = new PrismaAccountRepository(t.db);
  const positions = new PrismaPositionRepository(t.db);
  const orders = new PrismaOrderRepository(t.db);
  const feed = ReplayPriceFeed.fromDirectory(resolve('data/candles'), '5m');
  const masterKey = o.masterKey === undefined ? TEST_MASTER_KEY : o.masterKey;
  const cipher = masterKey === null ? null : AesGcmCipher.fromMasterKey(masterKey);
  const walletStore = new PrismaWalletStore(t.db);
  const liveExchange = makeLiveWalletExchange({
    loadCredentials: makeLoadWalletCredentials({ store: walletStore, cipher }), clock, ...(o.liveCcxtOptions ? { ccxtOptions: o.liveCcxtOptions } : {}),
  });
  const exchanges = new WalletExchanges({ accounts, feed, clock, log, paperLatencyMs: 0, liveExchange });
  const exchangeForWallet = exchanges.forWallet.bind(exchanges);
  const notifier = new TelegramNotifier({ accounts, log });
  const loadRiskContext = makeLoadRiskContext({ accounts, positions, tradingStates: new PrismaTradingStateStore(t.db), exchangeForWallet, notifier, clock, log });
  const assessTrade = makeAssessTrade({ loadRiskContext, analysisTimeframe: '5m', analysisCandles: 288 });
  const management = o.positionManagement
    ? makePositionManagement({
      store: positions, accounts, orders, exchangeForWallet, notifier, clock, log,
      executor: { elapsedMs: () => performance.now(), sleep: async (ms) => clock.advance(ms), random: makeSeededRandom(seed++) },
    })
    : null;
  const trading = makeTradingUseCases({
    signals: new PrismaSignalRepository(t.db), accounts, positions, orderLinks: new PrismaOrderLinks(t.db), exchangeForWallet, assessTrade,
    ...(management ? { onPositionOpened: management.protectNewPosition } : {}),
    executorForWallet: async (wallet) => makeExecuteOrder({
      exchange: await exchangeForWallet(wallet), orders, clock, notifier, log, elapsedMs: () => performance.now(),
      // The executor's waits move the market clock, so a resting limit order meets its time-out without real waiting.
      sleep: async (ms) => clock.advance(ms), random: makeSeededRandom(seed++),
    }),
    notifier, clock, proposalClock, log, config: { proposalTtlMs: (o.proposalTtlSeconds ?? 300) * 1000 },
  });
  notifier.attachTrading(trading);
  const wallets = makeWalletUseCases({
    store: walletStore, accounts, cipher, exchangeIds: async () => listCcxtExchangeIds(), forgetExchange: (id) => exchanges.forget(id),
    paperStartingBalanceUsd: new Decimal(10000), notifier, clock, log,
  });
  const webhookSecrets = makeWebhookSecrets({ store: new PrismaWebhookSecretStore(t.db), accounts, clock, log });
  const users = new Map<number, UserAccount>();
  for (const id of o.traders) {
    users.set(id, (await accounts.registerUser({ telegramId: String(id), displayName: `Trader ${id}`, timezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), now: clock.now() })).user);
  }
  const firstWalletExchange = async (user: UserAccount) => exchangeForWallet((await accounts.listWallets(user.id))[0]!);
  const deps = {
    accounts,
    accountOverview: makeAccountOverview({ accounts, exchangeForWallet, log }),
    loadRiskContext,
    assessTrade,
    marketSymbols: async (user: UserAccount) => [...(await (await firstWalletExchange(user)).loadMarkets()).keys()],
    lastPrice: async (user: UserAccount, symbol: string) => (await (await firstWalletExchange(user)).fetchTicker(symbol)).last,
    trading,
    wallets,
    webhook: { listening: 'port 0 (test)', hasSecret: webhookSecrets.hasSecret, rotateSecret: webhookSecrets.rotate },
    clock,
    log,
    settings: {
      allowedUserIds: new Set(o.traders.map(String)), defaultTimezone: 'UTC', paperStartingBalanceUsd: new Decimal(10000), mode: 'telegram' as const, chartTimeframe: '5m',
      // These tests tap faster than any person; the command rate limit has its own tests.
      commandRateLimit: { capacity: 1_000, refillPerSecond: 1_000 },
    },
  } satisfies Partial<BotDeps>;

  const api = await startLocalBotApi({ token: HARNESS_TOKEN, defaultTimeoutMs: 15_000 });
  const bot = createBot(onlyThese(deps), { token: HARNESS_TOKEN, apiRoot: api.url, botInfo: api.botInfo, conversationStorage: new PrismaSessionStorage(t.db, 'conversation:') });
  notifier.attach(bot.api);
  for (const id of o.traders) api.registerUser({ userId: id, firstName: `Trader ${id}` });
  void bot.start({ drop_pending_updates: false });
  await api.waitForPolling();

  return {
    t, api, bot, clock, proposalClock, trading, wallets, webhookSecrets, exchanges, accounts, cipher, logs, users, management,
    say: (userId, text) => api.sendUserMessage({ userId, firstName: `Trader ${userId}`, text }),
    next: (userId, match, kinds) => api.waitForBotMessage({ chatId: userId, ...(match ? { match } : {}), ...(kinds ? { kinds } : {}) }),
    press: (userId, messageId, callbackData, allowMissingButton) => api.pressButton({ userId, messageId, callbackData, ...(allowMissingButton ? { allowMissingButton } : {}) }),
    async close() {
      await bot.stop();
      await api.close();
      await t.close();
    },
  };
}

/** Callback data of every inline button under a message. */
export function buttonData(m: Message): string[] {
  return (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
}
