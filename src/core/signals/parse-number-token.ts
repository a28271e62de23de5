import { Decimal } from '../money.js';
import { err, ok, type Result } from '../result.js';
import type { NumberProblem } from './parsed-signal.js';

/** One number-like word of a signal, classified by how it was written. */
export type NumberToken =
  /** "market", "mkt" or "m" (any case). */
  | { readonly kind: 'market' }
  /** An unsigned decimal: "45000", "0.8", ".5". */
  | { readonly kind: 'plain'; readonly value: Decimal }
  /** An unsigned percentage: "80%" (a confidence); `pct` 80 means eighty per cent. */
  | { readonly kind: 'percent'; readonly pct: Decimal }
  /** A signed percentage: "-2%", "+5%" (an offset from the entry); `offsetPct` -2 is two per cent below. */
  | { readonly kind: 'offset'; readonly offsetPct: Decimal };

/** Longer words are refused before any pattern runs: 20 digits already exceed any price or ratio we need. */
export const MAX_NUMBER_TOKEN_CHARS = 24;

const MARKET_WORDS = new Set(['market', 'mkt', 'm']);
// ASCII digits only, one optional decimal point, no exponent: "1e5", "0x10", "Infinity" are not numbers here.
const NUMBER = /^([+\-\u2212])?(\d+(?:\.\d+)?|\.\d+)(%)?$/;
const ANY_DIGIT = /\p{Nd}/u;
const ASCII_DIGIT = /[0-9]/;
// Group separators people type inside numbers (comma, underscore, apostrophe, thin and no-break spaces).
const SEPARATORS = /[,_'\u00a0\u202f]/g;

/**
 * Classifies one whitespace-free word of a signal as a market word, a plain decimal, an unsigned
 * percentage or a signed offset, exactly (a Decimal built from the ASCII digits as written).
 *
 * Refuses, never guesses: digits of other scripts (NON_ASCII_DIGITS, e.g. Arabic-Indic ٤٥٠٠٠),
 * thousands or decimal commas and underscores (DIGIT_SEPARATOR: "45,000" is 45000 in one locale
 * and 45 in another), exponents and words (NOT_A_NUMBER), a sign without "%" (SIGN_NEEDS_PERCENT),
 * and words over MAX_NUMBER_TOKEN_CHARS (TOO_LONG). The Unicode minus sign counts as "-".
 * Zero is a valid plain number here; callers check their own ranges.
 */
export function parseNumberToken(token: string): Result<NumberToken, NumberProblem> {
  if (token.length > MAX_NUMBER_TOKEN_CHARS) return err('TOO_LONG');
  if (MARKET_WORDS.has(token.toLowerCase())) return ok({ kind: 'market' });
  const match = NUMBER.exec(token);
  if (!match) return err(classifyNonNumber(token));
  const sign = match[1];
  const digits = match[2]!;
  const hasPercent = match[3] !== undefined;
  if (sign !== undefined && !hasPercent) return err('SIGN_NEEDS_PERCENT');
  const value = new Decimal(digits);
  if (sign === undefined) return ok(hasPercent ? { kind: 'percent', pct: value } : { kind: 'plain', value });
  return ok({ kind: 'offset', offsetPct: sign === '+' ? value : value.neg() });
}

function classifyNonNumber(token: string): NumberProblem {
  for (const ch of token) {
    if (ANY_DIGIT.test(ch) && !ASCII_DIGIT.test(ch)) return 'NON_ASCII_DIGITS';
  }
  const stripped = token.replace(SEPARATORS, '');
  return stripped !== token && NUMBER.test(stripped) ? 'DIGIT_SEPARATOR' : 'NOT_A_NUMBER';
}
