import type { OrderRepository } from '../execution/order-repository.js';
import { ZERO, type Decimal } from '../money.js';
import type { Clock, Exchange, ExchangeOrder, Logger } from '../ports.js';
import type { PositionRepository } from '../positions/position-repository.js';
import { allocateResidual, residualOf } from './allocate-residual.js';
import { cancelVenueOrders } from './cancel-venue-orders.js';
import { addKillFill, closeKillTarget, isBalanceTracked, remainingQty, type KillTarget } from './kill-target.js';
import type { KillVenue } from './kill-venue.js';
import type { CancelFailure, CancelledOrder, VenueResidual } from './kill-switch-types.js';
import { readWithRetries } from './read-with-retries.js';
import { recordVenueOrder } from './record-venue-order.js';

export interface VerifyDeps {
  readonly orders: OrderRepository;
  readonly positions: PositionRepository;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: Logger;
}

export interface VenueCheck {
  /** False when the venue could not be read back: nothing about it is verified. */
  readonly isReachable: boolean;
  readonly message: string | null;
  readonly cancelled: readonly CancelledOrder[];
  readonly cancelFailures: readonly CancelFailure[];
  /** Open orders seen and not cancelled, or not known because a lookup failed. */
  readonly openOrdersLeft: number;
  /** What positions still hold at the venue, tradable amounts only. */
  readonly residuals: readonly VenueResidual[];
  /** Base quantity held for our positions, by asset: the next round's limit; null when unknown. */
  readonly residualByAsset: ReadonlyMap<string, Decimal> | null;
}

export interface VerifyOptions {
  readonly readAttempts: number;
  readonly pauseMs: number;
}

/**
 * Reads one venue back after a round of closes and settles the book with what it says:
 * 1. orders whose outcome was unknown are looked up by client id (never resent): a fill is applied,
 *    a still-open one is cancelled, an absent one never arrived;
 * 2. any open order is cancelled (again);
 * 3. positions whose book quantity is all filled are closed; for spot longs the base balance, less
 *    what the wallet held besides its positions when the kill started (`holdingsBase`), is shared
 *    out over the remaining positions, and one whose share is below the market's minimum is closed
 *    (DUST_REMAINDER, or NOTHING_AT_VENUE when its book quantity was tradable).
 * Reads are retried `readAttempts` times; a venue that does not answer is reported unreachable.
 */
export async function verifyVenue(deps: VerifyDeps, venue: KillVenue, targets: readonly KillTarget[], holdingsBase: ReadonlyMap<string, Decimal> | null, o: VerifyOptions): Promise<VenueCheck> {
  const exchange = venue.exchange;
  const unreachable = (message: string): VenueCheck => ({ isReachable: false, message, cancelled: [], cancelFailures: [], openOrdersLeft: 0, residuals: [], residualByAsset: null });
  if (!exchange) return unreachable(venue.unavailable ?? 'exchange unavailable');
  const read = <T>(fn: () => Promise<T>) => readWithRetries(fn, { attempts: o.readAttempts, pauseMs: o.pauseMs, sleep: deps.sleep });
  let unsettledLookups = 0;

  for (const t of targets) {
    for (const clientOrderId of [...t.unknownClientOrderIds]) {
      const found = await read(() => exchange.fetchOrderByClientId(t.before.symbol, clientOrderId));
      if (!found.ok) {
        unsettledLookups++;
        continue;
      }
      t.unknownClientOrderIds.splice(t.unknownClientOrderIds.indexOf(clientOrderId), 1);
      if (found.value === null) {
        // It never reached the venue: nothing to undo, the next round sends afresh.
        await markNotAtVenue(deps, t.before.userId, clientOrderId);
        continue;
      }
      const order = found.value.status === 'open' ? await cancelQuietly(venue, exchange, found.value, deps.log) : found.value;
      await recordVenueOrder(deps, t.before.userId, order, { action: 'kill', note: 'UNKNOWN_OUTCOME_RESOLVED' });
      if (order.filledQtyBase.gt(0) && order.avgPrice !== null) {
        await addKillFill(deps, t, { qtyBase: order.filledQtyBase, avgPriceQuote: order.avgPrice, feeQuote: order.feeQuote });
      }
    }
  }

  for (const t of targets) if (!t.isDone && remainingQty(t).lte(0)) await closeKillTarget(deps, t, null);
  // Balance totals do not change when an order is cancelled: both are read at once.
  const tracked = targets.filter((t) => !t.isDone && isBalanceTracked(t));
  const [open, balances] = await Promise.all([read(() => exchange.fetchOpenOrders()), tracked.length > 0 ? read(() => exchange.fetchBalances()) : Promise.resolve(null)]);
  if (!open.ok) return unreachable(open.message);
  const cancels = await cancelVenueOrders(deps, venue, open.value);
  let residualByAsset: Map<string, Decimal> | null = null;
  if (balances) {
    if (!balances.ok) return { ...unreachable(balances.message), cancelled: cancels.cancelled, cancelFailures: cancels.failures };
    residualByAsset = new Map();
    for (const t of tracked) {
      const asset = baseOf(exchange, t.before.symbol);
      residualByAsset.set(asset, residualOf(balances.value.get(asset)?.total ?? ZERO, holdingsBase?.get(asset) ?? ZERO));
    }
  }
  const shares = allocateResidual(
    targets.filter((t) => !t.isDone).map((t) => ({ positionId: t.before.id, asset: isBalanceTracked(t) ? baseOf(exchange, t.before.symbol) : null, remainingBase: remainingQty(t) })),
    residualByAsset,
  );
  const residuals: VenueResidual[] = [];
  const closing: Promise<void>[] = [];
  for (const t of targets) {
    if (t.isDone) continue;
    const share = shares.get(t.before.id) ?? ZERO;
    if (isTradable(exchange, t, share)) {
      residuals.push({ walletId: venue.wallet.id, symbol: t.before.symbol, qtyBase: share });
      continue;
    }
    // Nothing tradable is left of it at the venue: the position is over.
    const note = isTradable(exchange, t, remainingQty(t)) ? 'NOTHING_AT_VENUE' : 'DUST_REMAINDER';
    closing.push(closeKillTarget(deps, t, note));
  }
  await Promise.all(closing);
  return {
    isReachable: unsettledLookups === 0,
    message: unsettledLookups === 0 ? null : `${unsettledLookups} order lookup(s) failed`,
    cancelled: cancels.cancelled,
    cancelFailures: cancels.failures,
    openOrdersLeft: cancels.failures.length,
    residuals,
    residualByAsset,
  };
}

