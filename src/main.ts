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
import { createBot, registerCommands } from './bot/bot.js';
import type { BotContext, BotDeps } from './bot/context.js';
import { ChartRenderer } from './bot/charts.js';
import { startLocalBotApi, type LocalBotApi } from './bot/transports/local-bot-api.js';
import { TerminalChat } from './bot/transports/terminal-chat.js';
import { startJobs } from './jobs/index.js';

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
  const exchanges = new WalletExchanges({ accounts, feed, clock, log, paperLatencyMs: config.PAPER_LATENCY_MS });
  const exchangeForWallet = exchanges.forWallet.bind(exchanges);
  const positions = new PrismaPositionRepository(db);
  const notifier = new TelegramNotifier({ accounts, log });
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

  const localApi = isDemo ? await startLocalBotApi({ token: demoToken, botUsername: 'risk_assistant_demo_bot', botFirstName: 'Risk Assistant' }) : undefined;
  const allowed = new Set(isDemo ? [config.DEMO_USER_ID] : config.TELEGRAM_ALLOWED_USERS);
  const deps: BotDeps = {
    accounts,
    accountOverview: makeAccountOverview({ accounts, exchangeForWallet, log }),
    recentCandles: makeRecentCandles({ accounts, exchangeForWallet }),
    charts: new ChartRenderer(),
    loadRiskContext,
    assessTrade: makeAssessTrade({ loadRiskContext, analysisTimeframe: feed.baseTimeframe, analysisCandles: 288 }),
    changeRiskSetting: makeChangeRiskSetting({ accounts, clock }),
    marketSymbols: async (user) => [...(await (await firstWalletExchange(user)).loadMarkets()).keys()],
    lastPrice: async (user, symbol) => (await (await firstWalletExchange(user)).fetchTicker(symbol)).last,
    executions: { history: makeExecutionHistory({ orders }), slippage: makeSlippageReport({ orders, clock }) },
    clock,
    log: log.child({ component: 'bot' }),
    settings: {
      allowedUserIds: allowed,
      defaultTimezone: config.DEFAULT_TIMEZONE,
      paperStartingBalanceUsd: new Decimal(config.PAPER_STARTING_BALANCE_USD),
      mode: isDemo ? 'demo' : 'telegram',
      chartTimeframe: feed.baseTimeframe,
    },
  };
  const bot = createBot(deps, {
    token: config.TELEGRAM_BOT_TOKEN ?? demoToken,
    apiRoot: localApi ? localApi.url : config.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    conversationStorage: new PrismaSessionStorage(db, 'conversation:'),
  });
  notifier.attach(bot.api);
  const jobs = startJobs({ savePaperStates: () => exchanges.savePaperStates(), clock: systemClock, log });

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    for (const job of jobs) job.stop();
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
