/**
 * Composition root: the only place that wires configuration, adapters, the bot and the jobs.
 *
 * With TELEGRAM_BOT_TOKEN set it runs the real bot with long polling against Telegram (or any
 * Bot API server at TELEGRAM_API_ROOT). Without a token it runs the terminal demo: the same bot
 * long-polls a local Bot API server and the terminal is the chat.
 */
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import type { Bot } from 'grammy';
import { ConfigError, loadConfig, secretValues, type AppConfig } from './config.js';
import { createLogger } from './logger.js';
import { systemClock } from './core/clock.js';
import { Decimal } from './core/money.js';
import type { Clock, Logger } from './core/ports.js';
import type { UserAccount } from './core/accounts/account.js';
import { migrateDatabase, openDatabase, tuneDatabase } from './core/adapters/store-prisma/open-database.js';
import { PrismaAccountRepository } from './core/adapters/store-prisma/prisma-account-repository.js';
import { PrismaSessionStorage } from './core/adapters/store-prisma/prisma-session-storage.js';
import { PrismaOrderRepository } from './core/adapters/store-prisma/prisma-order-repository.js';
import { ReplayPriceFeed } from './core/adapters/exchange-paper/replay-price-feed.js';
import { ReplayClock } from './core/adapters/exchange-paper/replay-clock.js';
import type { PriceFeed } from './core/adapters/exchange-paper/price-feed.js';
import { WalletExchanges } from './core/adapters/wallet-exchanges.js';
import { makeAccountOverview } from './core/portfolio/account-overview.js';
import { makeRecentCandles } from './core/market/recent-candles.js';
import { PrismaPositionRepository } from './core/adapters/store-prisma/prisma-position-repository.js';
import { PrismaTradingStateStore } from './core/adapters/store-prisma/prisma-trading-state-store.js';
import { makeLoadRiskContext } from './core/risk/load-risk-context.js';
import { makeAssessTrade } from './core/risk/assess-trade.js';
import { makeChangeRiskSetting } from './core/risk/change-risk-setting.js';
import { TelegramNotifier } from './bot/telegram-notifier.js';
import { makeExecutionHistory } from './core/execution/execution-history.js';
import { makeSlippageReport } from './core/execution/slippage-report.js';
import { reconcileOpenOrders } from './core/execution/reconcile-open-orders.js';
import { makeSettleUnsettledEntries } from './core/trading/settle-unsettled-entries.js';
import { createBot, registerCommands } from './bot/bot.js';
import type { BotContext, BotDeps } from './bot/context.js';
import { ChartRenderer } from './bot/charts.js';
import { startLocalBotApi, type LocalBotApi } from './bot/transports/local-bot-api.js';
import { TerminalChat } from './bot/transports/terminal-chat.js';
import { startJobs } from './jobs/index.js';
import { AesGcmCipher } from './core/adapters/aes-gcm-cipher.js';
import { makeLiveWalletExchange } from './core/adapters/live-wallet-exchange.js';
import { PrismaWalletStore } from './core/adapters/store-prisma/prisma-wallet-store.js';
import { PrismaSignalRepository } from './core/adapters/store-prisma/prisma-signal-repository.js';
import { PrismaOrderLinks } from './core/adapters/store-prisma/prisma-order-links.js';
import { PrismaWebhookSecretStore } from './core/adapters/store-prisma/prisma-webhook-secret-store.js';
import { makeExecuteOrder } from './core/execution/execute-order.js';
import { makeTradingUseCases } from './core/trading/trading-use-cases.js';
import { makeLoadWalletCredentials } from './core/wallets/load-wallet-credentials.js';
import { makeWalletUseCases } from './core/wallets/wallet-use-cases.js';
import { makeWebhookSecrets } from './webhook/webhook-secrets.js';
import { startSignalWebhook } from './webhook/start-signal-webhook.js';
import { makePositionManagement } from './core/positions/make-position-management.js';
import { PrismaAlertPreferenceRepository } from './core/adapters/store-prisma/prisma-alert-preference-repository.js';
import { probeDatabase } from './core/adapters/store-prisma/prisma-health-probe.js';
import { listUsers } from './core/adapters/store-prisma/prisma-user-directory.js';
import { makeKillSwitch } from './core/safety/kill-switch.js';
import { makeCheckHealth } from './core/safety/check-health.js';
import { makeSafetyMonitorMemory } from './core/safety/safety-monitor-types.js';
import { muteNotificationKinds } from './core/safety/mute-notification-kinds.js';
import type { ScheduledJob } from './jobs/schedule.js';

