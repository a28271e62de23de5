import { type Decimal, HUNDRED, ZERO } from '../money.js';
import { type Result, ok } from '../result.js';
import type { PositionSide } from '../risk/trade-intent.js';
import type { SignalLevels, SignalPrices, TradeParseError } from '../signals/parsed-signal.js';
import { resolveSignalPrices } from '../signals/resolve-signal-prices.js';

/**
 * How far the market may move from the price a decision was made at before the levels are
 * re-resolved and the trade re-sized: beyond `pct` per cent of the entry OR beyond `r` times the
 * entry-to-stop distance, whichever is reached first (0.5 % / 0.25 R by default: on a 2 % stop a
 * 0.5 % move is a quarter of the risk; on a tight stop the R rule triggers earlier).
 */
export interface DriftTolerance {
  readonly pct: Decimal;
  readonly r: Decimal;
}

/** How far the market is from a reference entry: per cent of the entry and multiples of its risk. */
export interface PriceDrift {
  readonly fromPriceQuote: Decimal;
  readonly toPriceQuote: Decimal;
  /** |market − entry| / entry × 100. */
  readonly pct: Decimal;
  /** |market − entry| / |entry − stop|; zero when the stop sits at the entry. */
  readonly r: Decimal;
  readonly isBeyondTolerance: boolean;
}

export interface MarketPricing {
  /** The levels the decision is made with. */
  readonly prices: SignalPrices;
  readonly drift: PriceDrift;
  /** True when the market moved beyond the tolerance and the levels were re-resolved at it. */
  readonly isRepriced: boolean;
}

/** Measures the drift of `marketPriceQuote` from `reference`'s entry. Pure. */
export function measurePriceDrift(reference: SignalPrices, marketPriceQuote: Decimal, tolerance: DriftTolerance): PriceDrift {
  const entry = reference.entryPriceQuote;
  const move = marketPriceQuote.minus(entry).abs();
  const risk = entry.minus(reference.stopPriceQuote).abs();
  const pct = entry.isZero() ? ZERO : move.div(entry).mul(HUNDRED);
  const r = risk.isZero() ? ZERO : move.div(risk);
  return { fromPriceQuote: entry, toPriceQuote: marketPriceQuote, pct, r, isBeyondTolerance: pct.gt(tolerance.pct) || r.gt(tolerance.r) };
}

/**
 * Prices a signal for an entry now, at `marketPriceQuote` (the ask for a long, the bid for a
 * short: what the entry will pay). Entries execute at once, so:
 * - a market entry is always resolved at the market price (its offsets follow it);
 * - an entry given as a price keeps `reference` while the market is within the tolerance, and
 *   beyond it is re-priced at the market like a market entry: offsets move with it, absolute stops
 *   and targets stay (and may then be on the wrong side: refused with resolveSignalPrices' code).
 * `reference` is what the last decision used (the signal's own prices, or the proposal shown).
 */
export function priceSignalAtMarket(
  signal: { readonly symbol: string; readonly side: PositionSide; readonly levels: SignalLevels },
  reference: SignalPrices,
  marketPriceQuote: Decimal,
  tolerance: DriftTolerance,
): Result<MarketPricing, TradeParseError> {
  const drift = measurePriceDrift(reference, marketPriceQuote, tolerance);
  if (signal.levels.entry.kind === 'price' && !drift.isBeyondTolerance) return ok({ prices: reference, drift, isRepriced: false });
  const resolved = resolveSignalPrices({ ...signal.levels, symbol: signal.symbol, entry: { kind: 'market' } }, marketPriceQuote);
  if (!resolved.ok) return resolved;
  return ok({ prices: resolved.value, drift, isRepriced: drift.isBeyondTolerance });
}
