import type { Decimal } from '../money.js';
import { dec, roundToTick } from '../money.js';
import type { MarketRules } from '../ports.js';
import type { PositionRecord } from '../positions/position-record.js';
import type { PositionSide } from '../risk/trade-intent.js';
import { computeInitialRiskUsd } from './compute-initial-risk.js';
import type { TradingDeps } from './trading-deps.js';

/** What an entry filled, summed over its legs. */
export interface EntryFill {
  readonly filledQtyBase: Decimal;
  readonly avgPriceQuote: Decimal;
  readonly feeQuote: Decimal;
  /** Every order of the entry (linked to the new position with their log rows). */
  readonly clientOrderIds: readonly string[];
}

export interface OpenEntryPositionInput {
  readonly userId: number;
  readonly walletId: number;
  readonly signalId: number;
  readonly symbol: string;
  readonly side: PositionSide;
  /** The decided stop and targets (rounded here to the market's price tick). */
  readonly stopPriceQuote: Decimal;
  readonly targetPricesQuote: readonly Decimal[];
  readonly leverage: number;
  readonly market: MarketRules;
  readonly fill: EntryFill;
}

/**
 * Opens the Position of a filled entry: at the average fill price with the decided stop and
 * targets (rounded to the price tick), the filled quantity, the fees and its 1R
 * (computeInitialRiskUsd), links the entry's orders and their log rows to it, and has its
 * protective stop rested at the venue (onPositionOpened). Shared by the
 * executor path (executeEntry) and the late path (settleUnsettledEntries) so both open the same
 * position from the same fill. The caller claims the signal first, so this runs once per signal.
 */
export async function openEntryPosition(deps: Pick<TradingDeps, 'positions' | 'orderLinks' | 'clock' | 'onPositionOpened'>, i: OpenEntryPositionInput): Promise<PositionRecord> {
  const stop = roundToTick(i.stopPriceQuote, i.market.priceTick);
  const position = await deps.positions.create({
    userId: i.userId,
    walletId: i.walletId,
    signalId: i.signalId,
    symbol: i.symbol,
    side: i.side,
    entryPrice: i.fill.avgPriceQuote,
    stopPrice: stop,
    targets: i.targetPricesQuote.map((t) => roundToTick(t, i.market.priceTick)),
    qtyBase: i.fill.filledQtyBase,
    leverage: dec(i.leverage),
    feesUsd: i.fill.feeQuote,
    initialRiskUsd: computeInitialRiskUsd({
      side: i.side, qtyBase: i.fill.filledQtyBase, entryPriceQuote: i.fill.avgPriceQuote, stopPriceQuote: stop,
      entryFeeQuote: i.fill.feeQuote, takerFeeRate: i.market.takerFeeRate,
    }),
    openedAt: deps.clock.now(),
  });
  await deps.orderLinks.linkToPosition(i.fill.clientOrderIds, position.id);
  if (deps.onPositionOpened) await deps.onPositionOpened(position);
  return position;
}