const demoToken = '100000:terminal-demo-token-not-a-secret';

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const isDemo = !config.TELEGRAM_BOT_TOKEN;
  // In the demo the terminal is the chat, so logs go to a file instead of through the conversation.
  const logFile = config.LOG_FILE ?? (isDemo ? './data/assistant.log' : undefined);
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config), ...(logFile ? { file: logFile } : {}) });

  await migrateDatabase(config.DATABASE_URL);
  const db = openDatabase(config.DATABASE_URL);
  await tuneDatabase(db);
  const accounts = new PrismaAccountRepository(db);
  const { feed, clock } = await createPriceFeed(config, log);
  // Live wallets' API keys are stored AES-256-GCM encrypted under MASTER_KEY; without it live wallets are refused.
  const cipher = config.MASTER_KEY ? AesGcmCipher.fromMasterKey(config.MASTER_KEY) : null;
  const walletStore = new PrismaWalletStore(db);
  const liveExchange = makeLiveWalletExchange({ loadCredentials: makeLoadWalletCredentials({ store: walletStore, cipher }), clock: systemClock });
  const exchanges = new WalletExchanges({ accounts, feed, clock, log, paperLatencyMs: config.PAPER_LATENCY_MS, liveExchange });
  const exchangeForWallet = exchanges.forWallet.bind(exchanges);
  const positions = new PrismaPositionRepository(db);
  const alertPreferences = new PrismaAlertPreferenceRepository(db);
  const notifier = new TelegramNotifier({ accounts, log, alertPreferences });
  const loadRiskContext = makeLoadRiskContext({
    accounts, positions, tradingStates: new PrismaTradingStateStore(db), exchangeForWallet, notifier, clock, log,
  });
  const firstWalletExchange = async (user: UserAccount) => {
    const [wallet] = await accounts.listWallets(user.id);
    if (!wallet) throw new Error('no wallet: send /start');
    return exchangeForWallet(wallet);
  };
  const orders = new PrismaOrderRepository(db);
  // Orders left without a final state by the previous run are settled with their venues before
  // anything can trade again: looked up by client id, never resent.
  await reconcileOpenOrders({
    orders,
    exchangeFor: async (order) => {
      const wallet = (await accounts.listWallets(order.userId)).find((w) => w.id === order.walletId);
      if (!wallet) throw new Error(`order ${order.clientOrderId}: wallet ${order.walletId} not found`);
      return exchangeForWallet(wallet);
    },
    clock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: cryptoRandom,
    log: log.child({ component: 'reconcile' }),
  });
  // Position monitor and /positions share one executor per exchange, one ATR cache and the position locks.
  const positionManagement = makePositionManagement({
    store: positions, accounts, orders, exchangeForWallet, notifier, clock, log,
    executor: { elapsedMs: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: cryptoRandom },
  });

  // Entries whose outcome was lost (unknown, an outage, or this process dying mid-send) get their
  // position opened from what the venue filled, or their signal closed: at start-up (below, once
  // alerts can be delivered and before anything can trade) for every claimed signal, then every
  // minute for the unknown ones.
  const signals = new PrismaSignalRepository(db);
  const orderLinks = new PrismaOrderLinks(db);
  const settleEntries = makeSettleUnsettledEntries({
    signals, orders, positions, orderLinks, accounts, exchangeForWallet, notifier, clock, onPositionOpened: positionManagement.protectNewPosition,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: cryptoRandom, log: log.child({ component: 'settle-entries' }),
  });

  const assessTrade = makeAssessTrade({ loadRiskContext, analysisTimeframe: feed.baseTimeframe, analysisCandles: 288 });
  const trading = makeTradingUseCases({
    signals, accounts, positions, orderLinks, exchangeForWallet, assessTrade, onPositionOpened: positionManagement.protectNewPosition,
    executorForWallet: async (wallet) => makeExecuteOrder({
      exchange: await exchangeForWallet(wallet), orders, clock, notifier, log: log.child({ component: 'executor' }),
      elapsedMs: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: cryptoRandom,
    }),
    notifier, clock,
    // A person gets PROPOSAL_TTL_SECONDS of real time to answer, even while a replay runs faster.
    proposalClock: systemClock,
    log: log.child({ component: 'trading' }),
    config: { proposalTtlMs: config.PROPOSAL_TTL_SECONDS * 1000 },
  });
  notifier.attachTrading(trading);
  const wallets = makeWalletUseCases({
    store: walletStore, accounts, cipher, forgetExchange: (walletId) => exchanges.forget(walletId), notifier, clock, log,
    exchangeIds: async () => (await import('./core/adapters/exchange-ccxt/list-exchange-ids.js')).listCcxtExchangeIds(),
    paperStartingBalanceUsd: new Decimal(config.PAPER_STARTING_BALANCE_USD),
  });
  const webhookSecrets = makeWebhookSecrets({ store: new PrismaWebhookSecretStore(db), accounts, clock, log });

  // Kill switch, /status and the unusual-activity monitor. The kill switch's executor sends no
  // slippage alerts: its report says how every close went.
  const safetySleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const killSwitch = makeKillSwitch({
    accounts, positions, orders, tradingStates: new PrismaTradingStateStore(db), exchangeForWallet, loadRiskContext, notifier, clock,
    log: log.child({ component: 'kill-switch' }), elapsedMs: () => performance.now(), sleep: safetySleep,
    makeExecutor: (exchange) => makeExecuteOrder({
      exchange, orders, clock, log: log.child({ component: 'executor' }), elapsedMs: () => performance.now(), sleep: safetySleep, random: cryptoRandom,
    }),
    config: { slippageCapPct: new Decimal(config.KILL_SWITCH_SLIPPAGE_PCT), ordersPerSecond: config.KILL_SWITCH_ORDERS_PER_SECOND },
    // Held while each position is closed: the monitor's stops and chat closes wait instead of racing it.
    locks: positionManagement.locks,
  });
  const scheduledJobs: ScheduledJob[] = [];
  const checkHealth = makeCheckHealth({
    accounts, exchangeForWallet, probeDatabase: () => probeDatabase(db, systemClock.now()), jobStatuses: () => scheduledJobs.map((j) => j.status),
    clock, elapsedMs: () => performance.now(), sleep: safetySleep,
  });
  // The monitor's own SAFETY_ANOMALY alert says why it paused: the state-change alert would repeat it.
  const safetyRiskContext = makeLoadRiskContext({
    accounts, positions, tradingStates: new PrismaTradingStateStore(db), exchangeForWallet, notifier: muteNotificationKinds(notifier, ['TRADING_STATE_CHANGED']), clock, log,
  });

  const localApi = isDemo ? await startLocalBotApi({ token: demoToken, botUsername: 'risk_assistant_demo_bot', botFirstName: 'Risk Assistant' }) : undefined;
  const allowed = new Set(isDemo ? [config.DEMO_USER_ID] : config.TELEGRAM_ALLOWED_USERS);
  const deps: BotDeps = {
    accounts,
    accountOverview: makeAccountOverview({ accounts, exchangeForWallet, log }),
    recentCandles: makeRecentCandles({ accounts, exchangeForWallet }),
    charts: new ChartRenderer(),
    loadRiskContext,
    assessTrade,
    changeRiskSetting: makeChangeRiskSetting({ accounts, clock }),
    marketSymbols: async (user) => [...(await (await firstWalletExchange(user)).loadMarkets()).keys()],
    lastPrice: async (user, symbol) => (await (await firstWalletExchange(user)).fetchTicker(symbol)).last,
    executions: { history: makeExecutionHistory({ orders }), slippage: makeSlippageReport({ orders, clock }) },
    positions: positionManagement.positions,
    trading,
    wallets,
    webhook: { listening: config.WEBHOOK_PORT === undefined ? null : `port ${config.WEBHOOK_PORT}`, hasSecret: webhookSecrets.hasSecret, rotateSecret: webhookSecrets.rotate },
    safety: { killSwitch, checkHealth, alertPreferences, killSwitchPin: config.KILL_SWITCH_PIN, wallClock: systemClock },
    clock,
    log: log.child({ component: 'bot' }),
    settings: {
      allowedUserIds: allowed,
      defaultTimezone: config.DEFAULT_TIMEZONE,
      paperStartingBalanceUsd: new Decimal(config.PAPER_STARTING_BALANCE_USD),
      mode: isDemo ? 'demo' : 'telegram',
      chartTimeframe: feed.baseTimeframe,
      commandRateLimit: { capacity: 20, refillPerSecond: config.COMMANDS_PER_MINUTE / 60 },
    },
  };
  const bot = createBot(deps, {
    token: config.TELEGRAM_BOT_TOKEN ?? demoToken,
    apiRoot: localApi ? localApi.url : config.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    conversationStorage: new PrismaSessionStorage(db, 'conversation:'),
  });
  notifier.attach(bot.api);
  await settleEntries({ atStartup: true });
  const jobs = startJobs({
    savePaperStates: () => exchanges.savePaperStates(), clock: systemClock, log,
    expireProposals: trading.expireOverdue,
    settleEntries: () => settleEntries(),
    monitorPositions: positionManagement.monitorPositions, monitorIntervalSeconds: config.MONITOR_INTERVAL_SECONDS,
    safetyMonitor: {
      accounts, positions, orders, exchangeForWallet, loadRiskContext: safetyRiskContext, notifier, clock, log,
      memory: makeSafetyMonitorMemory(), listUsers: () => listUsers(db),
    },
  });
  scheduledJobs.push(...jobs);

  // External signals (TradingView alerts …): off unless WEBHOOK_PORT is set.
  const webhook = config.WEBHOOK_PORT === undefined ? null : await startSignalWebhook({
    port: config.WEBHOOK_PORT, host: config.WEBHOOK_HOST, secrets: webhookSecrets, trading, symbols: await feed.symbols(),
    lastPrice: (symbol) => feed.priceAt(symbol, clock.now()), clock: systemClock, log,
  });

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    for (const job of jobs) job.stop();
    if (webhook) await stopQuietly(() => webhook.close(), log);
    await stopQuietly(() => bot.stop(), log);
    await stopQuietly(() => exchanges.savePaperStates().then(() => undefined), log);
    await stopQuietly(() => db.$disconnect(), log);
    if (localApi) await stopQuietly(() => localApi.close(), log);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await registerCommands(bot);
  void runBot(bot, log, () => stopping, () => void shutdown('bot stopped'));
  log.info({ mode: isDemo ? 'demo' : 'telegram', priceFeed: config.PRICE_FEED, db: config.DATABASE_URL }, 'assistant started');

  if (localApi) startTerminalChat(localApi, config, () => void shutdown('terminal closed'));
  else process.stdout.write(`Risk assistant running with long polling (${config.TELEGRAM_ALLOWED_USERS.length} allowed users). Logs follow.\n`);
}

