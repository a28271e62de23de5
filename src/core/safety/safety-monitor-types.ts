import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { OrderRepository } from '../execution/order-repository.js';
import type { Decimal } from '../money.js';
import type { Clock, Exchange, Logger, Notifier } from '../ports.js';
import type { PositionRepository } from '../positions/position-repository.js';
import type { TradingCommand } from '../risk/evaluate-trading-state.js';
import { defaultBalanceSettings, type BalanceSettings } from './detectors/detect-unexplained-balance-change.js';
import { defaultExecutionFailureSettings, type ExecutionFailureSettings } from './detectors/detect-execution-failures.js';
import { defaultOrderRateSettings, type OrderRateSettings } from './detectors/detect-order-rate-spike.js';
import { defaultPriceShockSettings, type PriceShockSettings } from './detectors/detect-price-shock.js';
import { defaultSlippageSettings, type SlippageSettings } from './detectors/detect-abnormal-slippage.js';

export interface SafetyMonitorConfig {
  readonly orderRate: OrderRateSettings;
  readonly failures: ExecutionFailureSettings;
  readonly slippage: SlippageSettings;
  readonly priceShock: PriceShockSettings;
  readonly balance: BalanceSettings;
  /** A price older than this is stale, ms. */
  readonly maxPriceAgeMs: number;
  /** Candles of the price-shock detector. */
  readonly candleTimeframe: string;
  /** Markets watched for every user besides those of their open positions (skipped where not listed). */
  readonly watchSymbols: readonly string[];
  /** Execution history read for normal slippage and the order rate, ms. */
  readonly historyMs: number;
  /** A finding about the same thing stays quiet this long after its alert, ms. */
  readonly repeatAfterMs: number;
}

export const defaultSafetyMonitorConfig: SafetyMonitorConfig = Object.freeze({
  orderRate: defaultOrderRateSettings,
  failures: defaultExecutionFailureSettings,
  slippage: defaultSlippageSettings,
  priceShock: defaultPriceShockSettings,
  balance: defaultBalanceSettings,
  maxPriceAgeMs: 120_000,
  candleTimeframe: '5m',
  watchSymbols: ['BTC/USDT'],
  historyMs: 7 * 24 * 3_600_000,
  repeatAfterMs: 3_600_000,
});

/** A wallet's balances at a point in time: what later changes are explained against. */
export interface BalanceBaseline {
  readonly at: Date;
  readonly totals: ReadonlyMap<string, Decimal>;
  /** Assets that mismatched on the previous run: a second mismatch in a row is reported (a fill between two reads is not). */
  readonly suspects: ReadonlySet<string>;
}

/** What the monitor remembers between runs (in memory: a restart starts from fresh baselines). */
export interface SafetyMonitorMemory {
  readonly balances: Map<number, BalanceBaseline>;
  /** When each user was last checked: fills after it are new. */
  readonly lastCheckAt: Map<number, Date>;
  /** When each finding ("user:kind:subject") was last alerted. */
  readonly alertedAt: Map<string, Date>;
}

export function makeSafetyMonitorMemory(): SafetyMonitorMemory {
  return { balances: new Map(), lastCheckAt: new Map(), alertedAt: new Map() };
}

export interface SafetyMonitorDeps {
  readonly accounts: AccountRepository;
  readonly positions: PositionRepository;
  readonly orders: OrderRepository;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  /**
   * Applies 'pause' with its audit row (makeLoadRiskContext). Wire one whose notifier leaves out
   * TRADING_STATE_CHANGED: the monitor's own SAFETY_ANOMALY alert says why trading was paused.
   */
  readonly loadRiskContext: (user: UserAccount, opts: { command?: TradingCommand; actor?: string }) => Promise<unknown>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
  readonly memory: SafetyMonitorMemory;
  readonly config?: Partial<SafetyMonitorConfig>;
}
