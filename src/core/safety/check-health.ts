import type { AccountRepository } from '../accounts/account-repository.js';
import type { TradingStateRecord, UserAccount, WalletInfo } from '../accounts/account.js';
import type { Clock, Exchange } from '../ports.js';

/** The last run of one scheduled job (the scheduler's JobStatus has this shape). */
export interface JobRunStatus {
  readonly name: string;
  readonly expression: string;
  readonly lastStartedAt: Date | null;
  readonly lastFinishedAt: Date | null;
  readonly lastError: string | null;
  readonly runs: number;
  readonly skippedOverlaps: number;
}

export interface ExchangeHealth {
  readonly walletId: number;
  readonly walletLabel: string;
  readonly exchangeId: string;
  /** The wallet's own pause switch: no new entries on it (its positions stay managed). */
  readonly isTradingPaused: boolean;
  readonly isReachable: boolean;
  /** Round trip of one ticker read, ms; null when it failed. */
  readonly latencyMs: number | null;
  readonly symbol: string | null;
  /** How old the price is: now − the ticker's own time, ms (the price feed's age); null without a ticker. */
  readonly priceAgeMs: number | null;
  readonly error: string | null;
}

export interface DatabaseHealth {
  /** A real write and read back succeeded. */
  readonly isWritable: boolean;
  readonly latencyMs: number | null;
  readonly error: string | null;
}

export interface HealthReport {
  readonly checkedAt: Date;
  readonly tradingState: TradingStateRecord;
  readonly exchanges: readonly ExchangeHealth[];
  readonly database: DatabaseHealth;
  readonly jobs: readonly JobRunStatus[];
}

export interface HealthDeps {
  readonly accounts: AccountRepository;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  /** Writes a value to the store and reads it back; throws when either fails or they differ. */
  readonly probeDatabase: () => Promise<void>;
  readonly jobStatuses: () => readonly JobRunStatus[];
  /** Market time (a replay's simulated time): the price age is measured on it. */
  readonly clock: Clock;
  /** Monotonic milliseconds for latencies. */
  readonly elapsedMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Market timed on each exchange; default BTC/USDT, else the exchange's first market. */
  readonly probeSymbol?: string;
  /** A ticker read slower than this counts as unreachable, ms; default 5000. */
  readonly timeoutMs?: number;
}

class ProbeTimeoutError extends Error {
  override readonly name = 'ProbeTimeoutError';
}

/**
 * The user's health report: trading state, each wallet's exchange reachability and latency (one
 * timed ticker read, bounded by `timeoutMs`) with the price's age, a real database write and
 * read, and the last run of every job. Checks run in parallel; a failing check is reported, never
 * thrown.
 */
export function makeCheckHealth(deps: HealthDeps) {
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = deps.elapsedMs();
    const value = await Promise.race([
      work(),
      deps.sleep(timeoutMs).then(() => {
        throw new ProbeTimeoutError(`no answer within ${timeoutMs} ms`);
      }),
    ]);
    return { value, ms: Math.round(deps.elapsedMs() - started) };
  };

  const checkExchange = async (wallet: WalletInfo): Promise<ExchangeHealth> => {
    const base = { walletId: wallet.id, walletLabel: wallet.label, exchangeId: wallet.exchangeId, isTradingPaused: wallet.tradingPaused };
    let symbol: string | null = null;
    try {
      const exchange = await deps.exchangeForWallet(wallet);
      symbol = await probeSymbolOf(exchange, deps.probeSymbol ?? 'BTC/USDT');
      const chosen = symbol;
      const { value: ticker, ms } = await timed(() => exchange.fetchTicker(chosen));
      const priceAgeMs = Math.max(0, deps.clock.now().getTime() - ticker.at.getTime());
      return { ...base, isReachable: true, latencyMs: ms, symbol, priceAgeMs, error: null };
    } catch (error) {
      return { ...base, isReachable: false, latencyMs: null, symbol, priceAgeMs: null, error: error instanceof Error ? error.message : String(error) };
    }
  };

  const checkDatabase = async (): Promise<DatabaseHealth> => {
    try {
      const { ms } = await timed(deps.probeDatabase);
      return { isWritable: true, latencyMs: ms, error: null };
    } catch (error) {
      return { isWritable: false, latencyMs: null, error: error instanceof Error ? error.message : String(error) };
    }
  };

  return async function checkHealth(user: UserAccount): Promise<HealthReport> {
    const [tradingState, wallets] = await Promise.all([deps.accounts.tradingState(user.id), deps.accounts.listWallets(user.id)]);
    const [exchanges, database] = await Promise.all([Promise.all(wallets.map(checkExchange)), checkDatabase()]);
    return { checkedAt: deps.clock.now(), tradingState, exchanges, database, jobs: deps.jobStatuses().map((j) => ({ ...j })) };
  };
}

async function probeSymbolOf(exchange: Exchange, preferred: string): Promise<string> {
  try {
    return exchange.market(preferred).symbol;
  } catch {
    const markets = await exchange.loadMarkets();
    if (markets.has(preferred)) return preferred;
    const first = markets.keys().next();
    if (first.done) throw new Error(`${exchange.id} lists no markets`);
    return first.value;
  }
}