async function createPriceFeed(config: AppConfig, log: Logger): Promise<{ feed: PriceFeed; clock: Clock }> {
  if (config.PRICE_FEED === 'live') {
    // Loaded only when needed: ccxt costs about half a second and 100+ MB at import.
    const { CcxtExchange } = await import('./core/adapters/exchange-ccxt/ccxt-exchange.js');
    const { LivePriceFeed } = await import('./core/adapters/exchange-paper/live-price-feed.js');
    const publicExchange = new CcxtExchange({ exchangeId: config.LIVE_EXCHANGE, marketType: 'spot' });
    return { feed: new LivePriceFeed({ exchange: publicExchange, clock: systemClock, symbols: config.LIVE_SYMBOLS }), clock: systemClock };
  }
  const feed = ReplayPriceFeed.fromDirectory(resolve(config.CANDLES_DIR), config.REPLAY_TIMEFRAME);
  const coverage = await feed.coverage();
  const startAt = new Date(config.REPLAY_START);
  if (startAt < coverage.firstAt || startAt >= coverage.lastAt) {
    throw new ConfigError(
      `Invalid setting REPLAY_START: expected an instant inside the bundled ${config.REPLAY_TIMEFRAME} candles, ` +
        `${coverage.firstAt.toISOString()} to ${coverage.lastAt.toISOString()}`,
    );
  }
  log.info({ startAt, speed: config.REPLAY_SPEED, timeframe: config.REPLAY_TIMEFRAME }, 'replaying bundled candles');
  return { feed, clock: new ReplayClock({ startAt, speed: config.REPLAY_SPEED, endAt: coverage.lastAt }) };
}

