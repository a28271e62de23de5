import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { AccountRepository } from '../core/accounts/account-repository.js';
import type { UserAccount } from '../core/accounts/account.js';
import type { Clock, Logger } from '../core/ports.js';
import type { AccountOverview } from '../core/portfolio/account-overview.js';
import type { Decimal } from '../core/money.js';
import type { RecentCandles, RecentCandlesError } from '../core/market/recent-candles.js';
import type { Result } from '../core/result.js';
import type { ChartRenderer } from './charts.js';
import type { RiskContext } from '../core/risk/load-risk-context.js';
import type { TradeAssessment, TradeIdea } from '../core/risk/assess-trade.js';
import type { TradingCommand } from '../core/risk/evaluate-trading-state.js';
import type { ChangeRiskSetting } from '../core/risk/change-risk-setting.js';
import type { ExecutionHistoryPage } from '../core/execution/execution-history.js';
import type { SlippageReport } from '../core/execution/slippage-report.js';
import type { TradingUseCases } from '../core/trading/trading-use-cases.js';
import type { WalletUseCases } from '../core/wallets/wallet-use-cases.js';
import type { WebhookChatDeps } from '../webhook/webhook-chat-deps.js';
import type { PositionView } from '../core/positions/position-view.js';
import type { ClosePositionOutcome } from '../core/positions/make-close-position.js';
import type { BreakEvenOutcome } from '../core/positions/make-move-stop-to-break-even.js';
import type { KillSwitch } from '../core/safety/kill-switch.js';
import type { HealthReport } from '../core/safety/check-health.js';
import type { AlertPreferenceRepository } from '../core/safety/alert-preferences.js';
import type { CommandRateLimit } from './rate-limit.js';

/** Everything a handler may call: use cases of the core, never adapters. Built in main.ts. */
export interface BotDeps {
  readonly accounts: AccountRepository;
  readonly accountOverview: (user: UserAccount) => Promise<AccountOverview>;
  readonly recentCandles: (user: UserAccount, symbol: string, timeframe: string, limit: number) => Promise<Result<RecentCandles, RecentCandlesError>>;
  readonly charts: ChartRenderer;
  readonly loadRiskContext: (user: UserAccount, opts?: { command?: TradingCommand; actor?: string; walletId?: number }) => Promise<RiskContext>;
  readonly assessTrade: (user: UserAccount, idea: TradeIdea) => Promise<TradeAssessment>;
  readonly changeRiskSetting: ChangeRiskSetting;
  /** Symbols of the markets on the user's first wallet's exchange. */
  readonly marketSymbols: (user: UserAccount) => Promise<string[]>;
  /** Last traded price of a market on the user's first wallet's exchange. */
  readonly lastPrice: (user: UserAccount, symbol: string) => Promise<Decimal>;
  /** The execution log and its analytics (/executions, /slippage). */
  readonly executions: {
    readonly history: (userId: number, page: number) => Promise<ExecutionHistoryPage>;
    readonly slippage: (userId: number) => Promise<SlippageReport>;
  };
  /** Position cards and their actions (/positions); every call is scoped to the user's own positions. */
  readonly positions: {
    readonly listOpen: (userId: number) => Promise<PositionView[]>;
    readonly view: (userId: number, positionId: number) => Promise<PositionView | null>;
    /** Close at market through the executor: `fraction` 1 closes all, 0.5 half. */
    readonly close: (userId: number, positionId: number, fraction: Decimal, actor: string) => Promise<ClosePositionOutcome>;
    readonly moveStopToBreakEven: (userId: number, positionId: number, actor: string) => Promise<BreakEvenOutcome>;
  };
  /** Signals, proposals and their approval (/trade, the proposal buttons). */
  readonly trading: TradingUseCases;
  /** Adding and removing wallets, auto-trading settings (/wallets, /autotrade). */
  readonly wallets: WalletUseCases;
  /** The signal webhook's address and the user's secret (/webhook). */
  readonly webhook: WebhookChatDeps;
  /** Kill switch, health report and alert noise (/kill, /status, /alerts); all scoped to the user. */
  readonly safety: {
    readonly killSwitch: KillSwitch;
    readonly checkHealth: (user: UserAccount) => Promise<HealthReport>;
    readonly alertPreferences: AlertPreferenceRepository;
    /** Asked for before the kill switch fires, when set (KILL_SWITCH_PIN). */
    readonly killSwitchPin?: string;
    /** Wall time: job runs and the last Telegram update are stamped with it (the market clock may be a replay). */
    readonly wallClock: Clock;
  };
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: {
    /** Telegram user ids (as strings) allowed to use the bot. */
    readonly allowedUserIds: ReadonlySet<string>;
    readonly defaultTimezone: string;
    readonly paperStartingBalanceUsd: Decimal;
    /** Shown in the menu header: "demo" for the terminal chat, "telegram" otherwise. */
    readonly mode: 'demo' | 'telegram';
    /** Candle timeframe of the price feed, used for /chart. */
    readonly chartTimeframe: string;
    /** Per-user limit of commands and button presses; default 20 at once, one more a second. */
    readonly commandRateLimit?: CommandRateLimit;
  };
}

interface AppFlavor {
  readonly deps: BotDeps;
  /** The registered user behind this update; undefined until /start. */
  account: UserAccount | undefined;
}

/** The one context type of the bot. */
export type BotContext = ConversationFlavor<Context & AppFlavor>;
