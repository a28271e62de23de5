import { ZERO, type Decimal } from '../money.js';
import type { MarketRules } from '../ports.js';
import { applyExitFill, type ExitFill } from './apply-exit-fill.js';
import type { ManagedPosition } from './managed-position.js';
import type { PositionPatch, PositionRecord } from './position-record.js';

/** How a position ended, for the record and the POSITION_CLOSED alert. */
export interface PositionCloseSummary {
  /** STOP_HIT, FINAL_TARGET, TIME_NO_PROGRESS, MAX_AGE, MANUAL_CLOSE, or SCALED_OUT (the last scale-out left nothing tradeable). */
  readonly reason: string;
  /** Average price of the closing fill; null when nothing was left to sell (only dust). */
  readonly exitPriceQuote: Decimal | null;
  /** Whole trade after fees: realised P&L − fees, USD. */
  readonly netPnlUsd: Decimal;
  /** netPnlUsd over the position's 1R in USD, to 4 decimals (initialRiskUsd, or |entry − initial stop| × initial qty when that is not set). */
  readonly rMultiple: Decimal;
  /** Quantity below the market's minimums left in the wallet, written off the position (usually zero). */
  readonly dustQtyBase: Decimal;
}

export interface RecordedExit {
  readonly position: ManagedPosition;
  /** Quantities, realised P&L and fees, the cleared pendingExit, and the closing fields when it closed. */
  readonly patch: PositionPatch;
  readonly closed: PositionCloseSummary | null;
}

/**
 * Books an exit fill (or no fill) on a position: quantity, realised P&L and fees move (applyExitFill),
 * and the position closes when nothing tradeable is left, i.e. the rest is zero or below the
 * market's minimum quantity or value at `markPriceQuote` (it could never be sold: written off as dust).
 * Pure. `fill` null or zero books nothing but still clears the pending exit (a refusal).
 */
export function recordExitFill(
  position: ManagedPosition,
  record: Pick<PositionRecord, 'initialRiskUsd'>,
  fill: ExitFill | null,
  o: { readonly reason: string; readonly closesPosition: boolean; readonly market: Pick<MarketRules, 'minQty' | 'minNotional'>; readonly markPriceQuote: Decimal; readonly now: Date },
): RecordedExit {
  const filled = fill !== null && fill.qtyBase.gt(0);
  const after = filled ? applyExitFill(position, fill) : position;
  const patch: PositionPatch = filled
    ? { qtyBase: after.qtyBase, realisedPnlUsd: after.realisedPnlUsd, feesUsd: after.feesUsd, pendingExit: null }
    : { pendingExit: null };
  const rest = after.qtyBase;
  const isDust = rest.isZero() || rest.lt(o.market.minQty) || rest.mul(o.markPriceQuote).lt(o.market.minNotional);
  // Something was sold and what remains cannot be: the position is over (a refusal alone never closes it).
  if (!isDust || !(filled || o.closesPosition)) return { position: after, patch, closed: null };
  const netPnlUsd = after.realisedPnlUsd.minus(after.feesUsd);
  const oneRUsd = record.initialRiskUsd.gt(0)
    ? record.initialRiskUsd
    : after.entryPriceQuote.minus(after.initialStopPriceQuote).abs().mul(after.initialQtyBase);
  const closed: PositionCloseSummary = {
    reason: o.closesPosition ? o.reason : 'SCALED_OUT',
    exitPriceQuote: filled ? fill.priceQuote : null,
    netPnlUsd,
    // Four decimals of R are far finer than any decision or display needs.
    rMultiple: oneRUsd.isZero() ? ZERO : netPnlUsd.div(oneRUsd).toDecimalPlaces(4),
    dustQtyBase: rest,
  };
  return {
    position: after,
    patch: {
      ...patch, status: 'closed', closedAt: o.now, closeReason: closed.reason, rMultiple: closed.rMultiple, unrealisedPnlUsd: ZERO,
    },
    closed,
  };
}
