import { ZERO, type Decimal } from '../money.js';
import type { PositionRecord } from '../positions/position-record.js';

/** What the kill switch's orders filled for one position, summed over its orders. */
export interface KillFillTotals {
  readonly qtyBase: Decimal;
  /** Σ fill price × fill quantity, quote. */
  readonly costQuote: Decimal;
  readonly feeQuote: Decimal;
}

export const noKillFills: KillFillTotals = Object.freeze({ qtyBase: ZERO, costQuote: ZERO, feeQuote: ZERO });

export interface KillCloseFigures {
  /** Book quantity still open, never below zero. */
  readonly qtyLeftBase: Decimal;
  /** Realised P&L before fees, USD: the stored figure plus the move of the kill's fills. */
  readonly realisedPnlUsd: Decimal;
  readonly feesUsd: Decimal;
  /** The whole trade after fees: realised − fees, USD. */
  readonly tradePnlUsd: Decimal;
  /** tradePnlUsd / initialRiskUsd; null when the initial risk is zero. */
  readonly rMultiple: Decimal | null;
  /** Average price of the kill's fills, null without one. */
  readonly avgPriceQuote: Decimal | null;
}

/**
 * The position's figures after the kill switch's fills, from the record as it was before the kill
 * (so applying the totals again gives the same answer). Realised P&L follows the position rules:
 * (price − entry) × qty for a long, mirrored for a short, before fees; fees are kept apart.
 * Pure, exact Decimal arithmetic, no rounding.
 */
export function computeKillCloseFigures(before: PositionRecord, fills: KillFillTotals): KillCloseFigures {
  const avgPriceQuote = fills.qtyBase.gt(0) ? fills.costQuote.div(fills.qtyBase) : null;
  const entryValue = before.entryPrice.mul(fills.qtyBase);
  const move = before.side === 'long' ? fills.costQuote.minus(entryValue) : entryValue.minus(fills.costQuote);
  const realisedPnlUsd = before.realisedPnlUsd.plus(move);
  const feesUsd = before.feesUsd.plus(fills.feeQuote);
  const tradePnlUsd = realisedPnlUsd.minus(feesUsd);
  const left = before.qtyBase.minus(fills.qtyBase);
  return {
    qtyLeftBase: left.gt(0) ? left : ZERO,
    realisedPnlUsd,
    feesUsd,
    tradePnlUsd,
    rMultiple: before.initialRiskUsd.isZero() ? null : tradePnlUsd.div(before.initialRiskUsd),
    avgPriceQuote,
  };
}
