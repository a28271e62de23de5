import type { Decimal } from '../money.js';
import type { ManagedPosition } from './managed-position.js';

/**
 * A copy of `p` with the fields the position rules advance replaced: stop, trailing state, best
 * price, scale-outs passed and health score. It lists every ManagedPosition field instead of
 * spreading (`{ ...p, x }` costs about 20 times more in V8, and the monitor copies thousands of
 * positions per tick), so fields beyond ManagedPosition are not carried over.
 */
export function withRuleState(
  p: ManagedPosition,
  stopPriceQuote: Decimal,
  trailingActive: boolean,
  trailingStopPriceQuote: Decimal | null,
  bestPriceQuote: Decimal,
  scaleOutsDone: number,
  healthScore: number | null,
): ManagedPosition {
  return {
    id: p.id,
    symbol: p.symbol,
    side: p.side,
    entryPriceQuote: p.entryPriceQuote,
    initialStopPriceQuote: p.initialStopPriceQuote,
    stopPriceQuote,
    targetPricesQuote: p.targetPricesQuote,
    qtyBase: p.qtyBase,
    initialQtyBase: p.initialQtyBase,
    openedAt: p.openedAt,
    trailingActive,
    trailingStopPriceQuote,
    bestPriceQuote,
    scaleOutsDone,
    realisedPnlUsd: p.realisedPnlUsd,
    feesUsd: p.feesUsd,
    feeRate: p.feeRate,
    healthScore,
  };
}
