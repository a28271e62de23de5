import { type Decimal, HUNDRED, ONE } from '../money.js';
import { err, ok, type Result } from '../result.js';
import type { LevelSpec, PriceField, SignalLevels, SignalPrices, TradeParseError } from './parsed-signal.js';

/**
 * Turns a signal's levels into prices and checks they make a trade: every price positive and
 * finite; for a long stop < entry < target 1 < target 2 < target 3, for a short the mirror image.
 *
 * `marketPriceQuote` prices a market entry (the last price); an entry given as a price ignores it,
 * so re-pricing a parsed signal is `resolveSignalPrices(signal, newLastPrice)`.
 * Offsets resolve against the entry price: entry * (1 + offsetPct / 100). Prices are not rounded to
 * the exchange tick here: the order path does that.
 *
 * Refuses with BAD_PRICE (entry not positive, offset of -100 % or less), NO_REFERENCE_PRICE (market
 * entry without a usable price), STOP_WRONG_SIDE, TARGET_WRONG_SIDE and
 * TARGETS_OUT_OF_ORDER. It does not check the target count or R:R: that is the caller's and the risk gate's.
 */
export function resolveSignalPrices(
  levels: SignalLevels & { readonly symbol: string },
  marketPriceQuote: Decimal | undefined,
): Result<SignalPrices, TradeParseError> {
  const entry = levels.entry.kind === 'price' ? levels.entry.priceQuote : marketPriceQuote;
  if (entry === undefined || (levels.entry.kind === 'market' && !isPositiveFinite(entry))) {
    return err({ code: 'NO_REFERENCE_PRICE', symbol: levels.symbol });
  }
  if (!isPositiveFinite(entry)) return err({ code: 'BAD_PRICE', field: 'entry', token: entry.toString(), problem: 'NOT_POSITIVE' });

  const stop = resolveLevel(levels.stop, entry, 'stop');
  if (!stop.ok) return stop;
  const isLong = levels.side === 'long';
  // "Beyond" means further in the trade's favour: higher for a long, lower for a short.
  const isBeyond = (a: Decimal, b: Decimal) => (isLong ? a.gt(b) : a.lt(b));
  if (!isBeyond(entry, stop.value)) {
    return err({ code: 'STOP_WRONG_SIDE', side: levels.side, entryPriceQuote: entry, stopPriceQuote: stop.value });
  }

  const targets: Decimal[] = [];
  for (const [index, spec] of levels.targets.entries()) {
    const target = resolveLevel(spec, entry, 'target', index);
    if (!target.ok) return target;
    if (!isBeyond(target.value, entry)) {
      return err({ code: 'TARGET_WRONG_SIDE', side: levels.side, index, entryPriceQuote: entry, targetPriceQuote: target.value });
    }
    const previous = targets[index - 1];
    if (previous !== undefined && !isBeyond(target.value, previous)) {
      return err({ code: 'TARGETS_OUT_OF_ORDER', side: levels.side, index, previousPriceQuote: previous, targetPriceQuote: target.value });
    }
    targets.push(target.value);
  }
  return ok({ entryPriceQuote: entry, stopPriceQuote: stop.value, targetPricesQuote: targets });
}

function resolveLevel(spec: LevelSpec, entry: Decimal, field: PriceField, index?: number): Result<Decimal, TradeParseError> {
  const at = index === undefined ? {} : { index };
  if (spec.kind === 'price') {
    return isPositiveFinite(spec.priceQuote)
      ? ok(spec.priceQuote)
      : err({ code: 'BAD_PRICE', field, ...at, token: spec.priceQuote.toString(), problem: 'NOT_POSITIVE' });
  }
  const price = entry.mul(ONE.plus(spec.offsetPct.div(HUNDRED)));
  if (!isPositiveFinite(price)) {
    const token = `${spec.offsetPct.isNegative() ? '' : '+'}${spec.offsetPct.toString()}%`;
    return err({ code: 'BAD_PRICE', field, ...at, token, problem: 'OFFSET_OUT_OF_RANGE' });
  }
  return ok(price);
}

function isPositiveFinite(d: Decimal): boolean {
  return d.isFinite() && d.gt(0);
}
