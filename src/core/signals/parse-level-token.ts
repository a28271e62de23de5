import { HUNDRED } from '../money.js';
import { err, ok, type Result } from '../result.js';
import type { NumberToken } from './parse-number-token.js';
import { parseNumberToken } from './parse-number-token.js';
import type { EntrySpec, LevelSpec, PriceProblem, TradeParseError } from './parsed-signal.js';

/** A word as written and how parseNumberToken classified it. */
export interface NumberWord {
  readonly text: string;
  readonly token: NumberToken;
}

/**
 * Reads a number word, reporting a syntax problem as BAD_PRICE for `field` (and target `index`).
 * See parseNumberToken for what is refused.
 */
export function parseNumberWord(text: string, field: 'entry' | 'stop' | 'target', index?: number): Result<NumberWord, TradeParseError> {
  const token = parseNumberToken(text);
  if (!token.ok) return err({ code: 'BAD_PRICE', field, ...(index === undefined ? {} : { index }), token: text, problem: token.error });
  return ok({ text, token: token.value });
}

/** An entry: a positive price or a market word. Offsets and percentages are refused (OFFSET_NOT_ALLOWED). */
export function toEntrySpec(word: NumberWord): Result<EntrySpec, TradeParseError> {
  const t = word.token;
  const bad = (problem: PriceProblem) => err({ code: 'BAD_PRICE', field: 'entry', token: word.text, problem } as const);
  switch (t.kind) {
    case 'market':
      return ok({ kind: 'market' });
    case 'plain':
      return t.value.gt(0) ? ok({ kind: 'price', priceQuote: t.value }) : bad('NOT_POSITIVE');
    case 'offset':
    case 'percent':
      return bad('OFFSET_NOT_ALLOWED');
  }
}

/**
 * A stop or target: a positive price or a signed offset above -100 %. Refuses a market word
 * (MARKET_NOT_ALLOWED) and an unsigned percentage (PERCENT_NEEDS_SIGN: "5%" is a confidence).
 */
export function toLevelSpec(word: NumberWord, field: 'stop' | 'target', index?: number): Result<LevelSpec, TradeParseError> {
  const t = word.token;
  const bad = (problem: PriceProblem) =>
    err({ code: 'BAD_PRICE', field, ...(index === undefined ? {} : { index }), token: word.text, problem } as const);
  switch (t.kind) {
    case 'market':
      return bad('MARKET_NOT_ALLOWED');
    case 'percent':
      return bad('PERCENT_NEEDS_SIGN');
    case 'plain':
      return t.value.gt(0) ? ok({ kind: 'price', priceQuote: t.value }) : bad('NOT_POSITIVE');
    case 'offset':
      return t.offsetPct.lte(HUNDRED.neg()) ? bad('OFFSET_OUT_OF_RANGE') : ok({ kind: 'offset', offsetPct: t.offsetPct });
  }
}