/** The holdings of each base asset that are not our positions': what the wallet keeps after a kill. */
export function holdingsBesidePositions(exchange: Exchange, targets: readonly KillTarget[], totals: ReadonlyMap<string, Decimal>): Map<string, Decimal> {
  const claimed = new Map<string, Decimal>();
  for (const t of targets) {
    if (!isBalanceTracked(t)) continue;
    const asset = baseOf(exchange, t.before.symbol);
    claimed.set(asset, (claimed.get(asset) ?? ZERO).plus(t.before.qtyBase));
  }
  const holdings = new Map<string, Decimal>();
  for (const [asset, qty] of claimed) holdings.set(asset, residualOf(totals.get(asset) ?? ZERO, qty));
  return holdings;
}

/** At or above the market's minimum quantity and value (at the kill's fill price, else the entry). */
function isTradable(exchange: Exchange, t: KillTarget, qtyBase: Decimal): boolean {
  if (qtyBase.lte(0)) return false;
  let minQty = ZERO;
  let minNotional = ZERO;
  try {
    const market = exchange.market(t.before.symbol);
    minQty = market.minQty;
    minNotional = market.minNotional;
  } catch {
    // unknown market: any positive quantity counts, so the position stays reported rather than closed
  }
  const price = t.fills.qtyBase.gt(0) ? t.fills.costQuote.div(t.fills.qtyBase) : t.before.entryPrice;
  return qtyBase.gte(minQty) && qtyBase.mul(price).gte(minNotional);
}

function baseOf(exchange: Exchange, symbol: string): string {
  try {
    return exchange.market(symbol).base;
  } catch {
    return symbol.split('/')[0] ?? symbol;
  }
}

async function markNotAtVenue(deps: VerifyDeps, userId: number, clientOrderId: string): Promise<void> {
  const record = await deps.orders.findByClientOrderId(clientOrderId);
  if (record && record.userId === userId) await deps.orders.updateOrder(record.id, { status: 'rejected', error: 'NOT_AT_VENUE', at: deps.clock.now() });
}

async function cancelQuietly(venue: KillVenue, exchange: Exchange, order: ExchangeOrder, log: Logger): Promise<ExchangeOrder> {
  try {
    await venue.bucket.take();
    return await exchange.cancelOrder(order.symbol, order.id);
  } catch (error) {
    log.warn({ symbol: order.symbol, orderId: order.id, err: error }, 'kill switch: cancel of a looked-up order failed');
    return order; // still open: the open-order sweep below tries again
  }
}
