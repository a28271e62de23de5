import type { MarketRules } from '../ports.js';
import type { ManagedPosition } from './managed-position.js';
import type { PositionRecord } from './position-record.js';

/**
 * The rules' view of a stored position. The exit fee rate is the market's taker rate (stops and
 * time exits fill as market orders); a record without a best price (never evaluated) starts at the
 * entry. Decimals are shared with the record, not copied, so their memoised doubles stay warm.
 */
export function toManagedPosition(record: PositionRecord, market: Pick<MarketRules, 'takerFeeRate'>): ManagedPosition {
  return {
    id: record.id,
    symbol: record.symbol,
    side: record.side,
    entryPriceQuote: record.entryPrice,
    initialStopPriceQuote: record.initialStopPrice,
    stopPriceQuote: record.stopPrice,
    targetPricesQuote: record.targets,
    qtyBase: record.qtyBase,
    initialQtyBase: record.initialQtyBase,
    openedAt: record.openedAt,
    trailingActive: record.trailingActive,
    trailingStopPriceQuote: record.trailingStopPrice,
    bestPriceQuote: record.bestPrice ?? record.entryPrice,
    scaleOutsDone: record.scaleOutsDone,
    realisedPnlUsd: record.realisedPnlUsd,
    feesUsd: record.feesUsd,
    feeRate: market.takerFeeRate,
    healthScore: record.healthScore,
  };
}
