import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { ExecutionLogRecord } from '../execution/order-repository.js';
import type { Exchange, Logger } from '../ports.js';
import { checkWalletBalances } from './check-wallet-balances.js';
import type { Anomaly } from './detectors/anomaly.js';
import { detectAbnormalSlippage } from './detectors/detect-abnormal-slippage.js';
import { detectExecutionFailures } from './detectors/detect-execution-failures.js';
import { detectOrderRateSpike } from './detectors/detect-order-rate-spike.js';
import { detectPriceShock } from './detectors/detect-price-shock.js';
import { detectStalePrices, type PriceQuote } from './detectors/detect-stale-prices.js';
import { defaultSafetyMonitorConfig, type SafetyMonitorConfig, type SafetyMonitorDeps } from './safety-monitor-types.js';

export const safetyMonitorActor = 'job:safety-monitor';

/** What one check of one user found, and what was done about it. */
export interface SafetyCheckResult {
  /** Everything the detectors found this run. */
  readonly found: readonly Anomaly[];
  /** The findings that were new (not alerted within repeatAfterMs): audited and alerted. */
  readonly alerted: readonly Anomaly[];
  /** True when this run moved trading to PAUSED. */
  readonly paused: boolean;
}

/**
 * Runs every unusual-activity detector for one user: order rate, repeated execution failures and
 * slippage far beyond normal (from the execution log); stale prices, price shocks (from each
 * wallet's exchange, for the markets of open positions and the watch list) and balance changes
 * our trades do not explain. On a new finding it pauses trading (command 'pause' through the risk
 * context, actor job:safety-monitor; killed or paused stay as they are), records each finding in
 * the audit log (safety.anomaly, with its numbers) and sends a SAFETY_ANOMALY alert. A wallet
 * whose exchange cannot be read is skipped and logged (stale prices report what it could not read).
 */
export async function monitorUserSafety(deps: SafetyMonitorDeps, user: UserAccount): Promise<SafetyCheckResult> {
  const config: SafetyMonitorConfig = { ...defaultSafetyMonitorConfig, ...deps.config };
  const now = deps.clock.now();
  const log = deps.log.child({ userId: user.id, component: 'safety-monitor' });
  const since = deps.memory.lastCheckAt.get(user.id) ?? new Date(now.getTime() - config.orderRate.windowMs);
  const [logs, wallets, open, unresolved] = await Promise.all([
    deps.orders.executionLogsSince(user.id, new Date(now.getTime() - config.historyMs)),
    deps.accounts.listWallets(user.id),
    deps.positions.listOpen(user.id),
    deps.orders.listUnresolved(),
  ]);
  const found: Anomaly[] = [];
  const push = (a: Anomaly | null | readonly Anomaly[]) => {
    if (a !== null) found.push(...('kind' in a ? [a] : a));
  };

  const sent = logs.filter((r) => r.orderId !== null);
  push(detectOrderRateSpike(sent.map((r) => r.timestamp), now, config.orderRate));
  push(detectExecutionFailures(logs.map((r) => ({ at: r.timestamp, action: r.action, status: r.status, errorMessage: r.errorMessage })), now, config.failures));
  push(detectAbnormalSlippage(slippageSamples(logs), since, config.slippage));

  const mine = unresolved.filter((r) => r.userId === user.id);
  for (const wallet of wallets) {
    let exchange: Exchange;
    try {
      exchange = await deps.exchangeForWallet(wallet);
    } catch (error) {
      log.warn({ walletId: wallet.id, err: error }, 'safety monitor: wallet exchange unavailable');
      continue;
    }
    const symbols = await watchedSymbols(exchange, wallet, open.filter((p) => p.walletId === wallet.id).map((p) => p.symbol), config.watchSymbols);
    push(await checkMarkets(exchange, symbols, config, now, log));
    try {
      push(await checkWalletBalances({ memory: deps.memory, settings: config.balance, now }, wallet, exchange, logs, mine));
    } catch (error) {
      log.warn({ walletId: wallet.id, err: error }, 'safety monitor: balances unavailable');
    }
  }
  deps.memory.lastCheckAt.set(user.id, now);

  const alerted = found.filter((a) => {
    const last = deps.memory.alertedAt.get(keyOf(user.id, a));
    return !last || now.getTime() - last.getTime() >= config.repeatAfterMs;
  });
  if (alerted.length === 0) return { found, alerted, paused: false };

  const before = await deps.accounts.tradingState(user.id);
  let paused = false;
  if (before.state === 'active' || before.state === 'reducing') {
    await deps.loadRiskContext(user, { command: 'pause', actor: safetyMonitorActor });
    paused = true;
  }
  for (const a of alerted) {
    deps.memory.alertedAt.set(keyOf(user.id, a), now);
    log.warn({ anomaly: a.kind, subject: a.subject, detail: a.detail, paused }, 'unusual activity');
    await deps.accounts.recordAudit({ userId: user.id, actor: safetyMonitorActor, action: 'safety.anomaly', target: a.kind, after: { subject: a.subject, detail: a.detail, paused, stateBefore: before.state }, at: now });
    await deps.notifier.notify(user.id, {
      kind: 'SAFETY_ANOMALY',
      data: { anomaly: a.kind, subject: a.subject, detail: a.detail, paused, state: paused ? 'paused' : before.state },
    });
  }
  return { found, alerted, paused };
}

function keyOf(userId: number, a: Anomaly): string {
  return `${userId}:${a.kind}:${a.subject}`;
}

function slippageSamples(logs: readonly ExecutionLogRecord[]) {
  return logs
    .filter((r) => r.slippagePct !== null && r.filledQtyBase.gt(0))
    .map((r) => ({ at: r.timestamp, symbol: r.symbol, slippagePct: r.slippagePct! }));
}

async function watchedSymbols(exchange: Exchange, wallet: WalletInfo, positionSymbols: readonly string[], watch: readonly string[]): Promise<string[]> {
  const markets = await exchange.loadMarkets().catch(() => null);
  const wanted = [...new Set([...positionSymbols, ...watch])];
  // A position's market is always checked; a watch-list market only where the venue lists it.
  return wanted.filter((s) => positionSymbols.includes(s) || (markets?.has(s) ?? false));
}

async function checkMarkets(exchange: Exchange, symbols: readonly string[], config: SafetyMonitorConfig, now: Date, log: Logger): Promise<Anomaly[]> {
  const quotes: PriceQuote[] = [];
  const found: Anomaly[] = [];
  await Promise.all(
    symbols.map(async (symbol) => {
      const [ticker, candles] = await Promise.all([
        exchange.fetchTicker(symbol).catch((error: unknown) => {
          log.warn({ symbol, err: error }, 'safety monitor: price unavailable');
          return null;
        }),
        exchange.fetchCandles(symbol, config.candleTimeframe, config.priceShock.lookback + 2).catch(() => null),
      ]);
      quotes.push({ symbol, at: ticker?.at ?? null });
      const shock = candles ? detectPriceShock(symbol, candles, config.priceShock) : null;
      if (shock) found.push(shock);
    }),
  );
  quotes.sort((a, b) => a.symbol.localeCompare(b.symbol));
  return [...detectStalePrices(quotes, now, config.maxPriceAgeMs), ...found.sort((a, b) => a.subject.localeCompare(b.subject))];
}
