import type { UserAccount } from '../accounts/account.js';
import type { PositionRecord } from '../positions/position-record.js';
import type { TradingState } from '../risk/evaluate-trading-state.js';
import { closeVenuePositions } from './close-venue-positions.js';
import { isBalanceTracked, killedPositionOf, newKillTarget, remainingQty, unclosedPositionOf, type KillTarget } from './kill-target.js';
import { openKillVenues, type KillVenue } from './kill-venue.js';
import {
  defaultKillSwitchConfig,
  type CancelFailure,
  type CancelledOrder,
  type KillPreview,
  type KillReport,
  type KillStateWrite,
  type KillSwitchConfig,
  type KillSwitchDeps,
  type KillVerification,
  type UnclosedPosition,
} from './kill-switch-types.js';
import { allocateResidual } from './allocate-residual.js';
import { lockKillPositions } from './lock-kill-positions.js';
import { setKilledState } from './set-killed-state.js';
import { sweepVenue } from './sweep-venue.js';
import { verifyVenue, type VenueCheck } from './verify-venue.js';

export interface KillSwitch {
  /** Flattens the user's trading and reports what happened; see makeKillSwitch. */
  fire(user: UserAccount, actor: string): Promise<KillReport>;
  /** What a kill would do now (positions, open orders), for the confirmation question. Changes nothing. */
  preview(user: UserAccount): Promise<KillPreview>;
}

/**
 * The kill switch. fire(user, actor), in order:
 * 1. trading state KILLED (setKilledState): entries, DCA and pending approvals stop. The risk
 *    context values every wallet at the venue before it stores the state (many round trips), so the
 *    next steps start at once instead of waiting for it; once KILLED is stored the book is read
 *    again and any position opened meanwhile is closed too;
 * 2. every open order on every wallet's exchange is cancelled and recorded;
 * 3. every open position is closed through the executor (purpose 'kill': urgent, reduce-only,
 *    capped at the slippage cap), in parallel within each venue's order rate (a token bucket),
 *    holding the position's shared lock so no stop or chat close acts on it meanwhile;
 * 4. each venue is read back (open orders, balances, lookups of unknown outcomes) and what is left
 *    is retried, for at most `maxRounds` rounds; nothing is resent before its outcome is known.
 * Returns the report: each position closed at what price and P&L (positions marked closed with
 * closeReason KILL_SWITCH, realised P&L and R), what could not be closed and why, the orders
 * cancelled, whether the venues were verified flat and the time to flat. Fires for one user run
 * one at a time; firing again finds nothing to do and says so. Throws only when the store fails.
 */
