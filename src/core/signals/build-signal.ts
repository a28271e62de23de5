import type { Decimal } from '../money.js';
import { normalizeSymbol } from '../market/normalize-symbol.js';
import { err, ok, type Result } from '../result.js';
import { MAX_TARGETS, type ParsedSignal, type SignalLevels, type TradeParseError } from './parsed-signal.js';
import { resolveSignalPrices } from './resolve-signal-prices.js';

/** A signal as read from its source, before the symbol is known to exist and the levels are checked. */
export interface SignalDraft extends SignalLevels {
  /** The symbol as written: "btc", "BTCUSDT", "BTC/USDT". */
  readonly symbolToken: string;
  /** Ratio; checked to lie in 0..1. Null when the source gave none. */
  readonly confidence: Decimal | null;
  /** The confidence as written, for error messages (defaults to the ratio's text). */
  readonly confidenceToken?: string;
}

/** What a signal is checked against. */
export interface SignalContext {
  /** Markets the user can trade, e.g. "BTC/USDT". */
  readonly knownSymbols: Iterable<string>;
  /** Last traded price of a normalised symbol, in quote units; prices market entries. */
  readonly lastPrice?: (symbol: string) => Decimal | undefined;
}

/**
 * Checks a draft signal and resolves its prices: the symbol must be a known market (normalised
 * with normalizeSymbol), one to MAX_TARGETS targets, a confidence in 0..1, and prices that make a
 * trade (see resolveSignalPrices). A market entry is priced with `ctx.lastPrice`; without one it is
 * refused with NO_REFERENCE_PRICE rather than left unpriced. Shared by the /trade parser and the webhook.
 */
export function buildSignal(draft: SignalDraft, ctx: SignalContext): Result<ParsedSignal, TradeParseError> {
  const symbol = normalizeSymbol(draft.symbolToken, ctx.knownSymbols);
  if (symbol === null) return err({ code: 'UNKNOWN_SYMBOL', token: draft.symbolToken });
  if (draft.targets.length === 0) return err({ code: 'MISSING_FIELD', field: 'target' });
  if (draft.targets.length > MAX_TARGETS) return err({ code: 'TOO_MANY_TARGETS', max: MAX_TARGETS, given: draft.targets.length });
  const confidence = draft.confidence;
  if (confidence !== null && !(confidence.isFinite() && confidence.gte(0) && confidence.lte(1))) {
    return err({ code: 'BAD_CONFIDENCE', token: draft.confidenceToken ?? confidence.toString(), problem: 'OUT_OF_RANGE' });
  }
  const levels = { symbol, side: draft.side, entry: draft.entry, stop: draft.stop, targets: draft.targets };
  const reference = draft.entry.kind === 'market' ? ctx.lastPrice?.(symbol) : undefined;
  const prices = resolveSignalPrices(levels, reference);
  if (!prices.ok) return prices;
  return ok({ ...levels, confidence, prices: prices.value });
}
