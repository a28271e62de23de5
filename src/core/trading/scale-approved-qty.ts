import { type Decimal, floorToStep } from '../money.js';
import type { MarketRules } from '../ports.js';
import { err, ok, type Result } from '../result.js';

/** The size a user approves: the whole decided size or half of it. */
export type ApprovedSize = 'full' | 'half';

export interface ScaledQtyProblem {
  readonly code: 'QTY_BELOW_MIN' | 'NOTIONAL_BELOW_MIN';
  readonly qtyBase: Decimal;
  /** The market minimum that was missed (base units or quote). */
  readonly minimum: Decimal;
}

/**
 * The quantity to send for an approved size: `full` is the decided quantity, `half` half of it
 * floored to the market's amount step. Refuses a half that falls below the market's minimum
 * quantity or order value (at `priceQuote`) rather than rounding it up. Pure.
 */
export function scaleApprovedQty(qtyBase: Decimal, size: ApprovedSize, market: MarketRules, priceQuote: Decimal): Result<Decimal, ScaledQtyProblem> {
  if (size === 'full') return ok(qtyBase);
  const half = floorToStep(qtyBase.div(2), market.amountStep);
  if (half.isZero() || half.lt(market.minQty)) return err({ code: 'QTY_BELOW_MIN', qtyBase: half, minimum: market.minQty });
  if (half.mul(priceQuote).lt(market.minNotional)) return err({ code: 'NOTIONAL_BELOW_MIN', qtyBase: half, minimum: market.minNotional });
  return ok(half);
}
