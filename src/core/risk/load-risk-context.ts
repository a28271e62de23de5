import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import { Decimal, ZERO } from '../money.js';
import type { Clock, Exchange, Logger, Notifier } from '../ports.js';
import { usdAssets, valueBalances } from '../portfolio/value-balances.js';
import type { PositionRecord } from '../positions/position-record.js';
import type { PositionRepository } from '../positions/position-repository.js';
import { computeLossBudgets, type LossBudgetStatus } from './compute-loss-budgets.js';
import { evaluateTradingState, type TradingCommand, type TradingStateEvaluation } from './evaluate-trading-state.js';
import { getPeriodBounds, type LossPeriod } from './get-period-bounds.js';
import { prepareRiskBook, type RiskBook } from './prepare-risk-book.js';
import type { RiskSettings } from './risk-settings.js';
import type { OpenPosition } from './summarize-portfolio.js';
import { summarizeTradeHistory, type TradeHistorySummary } from './summarize-trade-history.js';
import type { PeriodMarks, StoredTradingState, TradingStateStore } from './trading-state-store.js';

/** An open position with its current mark price. */
export interface MarkedPosition {
  readonly record: PositionRecord;
  readonly markPrice: Decimal;
}

/** Everything a risk decision or the risk dashboard needs about one user, at one instant. */
export interface RiskContext {
  readonly user: UserAccount;
  /** The wallet trades are sized for (the user's first wallet unless one is named). */
  readonly wallet: WalletInfo;
  readonly exchange: Exchange;
  readonly settings: RiskSettings;
  /** Equity across all the user's wallets, USD: loss budgets are measured on it. */
  readonly equityUsd: Decimal;
  /** Free USD-like balance of the trading wallet. */
  readonly availableCashUsd: Decimal;
  readonly positions: readonly MarkedPosition[];
  readonly lossBudgets: LossBudgetStatus;
  readonly trading: TradingStateEvaluation;
  readonly history: TradeHistorySummary;
  readonly book: RiskBook;
  readonly now: Date;
}

export interface RiskContextDeps {
  readonly accounts: AccountRepository;
  readonly positions: PositionRepository;
  readonly tradingStates: TradingStateStore;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
}

const periods: readonly LossPeriod[] = ['day', 'week', 'month'];

/**
 * Loads a user's risk context and brings the persisted trading state up to date: a loss budget
 * spent moves it to REDUCING, a losing streak to PAUSED, a new period lifts REDUCING. Every
 * change is stored with its reason, audited and sent to the user. `command` applies an explicit
 * pause / resume / kill in the same step.
 */
export function makeLoadRiskContext(deps: RiskContextDeps) {
  return async function loadRiskContext(user: UserAccount, opts: { walletId?: number; command?: TradingCommand; actor?: string } = {}): Promise<RiskContext> {
    // The state is saved compare-and-set on what was read: when another writer (the kill switch,
    // a second context) changed it meanwhile, read and decide again from the newer state.
    for (let attempt = 0; attempt < 4; attempt++) {
      const context = await loadOnce(deps, user, opts);
      if (context) return context;
      deps.log.info({ userId: user.id, attempt }, 'trading state changed while the risk context was loading: reloading');
    }
    throw new Error(`user ${user.id}: the trading state kept changing while the risk context was loading`);
  };
}