export function makeKillSwitch(deps: KillSwitchDeps): KillSwitch {
  const config: KillSwitchConfig = { ...defaultKillSwitchConfig, ...deps.config };
  const running = new Map<number, Promise<unknown>>();

  /** Runs `task` after the user's previous kill finished: a double tap must not close twice. */
  function oneAtATime<T>(userId: number, task: () => Promise<T>): Promise<T> {
    const previous = running.get(userId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    running.set(userId, settled);
    void settled.then(() => {
      if (running.get(userId) === settled) running.delete(userId);
    });
    return next;
  }

  return {
    fire: (user, actor) => oneAtATime(user.id, () => fireOnce(deps, config, user, actor)),
    preview: (user) => previewKill(deps, config, user),
  };
}

async function fireOnce(deps: KillSwitchDeps, config: KillSwitchConfig, user: UserAccount, actor: string): Promise<KillReport> {
  const startedMs = deps.elapsedMs();
  const startedAt = deps.clock.now();
  const log = deps.log.child({ userId: user.id, component: 'kill-switch' });
  const previousState = await deps.tradingStates.load(user.id).then((s) => s.status.state, () => null);
  log.warn({ actor, previousState }, 'kill switch fired');
  const stateWritten = setKilledState({ ...deps, log }, user, actor, config.stateDeadlineMs);
  let stateWrite: KillStateWrite | null = null;

  const [wallets, listed] = await Promise.all([deps.accounts.listWallets(user.id), deps.positions.listOpen(user.id)]);
  const venues = await openKillVenues(deps, config, wallets);
  const venueOf = new Map(venues.map((v) => [v.wallet.id, v]));
  const targets: KillTarget[] = [];
  /** Positions this kill could not work on: their wallet is gone, or another action kept them busy. */
  const skipped: UnclosedPosition[] = [];
  const releases: (() => void)[] = [];
  const take = async (positions: readonly PositionRecord[]) => {
    const locked = await lockKillPositions(deps, user.id, positions, config.lockWaitMs);
    releases.push(locked.release);
    for (const p of locked.busy) skipped.push(unclosedOf(p, 'POSITION_BUSY', 'another action kept working on it'));
    for (const p of locked.held) {
      const venue = venueOf.get(p.walletId);
      if (venue) targets.push(newKillTarget(p, venue));
      else skipped.push(unclosedOf(p, 'EXCHANGE_UNREACHABLE', `wallet ${p.walletId} not found`));
    }
    return locked.held.length;
  };

  try {
    const firstCount = await take(listed);
    const sweeps = await Promise.all(venues.map((venue) => sweepVenue({ ...deps, log }, config, venue, targets.filter((t) => t.venue === venue))));
    const cancelled: CancelledOrder[] = sweeps.flatMap((s) => s.cancelled);
    const cancelFailures: CancelFailure[] = sweeps.flatMap((s) => s.cancelFailures);
    const holdings = new Map(venues.map((v, i) => [v.wallet.id, sweeps[i]!.holdings]));
    const residuals = new Map(venues.map((v, i) => [v.wallet.id, sweeps[i]!.residuals]));
    let lateCount = 0;

    let verification: KillVerification = { isFlat: false, openOrdersLeft: 0, residuals: [], unreachable: [] };
    let timeToFlatMs: number | null = null;
    let rounds = 0;
    for (let round = 1; round <= config.maxRounds; round++) {
      rounds = round;
      await Promise.all(
        venues.map((venue) => {
          const pending = targets.filter((t) => t.venue === venue && !t.isDone && t.unknownClientOrderIds.length === 0);
          if (pending.length === 0) return Promise.resolve();
          const shares = allocateResidual(
            pending.map((t) => ({ positionId: t.before.id, asset: isBalanceTracked(t) ? assetOf(venue, t.before.symbol) : null, remainingBase: remainingQty(t) })),
            residuals.get(venue.wallet.id) ?? null,
          );
          return closeVenuePositions({ ...deps, log }, venue, pending, shares, { slippageCapPct: config.slippageCapPct, maxConcurrent: config.maxConcurrent });
        }),
      );
      if (stateWrite === null) {
        stateWrite = await stateWritten;
        // Anything opened before KILLED was stored is in the book now, and nothing can be opened after.
        const known = new Set([...targets.map((t) => t.before.id), ...skipped.map((s) => s.positionId)]);
        lateCount = await take((await deps.positions.listOpen(user.id)).filter((p) => !known.has(p.id)));
      }
      const checks = await Promise.all(
        venues.map(async (venue) => {
          const check = await verifyVenue({ ...deps, log }, venue, targets.filter((t) => t.venue === venue), holdings.get(venue.wallet.id) ?? null, {
            readAttempts: config.readAttempts, pauseMs: config.roundPauseMs / 2,
          });
          if (check.isReachable) residuals.set(venue.wallet.id, check.residualByAsset);
          return { venue, check };
        }),
      );
      for (const { check } of checks) {
        cancelled.push(...check.cancelled);
        cancelFailures.push(...check.cancelFailures);
      }
      verification = summarize(checks, targets, skipped);
      if (verification.isFlat) {
        timeToFlatMs = Math.round(deps.elapsedMs() - startedMs);
        break;
      }
      if (round < config.maxRounds) await deps.sleep(config.roundPauseMs * round);
    }

    const ordersSeen = sweeps.reduce((n, s) => n + s.ordersSeen, 0);
    const hadNothingToDo = firstCount + lateCount === 0 && skipped.length === 0 && ordersSeen === 0 && cancelled.length === 0 && sweeps.every((s) => s.isRead);
    // Not closed: back to 'open' (with whatever quantity is left) so position management keeps it.
    const unclosedTargets = targets.filter((t) => !t.isDone);
    for (const t of unclosedTargets) await deps.positions.update(t.before.id, { status: 'open' });
    const report: KillReport = {
      userId: user.id, actor, startedAt, previousState, stateWrite: stateWrite ?? (await stateWritten), hadNothingToDo, slippageCapPct: config.slippageCapPct,
      cancelled, cancelFailures, closed: targets.filter((t) => t.isDone).map(killedPositionOf), unclosed: [...unclosedTargets.map(unclosedPositionOf), ...skipped],
      verification, rounds, timeToFlatMs, elapsedMs: Math.round(deps.elapsedMs() - startedMs),
    };
    await deps.accounts.recordAudit({
      userId: user.id, actor, action: 'kill_switch.fired', result: verification.isFlat ? 'ok' : 'failed', at: deps.clock.now(),
      after: {
        stateWrite: report.stateWrite, rounds, isFlat: verification.isFlat, timeToFlatMs, cancelled: cancelled.map((c) => c.clientOrderId || c.exchangeOrderId),
        closed: report.closed.map((c) => ({ positionId: c.positionId, avgPrice: c.avgPriceQuote?.toString() ?? null, pnlUsd: c.pnlUsd.toString(), note: c.note })),
        unclosed: report.unclosed.map((u) => ({ positionId: u.positionId, reason: u.reason, qtyLeft: u.qtyLeftBase.toString() })),
      },
    });
    log.warn({ isFlat: verification.isFlat, closed: report.closed.length, unclosed: report.unclosed.length, cancelled: cancelled.length, rounds, timeToFlatMs }, 'kill switch finished');
    return report;
  } finally {
    for (const release of releases) release();
  }
}

function unclosedOf(p: PositionRecord, reason: UnclosedPosition['reason'], message: string): UnclosedPosition {
  return { positionId: p.id, walletId: p.walletId, symbol: p.symbol, side: p.side, qtyLeftBase: p.qtyBase, reason, message };
}

function summarize(checks: readonly { venue: KillVenue; check: VenueCheck }[], targets: readonly KillTarget[], skipped: readonly UnclosedPosition[]): KillVerification {
  const unreachable = checks
    .filter(({ check }) => !check.isReachable)
    .map(({ venue, check }) => ({ walletId: venue.wallet.id, message: check.message ?? 'no answer' }));
  for (const o of skipped) if (o.reason === 'EXCHANGE_UNREACHABLE') unreachable.push({ walletId: o.walletId, message: o.message });
  const openOrdersLeft = checks.reduce((n, { check }) => n + check.openOrdersLeft, 0);
  const residuals = checks.flatMap(({ check }) => check.residuals);
  const isFlat = unreachable.length === 0 && openOrdersLeft === 0 && residuals.length === 0 && targets.every((t) => t.isDone) && skipped.length === 0;
  return { isFlat, openOrdersLeft, residuals, unreachable };
}

function assetOf(venue: KillVenue, symbol: string): string {
  try {
    return venue.exchange!.market(symbol).base;
  } catch {
    return symbol.split('/')[0] ?? symbol;
  }
}

async function previewKill(deps: KillSwitchDeps, config: KillSwitchConfig, user: UserAccount): Promise<KillPreview> {
  const [wallets, open, stored] = await Promise.all([deps.accounts.listWallets(user.id), deps.positions.listOpen(user.id), deps.tradingStates.load(user.id)]);
  let openOrders: number | null = 0;
  for (const wallet of wallets) {
    try {
      const exchange = await deps.exchangeForWallet(wallet);
      openOrders = openOrders === null ? null : openOrders + (await exchange.fetchOpenOrders()).length;
    } catch (error) {
      deps.log.warn({ userId: user.id, walletId: wallet.id, err: error }, 'kill preview: open orders unknown');
      openOrders = null;
    }
  }
  const state: TradingState = stored.status.state;
  return { positions: open.length, openOrders, slippageCapPct: config.slippageCapPct, state };
}
