import { ZERO, type Decimal } from '../money.js';
import type { Clock } from '../ports.js';
import type { PositionRecord } from '../positions/position-record.js';
import type { PositionRepository } from '../positions/position-repository.js';
import { computeKillCloseFigures, noKillFills, type KillFillTotals } from './compute-kill-close-figures.js';
import type { KillVenue } from './kill-venue.js';
import type { KillCloseNote, KillFailureReason, KilledPosition, UnclosedPosition } from './kill-switch-types.js';

/** One position the kill switch is closing, and what happened to it so far. */
export interface KillTarget {
  /** The record as it was when the kill started: figures are recomputed from it, never accumulated twice. */
  readonly before: PositionRecord;
  readonly venue: KillVenue;
  fills: KillFillTotals;
  /** Client ids of closing orders whose outcome is unknown: looked up before anything is resent. */
  readonly unknownClientOrderIds: string[];
  lastFailure: { reason: KillFailureReason; message: string } | null;
  isDone: boolean;
  note: KillCloseNote | null;
}

export function newKillTarget(before: PositionRecord, venue: KillVenue): KillTarget {
  return { before, venue, fills: noKillFills, unknownClientOrderIds: [], lastFailure: null, isDone: false, note: null };
}

/** Book quantity still open. */
export function remainingQty(t: KillTarget): Decimal {
  const left = t.before.qtyBase.minus(t.fills.qtyBase);
  return left.gt(0) ? left : ZERO;
}

/** A spot long is held as the base asset: the wallet's balance says how much of it is really left. */
export function isBalanceTracked(t: KillTarget): boolean {
  return t.venue.wallet.marketType === 'spot' && t.before.side === 'long';
}

/** The side of the order that closes the position. */
export function closingSide(t: KillTarget): 'buy' | 'sell' {
  return t.before.side === 'long' ? 'sell' : 'buy';
}

/**
 * Adds a fill of the kill switch's orders and stores the position's new figures: closed once the
 * book quantity is all filled (the venue reported the fill), 'closing' until then.
 */
export async function addKillFill(deps: { positions: PositionRepository; clock: Clock }, t: KillTarget, fill: { qtyBase: Decimal; avgPriceQuote: Decimal; feeQuote: Decimal }): Promise<void> {
  if (fill.qtyBase.lte(0)) return;
  t.fills = { qtyBase: t.fills.qtyBase.plus(fill.qtyBase), costQuote: t.fills.costQuote.plus(fill.avgPriceQuote.mul(fill.qtyBase)), feeQuote: t.fills.feeQuote.plus(fill.feeQuote) };
  const f = computeKillCloseFigures(t.before, t.fills);
  if (f.qtyLeftBase.lte(0)) return closeKillTarget(deps, t, null);
  await deps.positions.update(t.before.id, { status: 'closing', qtyBase: f.qtyLeftBase, realisedPnlUsd: f.realisedPnlUsd, feesUsd: f.feesUsd });
}

/**
 * Marks the position closed by the kill switch (closeReason KILL_SWITCH) with its realised P&L and
 * R. Whatever the book still shows is below the market minimum or not at the venue (`note`).
 */
export async function closeKillTarget(deps: { positions: PositionRepository; clock: Clock }, t: KillTarget, note: KillCloseNote | null): Promise<void> {
  const f = computeKillCloseFigures(t.before, t.fills);
  t.isDone = true;
  t.note = note;
  await deps.positions.update(t.before.id, {
    status: 'closed', qtyBase: ZERO, realisedPnlUsd: f.realisedPnlUsd, feesUsd: f.feesUsd, unrealisedPnlUsd: ZERO, rMultiple: f.rMultiple,
    // Its resting stop was cancelled with every open order before the closes: nothing rests for it any more.
    closeReason: 'KILL_SWITCH', closedAt: deps.clock.now(), exchangeStopOrderId: null, stopOrderClientId: null, stopOrderTriggerPrice: null, stopOrderQtyBase: null,
  });
}

export function killedPositionOf(t: KillTarget): KilledPosition {
  const f = computeKillCloseFigures(t.before, t.fills);
  return {
    positionId: t.before.id, walletId: t.before.walletId, symbol: t.before.symbol, side: t.before.side, closedQtyBase: t.fills.qtyBase,
    avgPriceQuote: f.avgPriceQuote, pnlUsd: f.tradePnlUsd, rMultiple: f.rMultiple, note: t.note,
  };
}

export function unclosedPositionOf(t: KillTarget): UnclosedPosition {
  const failure = t.lastFailure ?? (t.venue.exchange ? { reason: 'UNKNOWN_OUTCOME' as const, message: 'not confirmed by the exchange' } : { reason: 'EXCHANGE_UNREACHABLE' as const, message: t.venue.unavailable ?? '' });
  return {
    positionId: t.before.id, walletId: t.before.walletId, symbol: t.before.symbol, side: t.before.side, qtyLeftBase: remainingQty(t),
    reason: failure.reason, message: failure.message,
  };
}
