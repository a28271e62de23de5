import type { AccountRepository } from '../accounts/account-repository.js';
import type { WalletInfo } from '../accounts/account.js';
import { followUpClientOrderId } from '../execution/client-order-id.js';
import type { OrderRecord, OrderRepository, OrderStatus } from '../execution/order-repository.js';
import { settleOrderWithVenue } from '../execution/reconcile-open-orders.js';
import { Decimal, ZERO } from '../money.js';
import type { Clock, Exchange, Logger, Notifier } from '../ports.js';
import type { PositionRecord } from '../positions/position-record.js';
import type { PositionRepository } from '../positions/position-repository.js';
import { entryClientOrderId } from './entry-client-order-id.js';
import { openEntryPosition } from './open-entry-position.js';
import type { OrderLinks } from './order-links.js';
import type { SignalRecord } from './signal-record.js';
import type { SignalRepository } from './signal-repository.js';

/** Entry reasons that mean "the executor returned without a known outcome" (see executeEntry). */
export const unsettledEntryReasons: readonly string[] = ['UNKNOWN_OUTCOME', 'EXECUTION_ERROR'];

export interface SettleEntriesDeps {
  readonly signals: SignalRepository;
  readonly orders: Pick<OrderRepository, 'findByClientOrderId' | 'updateOrder' | 'appendExecutionLog'>;
  readonly positions: PositionRepository;
  readonly orderLinks: OrderLinks;
  readonly accounts: Pick<AccountRepository, 'listWallets' | 'recordAudit'>;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly notifier: Notifier;
  /** Rests the opened position's protective stop at once (see TradingDeps.onPositionOpened). */
  readonly onPositionOpened?: (position: PositionRecord) => Promise<unknown>;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: Logger;
  /** Signals looked at per run (default 100). */
  readonly batch?: number;
}

export interface SettleEntriesSummary {
  readonly checked: number;
  /** Entries that had filled: their position is open now. */
  readonly opened: number;
  /** Entries that never filled (or never left): the signal is rejected with the reason. */
  readonly notExecuted: number;
  /** Entries the venue could not settle yet (unreachable, order still live): tried again next run. */
  readonly pending: number;
}

/** The audit actor of settlements. */
export const SETTLE_ENTRIES_ACTOR = 'system:settle-entries';

const finalStatuses: ReadonlySet<OrderStatus> = new Set(['filled', 'partially_filled', 'canceled', 'rejected']);

/**
 * Finishes entries whose outcome was lost: a signal left `approved` because the venue's answer
 * never came (UNKNOWN_OUTCOME), the executor failed on an outage (EXECUTION_ERROR), or — at
 * start-up only (`atStartup`) — because the process died while it was executing.
 *
 * For each, the entry's orders are found from the signal alone (the first leg's id is
 * entryClientOrderId, later legs followUpClientOrderId of it), unresolved ones are settled with
 * the venue by client id (settleOrderWithVenue: looked up, never resent), and then:
 * - something filled: the position is opened from the summed fill exactly as executeEntry would
 *   have (openEntryPosition, the decided stop and targets of the stored decision), the signal
 *   becomes `executed` (FILLED_LATE / PARTIALLY_FILLED_LATE), audited, and the user is told
 *   (ENTRY_SETTLED) — an exchange position is never left unmanaged;
 * - nothing filled, or no order was ever stored: the signal is `rejected` with the reason;
 * - the venue cannot tell yet: the signal is left for the next run.
 * Positions already linked to the entry's orders (a crash after opening) are not opened twice.
 * Runs are serialised: a call while one is running returns null.
 */
export function makeSettleUnsettledEntries(deps: SettleEntriesDeps) {
  let running = false;
  return async function settleUnsettledEntries(options: { readonly atStartup: boolean } = { atStartup: false }): Promise<SettleEntriesSummary | null> {
    if (running) return null;
    running = true;
    try {
      const counts = { checked: 0, opened: 0, notExecuted: 0, pending: 0 };
      const signals = await deps.signals.listUnsettledEntries({ reasons: unsettledEntryReasons, anyApproved: options.atStartup, limit: deps.batch ?? 100 });
      for (const signal of signals) {
        counts.checked++;
        try {
          const result = await settleOne(deps, signal);
          if (result === 'opened') counts.opened++;
          else if (result === 'not_executed') counts.notExecuted++;
          else counts.pending++;
        } catch (error) {
          counts.pending++;
          deps.log.error({ err: error, signalId: signal.id }, 'settling an entry failed: left for the next run');
        }
      }
      if (counts.checked > 0) deps.log.info(counts, 'settled entries with lost outcomes');
      return counts;
    } finally {
      running = false;
    }
  };
}

type SettleResult = 'opened' | 'not_executed' | 'pending';

