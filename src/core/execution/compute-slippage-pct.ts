import { HUNDRED, type Decimal } from '../money.js';
import type { OrderSide } from '../ports.js';

/**
 * Adverse slippage of a fill against a reference price, in percent: positive when the fill is
 * worse than the reference (a buy above it, a sell below it), negative for price improvement.
 * Example: buy, reference 100, fill 100.5 -> 0.5. A non-positive reference is a bug: it throws.
 */
export function computeSlippagePct(side: OrderSide, referencePrice: Decimal, executedPrice: Decimal): Decimal {
  if (referencePrice.lte(0)) throw new RangeError(`slippage reference price must be positive: ${referencePrice.toString()}`);
  const diff = side === 'buy' ? executedPrice.minus(referencePrice) : referencePrice.minus(executedPrice);
  return diff.div(referencePrice).mul(HUNDRED);
}
