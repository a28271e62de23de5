import type { Decimal } from '../money.js';
import type { MarketRules } from '../ports.js';
import type { PositionRules } from './build-position-rules.js';
import type { UnrealisedPnl } from './compute-unrealised-pnl.js';
import type { ManagedPosition } from './managed-position.js';
import type { PositionHealth } from './position-health.js';
import type { PositionRecord } from './position-record.js';

/** One scale-out level still ahead: the card's "next target". */
export interface NextTarget {
  /** 1-based level number, and how many levels the ladder has. */
  readonly level: number;
  readonly levels: number;
  readonly levelR: Decimal;
  readonly priceQuote: Decimal;
  /** True when reaching it closes the position (the last level, or any level with scale-out off). */
  readonly isFinal: boolean;
}

/** Everything a position card shows, at one mark (prices in quote per unit, money in USD). */
export interface PricedPositionView {
  readonly kind: 'priced';
  readonly record: PositionRecord;
  readonly position: ManagedPosition;
  readonly market: MarketRules;
  readonly rules: PositionRules;
  readonly markPriceQuote: Decimal;
  /** The user's maximum slippage, percent: the cap a close from the card goes out with. */
  readonly maxSlippagePct: Decimal;
  readonly pnl: UnrealisedPnl;
  readonly health: PositionHealth;
  readonly nextTarget: NextTarget | null;
  /** Price at which the trailing stop activates; null when trailing is off or already active. */
  readonly trailingActivationPriceQuote: Decimal | null;
  /** Entry plus round-trip fees (computeBreakEvenPrice, on the price tick). */
  readonly breakEvenPriceQuote: Decimal;
  /** Whether the best price has reached 1R (after that the no-progress exit no longer applies). */
  readonly reachedOneR: boolean;
  readonly heldMs: number;
  /** An exit of this position is being executed or awaits the venue's confirmation. */
  readonly exitPending: boolean;
  readonly now: Date;
}

/** A position whose market could not be read just now (the card says so instead of guessing). */
export interface UnpricedPositionView {
  readonly kind: 'unpriced';
  readonly record: PositionRecord;
  /** Machine-readable: UNKNOWN_MARKET, MARKET_DATA_UNAVAILABLE, WALLET_UNAVAILABLE. */
  readonly reason: string;
  readonly now: Date;
}

/** A position that is closed (a card refreshed after the close). */
export interface ClosedPositionView {
  readonly kind: 'closed';
  readonly record: PositionRecord;
}

export type PositionView = PricedPositionView | UnpricedPositionView | ClosedPositionView;