async function settleOne(deps: SettleEntriesDeps, signal: SignalRecord): Promise<SettleResult> {
  const log = deps.log.child({ signalId: signal.id, userId: signal.userId });
  const wallet = signal.walletId === null ? undefined : (await deps.accounts.listWallets(signal.userId)).find((w) => w.id === signal.walletId);
  const stored = await findEntryOrders(deps, signal);
  if (stored.length === 0) return reject(deps, signal, 'NOT_SENT', log);
  if (!wallet) {
    log.error({ walletId: signal.walletId }, 'entry orders exist but the wallet is gone: left for the next run');
    return 'pending';
  }

  const orders: OrderRecord[] = [];
  for (const order of stored) {
    if (finalStatuses.has(order.status)) {
      orders.push(order);
      continue;
    }
    const settled = await settleOrderWithVenue({ ...deps, exchangeFor: () => deps.exchangeForWallet(wallet) }, order);
    if (settled.kind === 'failed' || settled.order.status === 'open') return 'pending';
    orders.push(settled.order);
  }

  const fill = sumFills(orders);
  if (fill === null) return reject(deps, signal, orders[orders.length - 1]!.error ?? 'NOT_FILLED', log);

  const alreadyOpened = orders.find((o) => o.positionId !== null)?.positionId ?? null;
  let positionId = alreadyOpened;
  if (positionId === null) {
    const exchange = await deps.exchangeForWallet(wallet);
    await exchange.loadMarkets();
    const market = exchange.market(signal.symbol);
    // The levels the decision was taken with (what the user approved), else the signal's own.
    const snapshot = signal.decision;
    const position = await openEntryPosition(deps, {
      userId: signal.userId, walletId: wallet.id, signalId: signal.id, symbol: signal.symbol, side: signal.side,
      stopPriceQuote: snapshot ? new Decimal(snapshot.stopPriceQuote) : signal.prices.stopPriceQuote,
      targetPricesQuote: snapshot ? snapshot.targetPricesQuote.map((t) => new Decimal(t)) : signal.prices.targetPricesQuote,
      leverage: snapshot?.size?.leverage ?? 1,
      market,
      fill,
    });
    positionId = position.id;
  }
  const requested = orders[0]!.qtyBase;
  const isPartial = fill.filledQtyBase.lt(requested);
  const moved = await deps.signals.transition(signal.id, ['approved'], 'executed', { statusReason: isPartial ? 'PARTIALLY_FILLED_LATE' : 'FILLED_LATE' });
  if (!moved) return 'pending'; // someone else finished it meanwhile
  const at = deps.clock.now();
  await deps.accounts.recordAudit({
    userId: signal.userId, actor: SETTLE_ENTRIES_ACTOR, action: 'signal.executed', target: `signal:${signal.id}`,
    after: { positionId, qtyBase: fill.filledQtyBase.toString(), avgPrice: fill.avgPriceQuote.toString(), settledLate: true }, at,
  });
  log.info({ positionId, qtyBase: fill.filledQtyBase.toString(), avgPrice: fill.avgPriceQuote.toString(), wasOpened: alreadyOpened !== null }, 'lost entry outcome settled: position open');
  await notify(deps, signal, {
    result: 'opened', positionId, qtyBase: fill.filledQtyBase.toString(), avgPriceQuote: fill.avgPriceQuote.toString(), isPartial,
  });
  return 'opened';
}

/** The entry's stored orders, first leg first; stops at the first id never stored. */
async function findEntryOrders(deps: SettleEntriesDeps, signal: SignalRecord): Promise<OrderRecord[]> {
  const base = entryClientOrderId(signal.userId, signal.id);
  const found: OrderRecord[] = [];
  for (let leg = 0; ; leg++) {
    const order = await deps.orders.findByClientOrderId(leg === 0 ? base : followUpClientOrderId(base, leg));
    if (!order) return found;
    found.push(order);
  }
}

function sumFills(orders: readonly OrderRecord[]) {
  let qty = ZERO;
  let cost = ZERO;
  let fee = ZERO;
  for (const o of orders) {
    fee = fee.plus(o.feeQuote);
    if (o.filledQtyBase.lte(0) || o.avgFillPrice === null) continue;
    qty = qty.plus(o.filledQtyBase);
    cost = cost.plus(o.filledQtyBase.mul(o.avgFillPrice));
  }
  if (qty.lte(0)) return null;
  return { filledQtyBase: qty, avgPriceQuote: cost.div(qty), feeQuote: fee, clientOrderIds: orders.map((o) => o.clientOrderId) };
}

async function reject(deps: SettleEntriesDeps, signal: SignalRecord, reason: string, log: Logger): Promise<SettleResult> {
  if (!(await deps.signals.transition(signal.id, ['approved'], 'rejected', { statusReason: reason }))) return 'pending';
  await deps.accounts.recordAudit({
    userId: signal.userId, actor: SETTLE_ENTRIES_ACTOR, action: 'signal.not_executed', target: `signal:${signal.id}`, after: { reason, settledLate: true }, result: 'refused', at: deps.clock.now(),
  });
  log.info({ reason }, 'lost entry outcome settled: nothing filled');
  await notify(deps, signal, { result: 'not_executed', reason });
  return 'not_executed';
}

async function notify(deps: SettleEntriesDeps, signal: SignalRecord, data: Record<string, unknown>): Promise<void> {
  try {
    await deps.notifier.notify(signal.userId, { kind: 'ENTRY_SETTLED', data: { signalId: signal.id, symbol: signal.symbol, side: signal.side, ...data } });
  } catch (error) {
    deps.log.error({ err: error, signalId: signal.id }, 'entry settlement not announced');
  }
}
