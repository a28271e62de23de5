import type { Decimal } from '../money.js';

/**
 * Every rule the pre-trade gate evaluates, named by the reason it gives when it fails.
 * The bot turns a code and its numbers into text; core never writes sentences.
 */
export type CheckCode =
  // Input sanity
  | 'INVALID_PRICE'
  | 'EQUITY_NON_POSITIVE'
  // Signal quality
  | 'STOP_WRONG_SIDE'
  | 'RR_BELOW_MIN'
  | 'CONFIDENCE_BELOW_MIN'
  // Trading state: exactly one of these appears; only TRADING_ACTIVE can pass
  | 'TRADING_ACTIVE'
  | 'TRADING_REDUCING'
  | 'TRADING_PAUSED'
  | 'TRADING_KILLED'
  // The wallet's own pause (added by the trading layer, src/core/trading/apply-wallet-pause.ts; only when it fails)
  | 'WALLET_PAUSED'
  // Loss budgets of the current day / ISO week / month
  | 'DAILY_LOSS_LIMIT'
  | 'DAILY_LOSS_PCT_LIMIT'
  | 'WEEKLY_LOSS_LIMIT'
  | 'MONTHLY_LOSS_LIMIT'
  // Market and portfolio capacity
  | 'SHORT_ON_SPOT'
  | 'LEVERAGE_LIMIT'
  | 'MAX_POSITIONS'
  | 'PYRAMIDING_DISABLED'
  | 'CORRELATION_LIMIT'
  // Sizing method preconditions
  | 'KELLY_NON_POSITIVE'
  | 'VOLATILITY_UNKNOWN'
  // Limits that cut the size to fit before they reject
  | SizeLimitCode
  // Exchange minimums, checked on the final (rounded) size
  | 'QTY_BELOW_MIN'
  | 'NOTIONAL_BELOW_MIN';

/** Limits that reduce a size to fit; they fail only when nothing valid is left. */
export type SizeLimitCode =
  | 'POSITION_SIZE_LIMIT'
  | 'BUYING_POWER_LIMIT'
  | 'MARGIN_LIMIT'
  | 'ASSET_EXPOSURE_LIMIT'
  | 'HEAT_LIMIT'
  | 'LOSS_BUDGET';

/**
 * Unit of a check's value and limit.
 * `pct` is percent (5 means five per cent), `ratio` a plain fraction or multiple (R:R 1.5, confidence 0.7),
 * `usd` quote-currency money, `qty` base-asset quantity, `count` positions, `leverage` a multiple,
 * `state` carries no number (value and limit are null; the note holds the state).
 */
export type CheckUnit = 'usd' | 'pct' | 'ratio' | 'count' | 'qty' | 'price' | 'leverage' | 'state';

/** One evaluated rule: what was measured, against which limit, and whether it passed. */
export interface Check {
  readonly code: CheckCode;
  readonly passed: boolean;
  /**
   * Measured value (for size limits: with the final size, or with the uncut size when it failed).
   * Amounts, prices and quantities are Decimal; counts are numbers; percentages of equity measured
   * by the decision, R:R and Kelly f are display figures (numbers, see displayFigure), the rule
   * itself having been decided exactly.
   */
  readonly value: Decimal | number | null;
  readonly limit: Decimal | number | null;
  readonly unit: CheckUnit;
  /** Machine-readable extra, SCREAMING_SNAKE or a state name (e.g. CORRELATION_UNKNOWN, 'paused'). */
  readonly note?: string;
}

/** A limit that cut the size: from which quantity to which, and the value it would have had uncut. */
export interface Adjustment {
  readonly code: SizeLimitCode;
  readonly fromQtyBase: Decimal;
  readonly toQtyBase: Decimal;
  /**
   * The limited measure at `fromQtyBase`, e.g. heat after 54.2 (pct) against a limit of 50: USD
   * amounts as Decimal, percentages as display figures (numbers, see displayFigure).
   */
  readonly valueBefore: Decimal | number;
  readonly limit: Decimal;
  readonly unit: CheckUnit;
}
