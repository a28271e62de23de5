import type { Decimal } from '../money.js';

/**
 * Fixed amount: a notional of `fixedAmountUsd` at the entry price. Returns the unrounded base
 * quantity. The risk of that quantity (stop distance plus fees) is reported and limited by the
 * decision like any other method's; the entry fee is paid on top of the notional.
 */
export function sizeFixedAmount(fixedAmountUsd: Decimal, entryPriceQuote: Decimal): Decimal {
  return fixedAmountUsd.div(entryPriceQuote);
}
