import { Decimal, HUNDRED } from '../money.js';
import { normalizeSymbol } from '../market/normalize-symbol.js';
import { err, ok, type Result } from '../result.js';
import { buildSignal, type SignalContext } from './build-signal.js';
import { parseNumberWord, toEntrySpec, toLevelSpec, type NumberWord } from './parse-level-token.js';
import { parseSideToken } from './parse-side-token.js';
import { MAX_TARGETS, type LevelSpec, type ParsedSignal, type TradeParseError } from './parsed-signal.js';

/** Longer messages are refused before they are split: a trade line is a few dozen characters. */
export const MAX_COMMAND_CHARS = 300;

const COMMAND = /^\/trade(?:@[A-Za-z0-9_]{1,64})?$/i;
// A trailing value between 0 and 1 is only a target candidate when it lies within this factor of the entry.
const PLAUSIBLE_TARGET_FACTOR = new Decimal(10);

/**
 * Parses the one-line trade form, with or without the leading `/trade` (or `/trade@bot`):
 *
 * `SYMBOL SIDE ENTRY STOP TARGET1 [TARGET2 [TARGET3]] [CONFIDENCE]`, words separated by any whitespace.
 * - SYMBOL: anything normalizeSymbol knows ("btc", "BTCUSDT", "BTC/USDT").
 * - SIDE: long / buy / l or short / sell / s, any case.
 * - ENTRY: a price, or `market` / `mkt` / `m`, priced with `ctx.lastPrice` (refused without one).
 * - STOP, TARGETs: prices, or signed offsets from the entry in per cent: `-2%`, `+5%` (a short's
 *   stop is above: `+2%`). Offsets stay in the result's specs, so a re-price can recompute them.
 * - CONFIDENCE: `0.8` or `80%`. A trailing unsigned `NN%` is always the confidence. A trailing plain
 *   number in 0..1 is the confidence unless it would also be a valid next target within a factor
 *   of ten of the entry (cheap coins): then it is refused as AMBIGUOUS_LAST_VALUE, never guessed.
 *
 * Numbers are ASCII decimals with an optional "." ("45000", "0.5"). Thousands separators are
 * refused (DIGIT_SEPARATOR: "45,000" reads as 45000 in one locale and 45 in another; a price off by
 * a factor of a thousand is worse than a retype), as are other scripts' digits, exponents and words.
 *
 * Never throws, whatever the input: returns the signal (prices checked by resolveSignalPrices) or
 * the first problem from the left, coded (see TradeParseError).
 *
 * @example parseTradeCommand('/trade BTC/USDT long 45000 44000 48000 0.8', ctx)
 * @example parseTradeCommand('eth short m +2% -3% -6% 70%', { knownSymbols, lastPrice })
 */
