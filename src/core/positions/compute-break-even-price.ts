import { Decimal, ONE, roundToTick, ZERO } from '../money.js';
import type { ManagedPosition } from './managed-position.js';

/**
 * The exit price at which the open quantity neither gains nor loses after fees, in quote per unit:
 * entry × (1 + f) / (1 − f) for a long, entry × (1 − f) / (1 + f) for a short, with f the
 * position's exit fee rate charged on both legs (entry and exit fills are both assumed taker).
 * With a `priceTick` the price is rounded to it away from the entry (up for a long, down for a
 * short), so a stop placed there never locks in a loss by a fraction of a tick.
 */
export function computeBreakEvenPrice(position: Pick<ManagedPosition, 'side' | 'entryPriceQuote' | 'feeRate'>, priceTick: Decimal = ZERO): Decimal {
  const f = position.feeRate;
  const long = position.side === 'long';
  const exact = long ? position.entryPriceQuote.mul(ONE.plus(f)).div(ONE.minus(f)) : position.entryPriceQuote.mul(ONE.minus(f)).div(ONE.plus(f));
  return roundToTick(exact, priceTick, long ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
}
