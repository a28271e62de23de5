import { Decimal } from '../money.js';
import type { ManagedPosition } from './managed-position.js';

/** An executed exit (scale-out, stop, close) of part or all of a position. */
export interface ExitFill {
  readonly qtyBase: Decimal;
  /** Average fill price, quote per unit. */
  readonly priceQuote: Decimal;
  /** Fee charged for the fill, USD. */
  readonly feeUsd: Decimal;
}

/** Thrown when a fill does not fit the position (more than is open, or not positive): a bookkeeping bug. */
export class ExitFillError extends Error {
  override readonly name = 'ExitFillError';
}

/**
 * The position after an exit filled: the open quantity shrinks by the fill, realised P&L grows by
 * (price − entry) × qty for a long ((entry − price) × qty for a short), fees by the fill's fee.
 * The executor applies real fills; a backtest can apply an action at its stated price. Refuses
 * (throws ExitFillError) a non-positive quantity or one larger than the open quantity.
 */
export function applyExitFill(position: ManagedPosition, fill: ExitFill): ManagedPosition {
  if (fill.qtyBase.lte(0) || fill.qtyBase.gt(position.qtyBase)) {
    throw new ExitFillError(`Position ${position.id}: exit of ${fill.qtyBase.toString()} does not fit the open ${position.qtyBase.toString()}`);
  }
  const move = position.side === 'long' ? fill.priceQuote.minus(position.entryPriceQuote) : position.entryPriceQuote.minus(fill.priceQuote);
  return {
    ...position,
    qtyBase: position.qtyBase.minus(fill.qtyBase),
    realisedPnlUsd: position.realisedPnlUsd.plus(move.mul(fill.qtyBase)),
    feesUsd: position.feesUsd.plus(fill.feeUsd),
  };
}
