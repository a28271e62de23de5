import type { Decimal } from '../money.js';

/** Why a stop moved. BREAK_EVEN: the first scale-out level was passed; TRAILING: the trailing stop tightened. */
export type MoveStopReason = 'TRAILING' | 'BREAK_EVEN';

/**
 * Why a position closes. STOP_HIT: the tick's low (long) or high (short) reached the stop;
 * FINAL_TARGET: the last scale-out level was reached; TIME_NO_PROGRESS: 1R not reached within
 * the holding time; MAX_AGE: open for the maximum age.
 */
export type CloseReason = 'STOP_HIT' | 'FINAL_TARGET' | 'TIME_NO_PROGRESS' | 'MAX_AGE';

/** Why a scale-out level sold nothing: its quantity, floored to the amount step, is below the market's minimums. */
export type ScaleOutSkipReason = 'QTY_BELOW_MIN' | 'NOTIONAL_BELOW_MIN';

/**
 * What the position monitor should do, as plain data (the executor acts, the bot words it).
 * Prices are in quote per unit: the trigger price (stop, level) when the tick traded through it,
 * else the mark (a gap past it). Quantities are in base units, multiples of the market's amount step.
 */
export type PositionAction =
  | {
      readonly kind: 'MOVE_STOP';
      readonly fromPriceQuote: Decimal;
      /** Always tighter than `fromPriceQuote` (higher for a long, lower for a short). */
      readonly toPriceQuote: Decimal;
      readonly reason: MoveStopReason;
    }
  | {
      readonly kind: 'SCALE_OUT';
      /** 1-based index of the level in the ladder. */
      readonly level: number;
      /** The level in R (1 means entry ± 1R). */
      readonly levelR: Decimal;
      readonly qtyBase: Decimal;
      readonly priceQuote: Decimal;
    }
  | {
      /** The level was reached but its quantity is too small to trade: it stays open and folds into later exits. */
      readonly kind: 'SCALE_OUT_SKIPPED';
      readonly level: number;
      readonly levelR: Decimal;
      /** The quantity that would have been sold (possibly zero). */
      readonly qtyBase: Decimal;
      readonly reason: ScaleOutSkipReason;
    }
  | {
      readonly kind: 'CLOSE';
      readonly reason: CloseReason;
      /** The whole quantity still open. */
      readonly qtyBase: Decimal;
      readonly priceQuote: Decimal;
    }
  | {
      /** The health score fell below the threshold on this evaluation (edge-triggered, not repeated while it stays low). */
      readonly kind: 'HEALTH_DEGRADED';
      readonly score: number;
      readonly threshold: number;
    };
