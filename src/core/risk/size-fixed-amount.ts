import type { Decimal } from '../money.js';
import { floorQuotientToStep } from './floor-to-amount-step.js';

/**
 * Fixed amount: a notional of `fixedAmountUsd` at the entry price. Returns the base quantity,
 * unrounded or, given the market's `amountStep`, rounded down to it exactly. The risk of that
 * quantity (stop distance plus fees) is reported and limited by the decision like any other
 * method's; the entry fee is paid on top of the notional.
 */
export function sizeFixedAmount(fixedAmountUsd: Decimal, entryPriceQuote: Decimal, amountStep?: Decimal): Decimal {
  return amountStep === undefined ? fixedAmountUsd.div(entryPriceQuote) : floorQuotientToStep(fixedAmountUsd, entryPriceQuote, amountStep);
}
