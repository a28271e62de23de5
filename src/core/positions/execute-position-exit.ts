import type { Urgency } from '../execution/choose-order-route.js';
import type { ExecuteOrderRequest, ExecutionResult } from '../execution/executor-types.js';
import { minDec, type Decimal } from '../money.js';
import type { MarketRules } from '../ports.js';
import type { ManagedPosition } from './managed-position.js';
import type { PendingExit, PositionPatch, PositionRecord } from './position-record.js';
import type { PositionRepository } from './position-repository.js';
import { recordExitFill, type PositionCloseSummary } from './record-exit-fill.js';

/** The executor's entry point (makeExecuteOrder) for the position's wallet. */
export type ExecuteOrder = (request: ExecuteOrderRequest) => Promise<ExecutionResult>;

export interface PositionExitRequest {
  readonly record: PositionRecord;
  /** The position as it stands now (its rule state may be ahead of the record: see statePatch). */
  readonly position: ManagedPosition;
  readonly market: MarketRules;
  readonly executeOrder: ExecuteOrder;
  readonly purpose: PendingExit['purpose'];
  /** CloseReason, SCALE_OUT, or MANUAL_CLOSE / MANUAL_PARTIAL. */
  readonly reason: string;
  /** Scale-out level (1-based), null for closes. */
  readonly level: number | null;
  readonly qtyBase: Decimal;
  /** True when the exit is meant to end the position (everything open, not a scale-out or a partial close). */
  readonly closesPosition: boolean;
  readonly urgency: Urgency;
  /** The price the exit was decided at (stop, level or mark): slippage is measured against it. */
  readonly signalPriceQuote: Decimal;
  /** The user's maximum slippage, percent (0.5 is half a per cent). */
  readonly maxSlippagePct: Decimal;
  readonly now: Date;
  /** Rule state written together with the pending-exit marker, before anything is sent. */
  readonly statePatch?: PositionPatch;
}

export interface PositionExitOutcome {
  /** What the executor answered. `unknown`: the venue's answer was lost, the pending exit stays recorded. */
  readonly result: ExecutionResult;
  /** The stored position afterwards. */
  readonly record: PositionRecord;
  /** The position after the fill (unchanged when nothing filled). */
  readonly position: ManagedPosition;
  /** Set when the exit ended the position. */
  readonly closed: PositionCloseSummary | null;
}

/**
 * Sends one exit of a position through the executor and books it. The exit is first recorded on the
 * position (pendingExit, with `statePatch`), then sent (sell for a long, buy for a short, reduce-only),
 * then its fill booked and the marker cleared in one write (recordExitFill: quantity, realised P&L,
 * fees, and the closing fields when nothing tradeable is left). A crash or a lost answer between the
 * two writes leaves the marker: settlePendingExit later books the position's orders instead of
 * sending again. The caller holds the position's lock. Executor errors propagate (the marker stays).
 */
export async function executePositionExit(store: Pick<PositionRepository, 'update'>, x: PositionExitRequest): Promise<PositionExitOutcome> {
  const pending: PendingExit = { purpose: x.purpose, reason: x.reason, level: x.level, since: x.now };
  const marked = await store.update(x.record.id, { ...x.statePatch, pendingExit: pending });
  const result = await x.executeOrder({
    userId: x.record.userId,
    walletId: x.record.walletId,
    positionId: x.record.id,
    symbol: x.record.symbol,
    side: x.position.side === 'long' ? 'sell' : 'buy',
    qtyBase: x.qtyBase,
    purpose: x.purpose,
    urgency: x.urgency,
    signalPriceQuote: x.signalPriceQuote,
    maxSlippagePct: x.maxSlippagePct,
  });
  if (result.kind === 'unknown') return { result, record: marked, position: x.position, closed: null };
  const f = result.fill;
  const fill = f.filledQtyBase.gt(0) && f.avgPriceQuote !== null
    // The executor never fills more than asked; the cap only guards the bookkeeping invariant.
    ? { qtyBase: minDec(f.filledQtyBase, x.position.qtyBase), priceQuote: f.avgPriceQuote, feeUsd: f.feeQuote }
    : null;
  const recorded = recordExitFill(x.position, x.record, fill, {
    reason: x.reason, closesPosition: x.closesPosition, market: x.market, markPriceQuote: f.avgPriceQuote ?? x.signalPriceQuote, now: x.now,
  });
  const record = await store.update(x.record.id, recorded.patch);
  return { result, record, position: recorded.position, closed: recorded.closed };
}
