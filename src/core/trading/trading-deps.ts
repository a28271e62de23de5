import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { ExecuteOrderRequest, ExecutionResult } from '../execution/executor-types.js';
import { Decimal } from '../money.js';
import type { Clock, Exchange, Logger, Notifier } from '../ports.js';
import type { PositionRecord } from '../positions/position-record.js';
import type { PositionRepository } from '../positions/position-repository.js';
import type { TradeAssessment, TradeIdea } from '../risk/assess-trade.js';
import type { OrderLinks } from './order-links.js';
import type { DriftTolerance } from './price-signal-at-market.js';
import type { SignalRepository } from './signal-repository.js';

export interface TradingConfig {
  /** How long a proposal (and a signal not yet decided) stays valid, ms. Default 300 000 (5 min). */
  readonly proposalTtlMs: number;
  /** When the market has moved enough to re-resolve levels and re-size (see DriftTolerance). Default 0.5 % / 0.25 R. */
  readonly driftTolerance: DriftTolerance;
  /** Overdue signals expired per job run. Default 200. */
  readonly expiryBatch: number;
}

export const defaultTradingConfig: TradingConfig = Object.freeze({
  proposalTtlMs: 300_000,
  driftTolerance: Object.freeze({ pct: new Decimal('0.5'), r: new Decimal('0.25') }),
  expiryBatch: 200,
});

/** What the trading use cases need; built in main.ts (tests pass the same real parts). */
export interface TradingDeps {
  readonly signals: SignalRepository;
  readonly accounts: AccountRepository;
  readonly positions: PositionRepository;
  readonly orderLinks: OrderLinks;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly assessTrade: (user: UserAccount, idea: TradeIdea) => Promise<TradeAssessment>;
  /** The executor of a wallet's exchange (makeExecuteOrder over it). */
  readonly executorForWallet: (wallet: WalletInfo) => Promise<(request: ExecuteOrderRequest) => Promise<ExecutionResult>>;
  readonly notifier: Notifier;
  /**
   * Called once a position is opened (executed or settled late): rests its protective stop at the
   * venue at once (makePositionManagement's protectNewPosition). Never throws; absent: the
   * monitor places it on its next tick.
   */
  readonly onPositionOpened?: (position: PositionRecord) => Promise<unknown>;
  /** The market's time: decisions, positions, audit entries (simulated time in a replay). */
  readonly clock: Clock;
  /**
   * The user's time, which the proposal TTL is measured in: a person has five real minutes to
   * answer even while a replay runs faster. Defaults to `clock`.
   */
  readonly proposalClock?: Clock;
  readonly log: Logger;
  readonly config?: Partial<TradingConfig>;
}

/** The clock proposals expire by (see TradingDeps.proposalClock). */
export function proposalClockOf(deps: { readonly clock: Clock; readonly proposalClock?: Clock | undefined }): Clock {
  return deps.proposalClock ?? deps.clock;
}

export function tradingConfigOf(deps: { readonly config?: Partial<TradingConfig> | undefined }): TradingConfig {
  return { ...defaultTradingConfig, ...deps.config };
}
