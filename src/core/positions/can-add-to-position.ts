import type { Decimal } from '../money.js';
import { err, ok, type Result } from '../result.js';
import type { RiskSettings } from '../risk/risk-settings.js';
import { computeBreakEvenPrice } from './compute-break-even-price.js';
import type { ManagedPosition } from './managed-position.js';

/** Why a position may not be added to. */
export type AddRefusalReason = 'PYRAMIDING_DISABLED' | 'POSITION_CLOSED' | 'STOP_BEFORE_BREAK_EVEN';

/** The figures behind the answer, for the refusal text ("move the stop to at least …"). */
export interface AddEligibility {
  readonly stopPriceQuote: Decimal;
  /** Exact break-even price (see computeBreakEvenPrice), quote per unit. */
  readonly breakEvenPriceQuote: Decimal;
}

/**
 * Whether a pyramiding add to `position` may be proposed: only with enablePyramiding, on a position
 * still open, and when its stop is at or beyond break-even (at or above it for a long, at or below
 * for a short), so the existing quantity can no longer lose and the add carries the only new risk.
 * It does not size or approve the add: the risk gate (decideTrade) does that like any other trade.
 */
export function canAddToPosition(
  position: ManagedPosition,
  settings: Pick<RiskSettings, 'enablePyramiding'>,
): Result<AddEligibility, AddEligibility & { readonly reason: AddRefusalReason }> {
  const figures: AddEligibility = { stopPriceQuote: position.stopPriceQuote, breakEvenPriceQuote: computeBreakEvenPrice(position) };
  if (!settings.enablePyramiding) return err({ ...figures, reason: 'PYRAMIDING_DISABLED' });
  if (position.qtyBase.lte(0)) return err({ ...figures, reason: 'POSITION_CLOSED' });
  const protectedStop =
    position.side === 'long' ? position.stopPriceQuote.gte(figures.breakEvenPriceQuote) : position.stopPriceQuote.lte(figures.breakEvenPriceQuote);
  return protectedStop ? ok(figures) : err({ ...figures, reason: 'STOP_BEFORE_BREAK_EVEN' });
}
