import type { Decimal } from '../money.js';
import type { PositionSide } from '../risk/trade-intent.js';

/**
 * An open position as the position rules see it: plain readonly data, persisted by the store
 * (Prisma model `Position`) between evaluations. Prices are in quote (USD) per base unit.
 *
 * The rules own the trailing and scale-out state (`trailingActive`, `trailingStopPriceQuote`,
 * `bestPriceQuote`, `scaleOutsDone`, `healthScore`) and the stop; quantities, realised P&L and fees
 * change only when an exit fills (see {@link applyExitFill}).
 */
export interface ManagedPosition {
  /** Store id (Prisma `Position.id`). */
  readonly id: number;
  /** Market symbol, e.g. "BTC/USDT". */
  readonly symbol: string;
  readonly side: PositionSide;
  /** Average entry price. */
  readonly entryPriceQuote: Decimal;
  /** Stop at entry: it defines one R, |entry − initialStop| per unit, for the whole life of the position. */
  readonly initialStopPriceQuote: Decimal;
  /** Stop in force now (the exchange's protective order); it only ever tightens. */
  readonly stopPriceQuote: Decimal;
  /** The signal's take-profit targets, nearest first; carried for display (scale-outs follow R levels). */
  readonly targetPricesQuote: readonly Decimal[];
  /** Quantity still open. */
  readonly qtyBase: Decimal;
  /** Quantity bought (or sold short) in total, entry plus any pyramiding adds: scale-out fractions are of this. */
  readonly initialQtyBase: Decimal;
  readonly openedAt: Date;
  /** True once the trailing stop has activated; it never deactivates. */
  readonly trailingActive: boolean;
  /** Last computed trailing level (null until activation); the stop follows it only when it is tighter. */
  readonly trailingStopPriceQuote: Decimal | null;
  /** Best price seen since entry (highest for a long, lowest for a short), wicks included; starts at the entry. */
  readonly bestPriceQuote: Decimal;
  /** How many scale-out levels have been passed (executed or skipped as too small). */
  readonly scaleOutsDone: number;
  /** P&L of the exits filled so far, before fees, USD. */
  readonly realisedPnlUsd: Decimal;
  /** Fees paid so far (entry and exits), USD. */
  readonly feesUsd: Decimal;
  /**
   * Fee rate of an exit, a ratio (0.001 is 0.1 %): the market's taker rate, since stops and time
   * exits fill as market orders. The break-even price uses it for both legs.
   */
  readonly feeRate: Decimal;
  /** Health score of the previous evaluation (0..100), null before the first: HEALTH_DEGRADED fires on the crossing only. */
  readonly healthScore: number | null;
}
