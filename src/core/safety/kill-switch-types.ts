import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { ExecuteOrderRequest, ExecutionRefusalReason, ExecutionResult } from '../execution/executor-types.js';
import type { OrderRepository } from '../execution/order-repository.js';
import { Decimal } from '../money.js';
import type { Clock, Exchange, Logger, Notifier } from '../ports.js';
import type { PositionSide } from '../risk/trade-intent.js';
import type { PositionLocks } from '../positions/position-locks.js';
import type { PositionRepository } from '../positions/position-repository.js';
import type { TradingCommand, TradingState } from '../risk/evaluate-trading-state.js';
import type { TradingStateStore } from '../risk/trading-state-store.js';

export interface KillSwitchConfig {
  /** Protective cap of every closing order, percent from the touch (1 is one per cent). */
  readonly slippageCapPct: Decimal;
  /** Order operations (sends and cancels) per second on one exchange: the venue's order rate limit. */
  readonly ordersPerSecond: number;
  /** Order operations allowed at once before spacing applies; 1 keeps every pair 1 / rate apart. */
  readonly burst: number;
  /** Closing orders in flight at once on one exchange. */
  readonly maxConcurrent: number;
  /** Close-then-verify rounds at most: what is left after the last one is reported, not retried. */
  readonly maxRounds: number;
  /** Pause before round n + 1, ms, times n: a flaky venue gets a moment to recover. */
  readonly roundPauseMs: number;
  /** Attempts of each verification read (open orders, balances, lookups) before the venue counts as unreachable. */
  readonly readAttempts: number;
  /** How long the risk context may take to store KILLED before it is written directly, ms. */
  readonly stateDeadlineMs: number;
  /** How long to wait for a position another action is working on (a stop being executed), ms. */
  readonly lockWaitMs: number;
}

export const defaultKillSwitchConfig: KillSwitchConfig = Object.freeze({
  slippageCapPct: new Decimal(1),
  ordersPerSecond: 10,
  burst: 1,
  maxConcurrent: 10,
  maxRounds: 4,
  roundPauseMs: 500,
  readAttempts: 3,
  stateDeadlineMs: 3_000,
  lockWaitMs: 5_000,
});

export type ExecuteOrder = (request: ExecuteOrderRequest) => Promise<ExecutionResult>;

export interface KillSwitchDeps {
  readonly accounts: AccountRepository;
  readonly positions: PositionRepository;
  readonly orders: OrderRepository;
  /** Written directly only when the risk context cannot be loaded (the venue is down): KILLED must stick regardless. */
  readonly tradingStates: TradingStateStore;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  /** Applies the 'kill' command with its audit and notification (makeLoadRiskContext). */
  readonly loadRiskContext: (user: UserAccount, opts: { command?: TradingCommand; actor?: string }) => Promise<unknown>;
  /** The executor for one exchange (makeExecuteOrder over it); the kill switch passes a rate-limited exchange. */
  readonly makeExecutor: (exchange: Exchange) => ExecuteOrder;
  readonly notifier: Notifier;
  readonly clock: Clock;
  /** Monotonic milliseconds: time-to-flat and the rate limiter. */
  readonly elapsedMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: Logger;
  readonly config?: Partial<KillSwitchConfig>;
  /** The venue's own order rate when it publishes one (orders per second); the config's otherwise. */
  readonly ordersPerSecondFor?: (exchange: Exchange) => number | undefined;
  /**
   * The per-position locks the position monitor and chat actions share (PositionLocks): the kill
   * switch holds each position's lock while it closes it, so no stop or chat close acts on it at
   * the same time. Without them positions are closed unguarded (tests, a process without a monitor).
   */
  readonly locks?: Pick<PositionLocks, 'tryAcquire' | 'release'>;
}

/** Why a position was not closed. */
export type KillFailureReason = ExecutionRefusalReason | 'PARTIALLY_FILLED' | 'UNKNOWN_OUTCOME' | 'EXCHANGE_ERROR' | 'EXCHANGE_UNREACHABLE' | 'POSITION_BUSY';

