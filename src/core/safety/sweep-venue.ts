import { ZERO, type Decimal } from '../money.js';
import { residualOf } from './allocate-residual.js';
import type { Logger } from '../ports.js';
import { cancelVenueOrders } from './cancel-venue-orders.js';
import { isBalanceTracked, type KillTarget } from './kill-target.js';
import type { KillVenue } from './kill-venue.js';
import type { CancelFailure, CancelledOrder, KillSwitchConfig, KillSwitchDeps } from './kill-switch-types.js';
import { readWithRetries } from './read-with-retries.js';
import { holdingsBesidePositions } from './verify-venue.js';

export interface VenueSweep {
  /** The open-order list could be read. */
  readonly isRead: boolean;
  readonly ordersSeen: number;
  readonly cancelled: readonly CancelledOrder[];
  readonly cancelFailures: readonly CancelFailure[];
  /** What the wallet holds besides its positions, by base asset; null when the balances were not read. */
  readonly holdings: ReadonlyMap<string, Decimal> | null;
  /** What it holds for its positions, by base asset: the first round's limit. */
  readonly residuals: ReadonlyMap<string, Decimal> | null;
}

/**
 * The kill switch's first pass over one venue: every open order is cancelled (freeing what resting
 * orders hold), and the balances are read alongside (totals, which cancels do not change) to fix
 * what the wallet holds besides its positions: that stays in the wallet after the kill.
 */
export async function sweepVenue(deps: KillSwitchDeps & { log: Logger }, config: KillSwitchConfig, venue: KillVenue, targets: readonly KillTarget[]): Promise<VenueSweep> {
  const exchange = venue.exchange;
  if (!exchange) return { isRead: false, ordersSeen: 0, cancelled: [], cancelFailures: [], holdings: null, residuals: null };
  const read = <T>(fn: () => Promise<T>) => readWithRetries(fn, { attempts: config.readAttempts, pauseMs: config.roundPauseMs / 2, sleep: deps.sleep });
  const [openOrders, balances] = await Promise.all([
    read(() => exchange.fetchOpenOrders()),
    targets.some(isBalanceTracked) ? read(() => exchange.fetchBalances()) : Promise.resolve(null),
  ]);
  const cancels = openOrders.ok ? await cancelVenueOrders(deps, venue, openOrders.value) : { cancelled: [], failures: [] };
  let holdings: Map<string, Decimal> | null = null;
  let residuals: Map<string, Decimal> | null = null;
  if (balances?.ok) {
    const totals = new Map([...balances.value].map(([asset, b]) => [asset, b.total]));
    holdings = holdingsBesidePositions(exchange, targets, totals);
    residuals = new Map();
    for (const [asset, held] of holdings) residuals.set(asset, residualOf(totals.get(asset) ?? ZERO, held));
  }
  return {
    isRead: openOrders.ok, ordersSeen: openOrders.ok ? openOrders.value.length : 0, cancelled: cancels.cancelled, cancelFailures: cancels.failures, holdings, residuals,
  };
}
