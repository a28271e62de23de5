import { type Decimal, ZERO } from '../money.js';
import type { PositionSide } from '../risk/trade-intent.js';

/**
 * A position's 1R in USD from its actual entry: the loss if the stop fills, entry fee and the
 * exit fee at the stop included: qty × |entry − stop| + entry fee + qty × stop × taker fee rate.
 * A stop on the profitable side (only possible after a large slip) still counts its fees. Pure.
 */
export function computeInitialRiskUsd(i: {
  readonly side: PositionSide;
  readonly qtyBase: Decimal;
  readonly entryPriceQuote: Decimal;
  readonly stopPriceQuote: Decimal;
  readonly entryFeeQuote: Decimal;
  readonly takerFeeRate: Decimal;
}): Decimal {
  const perUnit = i.side === 'long' ? i.entryPriceQuote.minus(i.stopPriceQuote) : i.stopPriceQuote.minus(i.entryPriceQuote);
  const priceLoss = perUnit.isNegative() ? ZERO : i.qtyBase.mul(perUnit);
  return priceLoss.plus(i.entryFeeQuote).plus(i.qtyBase.mul(i.stopPriceQuote).mul(i.takerFeeRate));
}
