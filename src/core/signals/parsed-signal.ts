import type { Decimal } from '../money.js';
import type { PositionSide } from '../risk/trade-intent.js';

/**
 * A trade signal after parsing and validation, whatever its source (the /trade command, a webhook
 * alert). Prices are in the quote currency; every number is a Decimal, never a JS number.
 */

/** The entry as written: at the market (priced when parsed) or at a given price. */
export type EntrySpec = { readonly kind: 'market' } | { readonly kind: 'price'; readonly priceQuote: Decimal };

/**
 * A stop or target as written: an absolute price, or an offset from the entry in per cent
 * (`offsetPct` -2 is two per cent below the entry, 5 is five per cent above it).
 */
export type LevelSpec =
  | { readonly kind: 'price'; readonly priceQuote: Decimal }
  | { readonly kind: 'offset'; readonly offsetPct: Decimal };

/** What a signal asks for, before its relative levels are turned into prices. */
export interface SignalLevels {
  readonly side: PositionSide;
  readonly entry: EntrySpec;
  readonly stop: LevelSpec;
  /** One to three targets, nearest to the entry first. */
  readonly targets: readonly LevelSpec[];
}

/** Every level of a signal as a price. */
export interface SignalPrices {
  /** The entry price; for a market entry the reference (last) price it was resolved against. */
  readonly entryPriceQuote: Decimal;
  /** Below the entry for a long, above it for a short. */
  readonly stopPriceQuote: Decimal;
  /** One to three targets, each further from the entry than the one before. */
  readonly targetPricesQuote: readonly Decimal[];
}

export interface ParsedSignal extends SignalLevels {
  /** Normalised market symbol, e.g. "BTC/USDT". */
  readonly symbol: string;
  /** Ratio 0..1 (0.8 is eighty per cent); null when the source gave none and the caller applies its default. */
  readonly confidence: Decimal | null;
  /**
   * The levels resolved at parse time. The specs above stay relative, so a later re-price of a
   * market entry recomputes these with resolveSignalPrices.
   */
  readonly prices: SignalPrices;
}

/** What is wrong with a number as written (see parseNumberToken). */
export type NumberProblem =
  | 'NOT_A_NUMBER'
  /** Digits of another script (Arabic-Indic, Devanagari, full-width, ...): refused rather than guessed. */
  | 'NON_ASCII_DIGITS'
  /** "45,000", "45_000", "0,5": a comma means thousands in one locale and decimals in another. */
  | 'DIGIT_SEPARATOR'
  | 'TOO_LONG'
  /** "-2" or "+5": a signed value must be an offset in per cent, like -2%. */
  | 'SIGN_NEEDS_PERCENT';

/** What is wrong with a price field, beyond NumberProblem. */
export type PriceProblem =
  | NumberProblem
  | 'NOT_POSITIVE'
  /** "market" where only the entry may be at the market. */
  | 'MARKET_NOT_ALLOWED'
  /** An offset for the entry: the entry is a price or "market". */
  | 'OFFSET_NOT_ALLOWED'
  /** "5%" for a stop or target: an offset needs its sign, like +5% or -2%. */
  | 'PERCENT_NEEDS_SIGN'
  /** An offset of -100 % or less, which would put the level at or below zero. */
  | 'OFFSET_OUT_OF_RANGE';

export type PriceField = 'entry' | 'stop' | 'target';
export type SignalField = 'symbol' | 'side' | PriceField | 'confidence';

/** Every way a signal is refused. `index` counts targets from 0. Prices are Decimals in quote units. */
export type TradeParseError =
  | { readonly code: 'NOT_TRADE_COMMAND'; readonly token: string }
  | { readonly code: 'INPUT_TOO_LONG'; readonly maxChars: number }
  | { readonly code: 'MISSING_FIELD'; readonly field: SignalField }
  | { readonly code: 'UNKNOWN_SYMBOL'; readonly token: string }
  | { readonly code: 'BAD_SIDE'; readonly token: string }
  | { readonly code: 'BAD_PRICE'; readonly field: PriceField; readonly index?: number; readonly token: string; readonly problem: PriceProblem }
  | { readonly code: 'BAD_CONFIDENCE'; readonly token: string; readonly problem: NumberProblem | 'OUT_OF_RANGE' }
  | { readonly code: 'TOO_MANY_TARGETS'; readonly max: number; readonly given: number }
  /** A market entry with no last price to resolve it (and its relative levels) against. */
  | { readonly code: 'NO_REFERENCE_PRICE'; readonly symbol: string }
  | { readonly code: 'STOP_WRONG_SIDE'; readonly side: PositionSide; readonly entryPriceQuote: Decimal; readonly stopPriceQuote: Decimal }
  | {
      readonly code: 'TARGET_WRONG_SIDE';
      readonly side: PositionSide;
      readonly index: number;
      readonly entryPriceQuote: Decimal;
      readonly targetPriceQuote: Decimal;
    }
  | {
      readonly code: 'TARGETS_OUT_OF_ORDER';
      readonly side: PositionSide;
      readonly index: number;
      readonly previousPriceQuote: Decimal;
      readonly targetPriceQuote: Decimal;
    }
  /**
   * The last value reads equally well as a confidence (0..1) and as one more target (low-priced
   * coins): refused rather than guessed; "80%" is always a confidence.
   */
  | { readonly code: 'AMBIGUOUS_LAST_VALUE'; readonly token: string };

export type TradeParseErrorCode = TradeParseError['code'];

/** At most this many take-profit targets per signal. */
export const MAX_TARGETS = 3;