export function parseTradeCommand(text: string, ctx: SignalContext): Result<ParsedSignal, TradeParseError> {
  if (text.length > MAX_COMMAND_CHARS) return err({ code: 'INPUT_TOO_LONG', maxChars: MAX_COMMAND_CHARS });
  const words = text.split(/\s+/u).filter((w) => w.length > 0);
  if (words[0]?.startsWith('/')) {
    if (!COMMAND.test(words[0])) return err({ code: 'NOT_TRADE_COMMAND', token: words[0] });
    words.shift();
  }
  const [symbolToken, sideToken, entryToken, stopToken, ...rest] = words;
  if (symbolToken === undefined) return err({ code: 'MISSING_FIELD', field: 'symbol' });
  if (normalizeSymbol(symbolToken, ctx.knownSymbols) === null) return err({ code: 'UNKNOWN_SYMBOL', token: symbolToken });
  if (sideToken === undefined) return err({ code: 'MISSING_FIELD', field: 'side' });
  const side = parseSideToken(sideToken);
  if (side === null) return err({ code: 'BAD_SIDE', token: sideToken });
  if (entryToken === undefined) return err({ code: 'MISSING_FIELD', field: 'entry' });
  const entryWord = parseNumberWord(entryToken, 'entry');
  if (!entryWord.ok) return entryWord;
  const entry = toEntrySpec(entryWord.value);
  if (!entry.ok) return entry;
  if (stopToken === undefined) return err({ code: 'MISSING_FIELD', field: 'stop' });
  const stopWord = parseNumberWord(stopToken, 'stop');
  if (!stopWord.ok) return stopWord;
  const stop = toLevelSpec(stopWord.value, 'stop');
  if (!stop.ok) return stop;
  if (rest.length === 0) return err({ code: 'MISSING_FIELD', field: 'target' });

  const tail: NumberWord[] = [];
  for (const [index, text] of rest.entries()) {
    const word = parseNumberWord(text, 'target', index);
    if (!word.ok) return word;
    tail.push(word.value);
  }

  const draft = (targetWords: readonly NumberWord[], confidence: Decimal | null, confidenceToken?: string) => {
    const targets: LevelSpec[] = [];
    for (const [index, word] of targetWords.entries()) {
      const level = toLevelSpec(word, 'target', index);
      if (!level.ok) return level;
      targets.push(level.value);
    }
    const base = { symbolToken, side, entry: entry.value, stop: stop.value, targets, confidence };
    return buildSignal(confidenceToken === undefined ? base : { ...base, confidenceToken }, ctx);
  };

  const last = tail[tail.length - 1]!;
  const before = tail.slice(0, -1);
  const t = last.token;
  // Only an unsigned percentage or a plain number up to 1 can be a trailing confidence.
  const isConfidenceLike = tail.length >= 2 && (t.kind === 'percent' || (t.kind === 'plain' && t.value.lte(1)));
  const targetCount = isConfidenceLike ? before.length : tail.length;
  if (targetCount > MAX_TARGETS) return err({ code: 'TOO_MANY_TARGETS', max: MAX_TARGETS, given: targetCount });
  if (t.kind === 'percent' && tail.length >= 2) {
    if (t.pct.gt(HUNDRED)) return err({ code: 'BAD_CONFIDENCE', token: last.text, problem: 'OUT_OF_RANGE' });
    return draft(before, t.pct.div(HUNDRED), last.text);
  }
  if (t.kind !== 'plain' || tail.length === 1) return draft(tail, null);
  if (before.length === MAX_TARGETS) return draft(before, t.value, last.text);
  const value = t.value;
  const lastIndex = tail.length - 1;
  return disambiguateLastValue(last.text, value, lastIndex, () => draft(before, value, last.text), () => draft(tail, null));
}

/**
 * Decides whether a trailing plain number is a confidence or one more target by trying both:
 * whichever alone gives a valid trade wins; both valid is ambiguous unless the target reading is
 * implausibly far (over ten times, or under a tenth of, the entry).
 */
function disambiguateLastValue(
  token: string,
  value: Decimal,
  lastIndex: number,
  asConfidence: () => Result<ParsedSignal, TradeParseError>,
  asTarget: () => Result<ParsedSignal, TradeParseError>,
): Result<ParsedSignal, TradeParseError> {
  const confidenceReading = value.lte(1) ? asConfidence() : null;
  const targetReading = asTarget();
  if (confidenceReading?.ok && targetReading.ok) {
    const { entryPriceQuote, targetPricesQuote } = targetReading.value.prices;
    const target = targetPricesQuote[targetPricesQuote.length - 1]!;
    const isPlausible = target.lte(entryPriceQuote.mul(PLAUSIBLE_TARGET_FACTOR)) && target.gte(entryPriceQuote.div(PLAUSIBLE_TARGET_FACTOR));
    return isPlausible ? err({ code: 'AMBIGUOUS_LAST_VALUE', token }) : confidenceReading;
  }
  if (confidenceReading?.ok) return confidenceReading;
  if (targetReading.ok) return targetReading;
  if (confidenceReading !== null) return confidenceReading;
  // Neither reading works and the value is above 1: "... 48000 85" most likely meant 85 %.
  const e = targetReading.error;
  const isLastTargetWrong = (e.code === 'TARGET_WRONG_SIDE' || e.code === 'TARGETS_OUT_OF_ORDER') && e.index === lastIndex;
  if (isLastTargetWrong && value.lte(HUNDRED)) return err({ code: 'BAD_CONFIDENCE', token, problem: 'OUT_OF_RANGE' });
  return targetReading;
}
