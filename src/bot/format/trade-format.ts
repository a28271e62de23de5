import type { PriceProblem, TradeParseError } from '../../core/signals/parsed-signal.js';
import type { Decimal } from '../../core/money.js';
import { escapeHtml } from './text.js';

/** Text of the /trade command and its step-by-step questions (HTML). */

/**
 * A price for reading: thousands grouped, no trailing zeros ("45,010.5"), at the exchange's
 * precision when its tick is known (else at most 8 decimals).
 */
export function formatPrice(value: Decimal, tick?: Decimal): string {
  const dp = tick && !tick.isZero() ? tick.decimalPlaces() : 8;
  const [int, frac] = value.toDecimalPlaces(dp).toFixed().split('.') as [string, string?];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** A quantity exactly as decided (already on the exchange's step), no exponent. */
export function formatQty(value: Decimal): string {
  return value.toFixed();
}

export const tradeUsage = [
  '<b>/trade</b> SYMBOL SIDE ENTRY STOP TARGET [TARGET2 TARGET3] [CONFIDENCE]',
  'e.g. <code>/trade BTC/USDT long 45000 44000 48000 0.8</code>',
  '     <code>/trade ETH short market +2% -3% -6% 70%</code>',
  'ENTRY may be <code>market</code>; STOP and TARGETs may be offsets from the entry like <code>-2%</code> / <code>+5%</code>.',
  'Send /trade alone to be asked step by step.',
].join('\n');

function fieldName(field: 'entry' | 'stop' | 'target', index?: number): string {
  return field === 'target' ? `target ${(index ?? 0) + 1}` : field;
}

const priceProblems: Record<PriceProblem, string> = {
  NOT_A_NUMBER: 'is not a number: write a plain price like 45000 or 0.5',
  NON_ASCII_DIGITS: 'uses digits other than 0-9: please retype it with 0-9',
  DIGIT_SEPARATOR: 'has a thousands separator or a decimal comma: write 45000 or 45000.5',
  TOO_LONG: 'is too long for a price',
  SIGN_NEEDS_PERCENT: 'has a sign but no %: a level relative to the entry looks like -2% or +5%',
  NOT_POSITIVE: 'must be above zero',
  MARKET_NOT_ALLOWED: 'cannot be "market": only the entry can',
  OFFSET_NOT_ALLOWED: 'must be a price or "market" (offsets like -2% are for the stop and targets)',
  PERCENT_NEEDS_SIGN: 'needs a sign: +5% is above the entry, -2% below',
  OFFSET_OUT_OF_RANGE: 'would put the price at or below zero',
};

/** One clear sentence for every way a trade line or an answer is refused. */
export function formatTradeParseError(e: TradeParseError, symbolExamples: readonly string[] = []): string {
  const q = (s: string) => `"${escapeHtml(s)}"`;
  switch (e.code) {
    case 'NOT_TRADE_COMMAND':
      return `${q(e.token)} is not the /trade command.`;
    case 'INPUT_TOO_LONG':
      return `That is too long for a trade (at most ${e.maxChars} characters).`;
    case 'MISSING_FIELD':
      return e.field === 'target' ? 'Missing a target: give at least one take-profit level.' : `Missing the ${e.field}.`;
    case 'UNKNOWN_SYMBOL':
      return `I don't know the market ${q(e.token)}.${symbolExamples.length > 0 ? ` Try ${symbolExamples.slice(0, 6).map(escapeHtml).join(', ')}.` : ''}`;
    case 'BAD_SIDE':
      return `${q(e.token)} is not a side: use long or short (buy and sell work too).`;
    case 'BAD_PRICE':
      return `The ${fieldName(e.field, e.index)} ${q(e.token)} ${priceProblems[e.problem]}.`;
    case 'BAD_CONFIDENCE':
      return `Confidence ${q(e.token)} must be between 0 and 1 (like 0.8) or a percentage (80%).`;
    case 'TOO_MANY_TARGETS':
      return `At most ${e.max} targets (you gave ${e.given}).`;
    case 'NO_REFERENCE_PRICE':
      return `I have no current price for ${escapeHtml(e.symbol)} to place a market entry: give the entry as a price.`;
    case 'STOP_WRONG_SIDE':
      return `For a ${e.side} the stop must be ${e.side === 'long' ? 'below' : 'above'} the entry: stop ${formatPrice(e.stopPriceQuote)}, entry ${formatPrice(e.entryPriceQuote)}.`;
    case 'TARGET_WRONG_SIDE':
      return `Target ${e.index + 1} (${formatPrice(e.targetPriceQuote)}) must be ${e.side === 'long' ? 'above' : 'below'} the entry ${formatPrice(e.entryPriceQuote)} for a ${e.side}.`;
    case 'TARGETS_OUT_OF_ORDER':
      return `Target ${e.index + 1} (${formatPrice(e.targetPriceQuote)}) must be ${e.side === 'long' ? 'above' : 'below'} target ${e.index} (${formatPrice(e.previousPriceQuote)}): list targets nearest first.`;
    case 'AMBIGUOUS_LAST_VALUE':
      return `${q(e.token)} could be a confidence or one more target. Write the confidence as a percentage (like 80%) so it is clear.`;
  }
}

/** A refused /trade line: what is wrong, then how to write it. */
export function formatTradeLineError(e: TradeParseError, symbolExamples: readonly string[]): string {
  return `✖ ${formatTradeParseError(e, symbolExamples)}\n\n${tradeUsage}`;
}

// The step-by-step /trade questions.
export const wizardText = {
  symbol: '<b>New trade</b> — 1/6: which market? Tap one or type it (btc, ETH/USDT).\n/cancel leaves at any time.',
  side: (symbol: string) => `<b>${escapeHtml(symbol)}</b> — 2/6: long (profits when the price rises) or short?`,
  entry: (last: string | null) => `3/6: entry — tap Market to enter now${last ? ` (last ${escapeHtml(last)})` : ''}, or type a price.`,
  stop: (side: 'long' | 'short') => `4/6: stop-loss — tap a distance ${side === 'long' ? 'below' : 'above'} the entry, or type a price or an offset like ${side === 'long' ? '-1.5%' : '+1.5%'}.`,
  target: (n: number) => (n === 1
    ? '5/6: target 1 — tap a multiple of your risk, or type a price or an offset like +4%.'
    : `Target ${n}? Tap one, type it, or tap Done.`),
  confidence: '6/6: how confident is this signal? Tap one or type it (0.8 or 80%). Skip uses your minimum, and auto-trading never acts on it.',
  again: 'Try again, or /cancel.',
  textPlease: 'Please tap a button or type the answer, or /cancel.',
  cancelled: 'Cancelled: nothing was traded.',
  timedOut: 'That took a while, so I left the trade unchanged. Send /trade to start again.',
  tooManyTries: 'Too many tries: nothing was traded. Send /trade to start again.',
  summary: (line: string) => `Checking: <code>${escapeHtml(line)}</code>`,
} as const;

/** A confidence answer that is not a ratio 0..1 or a percentage. */
export function formatConfidenceAnswerError(input: string): string {
  return `Confidence "${escapeHtml(input)}" must be between 0 and 1 (like 0.8) or a percentage (80%).`;
}