/**
 * Set on a position counted as closed although its book quantity did not all trade:
 * DUST_REMAINDER: what is left is below the market's minimum (fees taken in the base asset, steps);
 * NOTHING_AT_VENUE: the exchange holds less than the book says (a stop may have filled there earlier).
 */
export type KillCloseNote = 'DUST_REMAINDER' | 'NOTHING_AT_VENUE';

export interface KilledPosition {
  readonly positionId: number;
  readonly walletId: number;
  readonly symbol: string;
  readonly side: PositionSide;
  /** Quantity the kill switch sold (bought back for a short), base units. */
  readonly closedQtyBase: Decimal;
  /** Average price of the kill switch's fills; null when it traded nothing (see `note`). */
  readonly avgPriceQuote: Decimal | null;
  /** The whole trade's P&L after fees, USD (earlier partial exits included). */
  readonly pnlUsd: Decimal;
  /** pnlUsd in units of the position's initial risk; null when that risk is zero. */
  readonly rMultiple: Decimal | null;
  readonly note: KillCloseNote | null;
}

export interface UnclosedPosition {
  readonly positionId: number;
  readonly walletId: number;
  readonly symbol: string;
  readonly side: PositionSide;
  /** Book quantity still open, base units. */
  readonly qtyLeftBase: Decimal;
  readonly reason: KillFailureReason;
  /** The venue's or adapter's last words (sanitised by the adapter). */
  readonly message: string;
}

export interface CancelledOrder {
  readonly walletId: number;
  readonly symbol: string;
  readonly exchangeOrderId: string;
  readonly clientOrderId: string;
  /** True when the order is one of ours (stored in the order repository). */
  readonly isOurs: boolean;
}

export interface CancelFailure {
  readonly walletId: number;
  readonly symbol: string;
  readonly exchangeOrderId: string;
  readonly message: string;
}

/** Something left at a venue after the last round, in base units. */
export interface VenueResidual {
  readonly walletId: number;
  readonly symbol: string;
  readonly qtyBase: Decimal;
}

/** What the exchanges said when read back after closing. */
export interface KillVerification {
  /** Every exchange answered, none holds an open order, nothing tradable is left, every position is closed. */
  readonly isFlat: boolean;
  readonly openOrdersLeft: number;
  readonly residuals: readonly VenueResidual[];
  /** Exchanges that could not be read back: nothing about them is verified. */
  readonly unreachable: readonly { readonly walletId: number; readonly message: string }[];
}

/** How KILLED was set: through the risk context, written directly (venue down), or not at all (store down). */
export type KillStateWrite = 'RISK_CONTEXT' | 'DIRECT' | 'FAILED';

export interface KillReport {
  readonly userId: number;
  readonly actor: string;
  readonly startedAt: Date;
  readonly previousState: TradingState | null;
  readonly stateWrite: KillStateWrite;
  /** No open order, no open position: the kill only (re)confirmed KILLED. */
  readonly hadNothingToDo: boolean;
  readonly slippageCapPct: Decimal;
  readonly cancelled: readonly CancelledOrder[];
  readonly cancelFailures: readonly CancelFailure[];
  readonly closed: readonly KilledPosition[];
  readonly unclosed: readonly UnclosedPosition[];
  readonly verification: KillVerification;
  /** Close-then-verify rounds run. */
  readonly rounds: number;
  /** From the start to the verification that found everything flat, ms; null when it never did. */
  readonly timeToFlatMs: number | null;
  readonly elapsedMs: number;
}

/** What a kill would do now, for the confirmation question. */
export interface KillPreview {
  readonly positions: number;
  /** Open orders on the user's exchanges; null when an exchange could not be asked. */
  readonly openOrders: number | null;
  readonly slippageCapPct: Decimal;
  readonly state: TradingState;
}