/** One read-evaluate-save pass; null when the state was changed by another writer before the save. */
async function loadOnce(deps: RiskContextDeps, user: UserAccount, opts: { walletId?: number; command?: TradingCommand; actor?: string }): Promise<RiskContext | null> {
  const now = deps.clock.now();
  const [settings, wallets, openRecords, stored] = await Promise.all([
    deps.accounts.riskSettings(user.id),
    deps.accounts.listWallets(user.id),
    deps.positions.listOpen(user.id),
    deps.tradingStates.load(user.id),
  ]);
  const wallet = (opts.walletId === undefined ? wallets[0] : wallets.find((w) => w.id === opts.walletId)) ?? null;
  if (!wallet) throw new Error(`user ${user.id} has no wallet ${opts.walletId ?? ''}`.trim());

  let equityUsd = ZERO;
  let availableCashUsd = ZERO;
  let tradingExchange: Exchange | null = null;
  const marks = new Map<string, Decimal>();
  for (const w of wallets) {
    const exchange = await deps.exchangeForWallet(w);
    if (w.id === wallet.id) tradingExchange = exchange;
    const balances = [...(await exchange.fetchBalances()).values()];
    const prices = new Map<string, Decimal>();
    for (const b of balances) {
      if (usdAssets.has(b.asset) || b.total.isZero()) continue;
      const symbol = `${b.asset}/USDT`;
      if ((await exchange.loadMarkets()).has(symbol)) prices.set(b.asset, await markOf(exchange, symbol, marks));
    }
    equityUsd = equityUsd.plus(valueBalances(balances, prices).equityUsd);
    if (w.id === wallet.id) {
      for (const b of balances) if (usdAssets.has(b.asset)) availableCashUsd = availableCashUsd.plus(b.free);
    }
  }
  const exchange = tradingExchange!;
  const positions: MarkedPosition[] = [];
  for (const record of openRecords) {
    const walletOfPosition = wallets.find((w) => w.id === record.walletId);
    const ex = walletOfPosition ? await deps.exchangeForWallet(walletOfPosition) : exchange;
    positions.push({ record, markPrice: await markOf(ex, record.symbol, marks) });
  }

  const periodMarks = rollPeriodMarks(stored.periodMarks, equityUsd, now, user.timezone);
  const lossBudgets = computeLossBudgets({
    now,
    timeZone: user.timezone,
    equityUsd,
    equityAtDayStartUsd: periodMarks.day!.equityUsd,
    equityAtWeekStartUsd: periodMarks.week!.equityUsd,
    equityAtMonthStartUsd: periodMarks.month!.equityUsd,
    settings,
  });
  const closedTrades = await deps.positions.listClosedOutcomes(user.id, null);
  const trading = evaluateTradingState(
    stored.status,
    { command: opts.command ?? null, lossBudgets, closedTrades, maxConsecutiveLosses: settings.maxConsecutiveLosses },
    now,
  );
  if (!(await persist(deps, user, opts.actor ?? 'system', stored, { status: trading.status, consecutiveLosses: trading.consecutiveLosses, periodMarks }, trading.changed))) return null;

  const book = prepareRiskBook({
    settings,
    account: { equityUsd, availableCashUsd },
    positions: positions.map((p) => toOpenPosition(p, exchange)),
    lossBudgets,
    tradingState: trading.status.state,
  });
  return {
    user, wallet, exchange, settings, equityUsd, availableCashUsd, positions, lossBudgets, trading,
    history: summarizeTradeHistory(closedTrades), book, now,
  };
}

async function markOf(exchange: Exchange, symbol: string, cache: Map<string, Decimal>): Promise<Decimal> {
  const key = `${exchange.id}:${symbol}`;
  let price = cache.get(key);
  if (!price) {
    price = (await exchange.fetchTicker(symbol)).last;
    cache.set(key, price);
  }
  return price;
}

/**
 * Starts a new baseline for every period that began since its mark was taken: the equity seen
 * first in a new day, week or month is where that period's loss is measured from.
 */
export function rollPeriodMarks(current: PeriodMarks, equityUsd: Decimal, now: Date, timeZone: string): PeriodMarks {
  const next: Record<LossPeriod, PeriodMarks[LossPeriod]> = { ...current };
  for (const period of periods) {
    const { startAt } = getPeriodBounds(now, timeZone, period);
    const mark = current[period];
    if (!mark || mark.startAt.getTime() !== startAt.getTime()) next[period] = { startAt, equityUsd };
  }
  return next;
}

function toOpenPosition(p: MarkedPosition, exchange: Exchange): OpenPosition {
  let feeRate = new Decimal('0.001');
  try {
    feeRate = exchange.market(p.record.symbol).takerFeeRate;
  } catch {
    // A market the exchange no longer lists: keep a conservative default fee for its exit.
  }
  return {
    symbol: p.record.symbol,
    side: p.record.side,
    entryPriceQuote: p.record.entryPrice,
    stopPriceQuote: p.record.stopPrice,
    qtyBase: p.record.qtyBase,
    markPriceQuote: p.markPrice,
    leverage: p.record.leverage.toNumber(),
    feeRate,
  };
}

/** Saves what changed (false: another writer changed the state first, nothing was saved). */
async function persist(deps: RiskContextDeps, user: UserAccount, actor: string, before: StoredTradingState, after: StoredTradingState, changed: boolean): Promise<boolean> {
  const marksMoved = periods.some((p) => before.periodMarks[p]?.startAt.getTime() !== after.periodMarks[p]?.startAt.getTime());
  if (!changed && !marksMoved && before.consecutiveLosses === after.consecutiveLosses) return true;
  if (!(await deps.tradingStates.save(user.id, after, before.status, { recordTransition: changed }))) return false;
  if (!changed) return true;
  const event = {
    from: before.status.state,
    to: after.status.state,
    reason: after.status.reason,
    detail: after.status.detail,
    resumeAt: after.status.resumeAt?.toISOString() ?? null,
  };
  deps.log.info({ userId: user.id, ...event }, 'trading state changed');
  await deps.accounts.recordAudit({ userId: user.id, actor, action: 'trading_state.changed', before: { state: before.status.state }, after: event, at: after.status.changedAt });
  await deps.notifier.notify(user.id, { kind: 'TRADING_STATE_CHANGED', data: event });
  return true;
}
