import { HUNDRED, ZERO, type Decimal } from '../money.js';
import type { ManagedPosition } from './managed-position.js';

/** Profit figures of a position at a mark, for the position card. */
export interface UnrealisedPnl {
  /** Open quantity × price move from the entry (mirrored for a short), before fees, USD. */
  readonly pnlUsd: Decimal;
  /** The price move from the entry in the position's favour, percent (2.2 means +2.2 %). */
  readonly pnlPct: Decimal;
  /** The price move in R per unit: (mark − entry) / |entry − initialStop|, mirrored for a short. */
  readonly pnlR: Decimal;
  /** Fee the exit of the open quantity at the mark would cost, USD (open qty × mark × feeRate). */
  readonly exitFeeUsd: Decimal;
  /** Whole trade if closed now: realised + unrealised − fees paid − exit fee, USD. */
  readonly tradePnlUsd: Decimal;
  /** tradePnlUsd over the initial risk (R per unit × initialQtyBase): the trade's result in R so far. */
  readonly tradeR: Decimal;
}

/**
 * Unrealised and whole-trade P&L of a position at `markPriceQuote`. Exact Decimal arithmetic, no
 * rounding (the bot rounds for display). A zero R (entry equal to the initial stop) gives zero R figures.
 */
export function computeUnrealisedPnl(position: ManagedPosition, markPriceQuote: Decimal): UnrealisedPnl {
  const move = position.side === 'long' ? markPriceQuote.minus(position.entryPriceQuote) : position.entryPriceQuote.minus(markPriceQuote);
  const riskPerUnit = position.entryPriceQuote.minus(position.initialStopPriceQuote).abs();
  const pnlUsd = move.mul(position.qtyBase);
  const exitFeeUsd = position.qtyBase.mul(markPriceQuote).mul(position.feeRate);
  const tradePnlUsd = position.realisedPnlUsd.plus(pnlUsd).minus(position.feesUsd).minus(exitFeeUsd);
  const initialRiskUsd = riskPerUnit.mul(position.initialQtyBase);
  return {
    pnlUsd,
    pnlPct: move.div(position.entryPriceQuote).mul(HUNDRED),
    pnlR: riskPerUnit.isZero() ? ZERO : move.div(riskPerUnit),
    exitFeeUsd,
    tradePnlUsd,
    tradeR: initialRiskUsd.isZero() ? ZERO : tradePnlUsd.div(initialRiskUsd),
  };
}