/** Long polling; a crash of the polling loop ends the process cleanly instead of hanging. */
async function runBot(bot: Bot<BotContext>, log: Logger, isStopping: () => boolean, onStop: () => void): Promise<void> {
  try {
    await bot.start({ drop_pending_updates: false, onStart: (info) => log.info({ username: info.username }, 'bot polling') });
  } catch (error) {
    // Stopping aborts grammY's poll (or its retry delay): that is not a failure.
    if (isStopping()) return;
    log.error({ err: error }, 'bot polling failed');
    process.stderr.write(`The bot stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  onStop();
}

function startTerminalChat(api: LocalBotApi, config: AppConfig, onExit: () => void): void {
  new TerminalChat({
    api,
    userId: Number(config.DEMO_USER_ID),
    firstName: 'Demo trader',
    outputDir: resolve(config.DEMO_OUTPUT_DIR),
    input: process.stdin,
    output: process.stdout,
    onExit,
  }).start();
}

/** Uniform in [0, 1) from the OS's generator: client order ids must not repeat across restarts. */
function cryptoRandom(): number {
  return randomInt(2 ** 47) / 2 ** 47;
}

async function stopQuietly(step: () => Promise<unknown>, log: Logger): Promise<void> {
  try {
    await step();
  } catch (error) {
    log.warn({ err: error }, 'shutdown step failed');
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(error instanceof ConfigError ? `${message}\n` : `The assistant could not start: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
