import type { ServerResponse } from 'node:http';
import type { TradeParseError } from '../core/signals/parsed-signal.js';

/** Machine-readable error codes of the webhook, besides the TradeParseError codes passed through with 422. */
export type WebhookErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BODY_TOO_LARGE'
  | 'MALFORMED_JSON'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'INVALID_FIELD'
  | 'INTERNAL_ERROR';

/** The JSON body of every error answer. `field` names the offending body field, e.g. "targets[1]". */
export interface WebhookErrorBody {
  readonly error: WebhookErrorCode | TradeParseError['code'];
  readonly message: string;
  readonly field?: string;
}

/** Writes a JSON answer with no caching; `close` asks the client to drop the connection (used when a body was left unread). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Readonly<Record<string, string>> = {},
  close = false,
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(close ? { connection: 'close' } : {}),
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  body: WebhookErrorBody,
  headers: Readonly<Record<string, string>> = {},
  close = false,
): void {
  sendJson(res, status, body, headers, close);
}

/**
 * Text for an API client about a refused signal, and the body field it concerns. Echoes only
 * what the client sent in the signal fields (never the secret).
 */
export function describeSignalError(e: TradeParseError): { readonly message: string; readonly field?: string } {
  const target = (index: number) => `targets[${index}]`;
  switch (e.code) {
    case 'UNKNOWN_SYMBOL':
      return { field: 'symbol', message: `Unknown market "${e.token}": use one of the markets the assistant trades, like BTC/USDT.` };
    case 'BAD_SIDE':
      return { field: 'side', message: `Unknown side "${e.token}": use long, short, buy or sell.` };
    case 'BAD_PRICE':
      return { field: e.field === 'target' ? target(e.index ?? 0) : e.field, message: `Bad price "${e.token}": ${priceProblemText(e.problem)}.` };
    case 'BAD_CONFIDENCE':
      return { field: 'confidence', message: `Bad confidence "${e.token}": expected a number from 0 to 1, or a percentage like "80%".` };
    case 'TOO_MANY_TARGETS':
      return { field: 'targets', message: `Too many targets (${e.given}): at most ${e.max}.` };
    case 'MISSING_FIELD':
      return { field: e.field === 'target' ? 'targets' : e.field, message: `Missing ${e.field}.` };
    case 'NO_REFERENCE_PRICE':
      return { field: 'entry', message: `No current price for ${e.symbol} to place a market entry: send the entry as a number.` };
    case 'STOP_WRONG_SIDE':
      return {
        field: 'stop',
        message: `Stop ${e.stopPriceQuote.toString()} must be ${e.side === 'long' ? 'below' : 'above'} the entry ${e.entryPriceQuote.toString()} for a ${e.side}.`,
      };
    case 'TARGET_WRONG_SIDE':
      return {
        field: target(e.index),
        message: `Target ${e.targetPriceQuote.toString()} must be ${e.side === 'long' ? 'above' : 'below'} the entry ${e.entryPriceQuote.toString()} for a ${e.side}.`,
      };
    case 'TARGETS_OUT_OF_ORDER':
      return {
        field: target(e.index),
        message: `Target ${e.targetPriceQuote.toString()} must be ${e.side === 'long' ? 'above' : 'below'} the previous target ${e.previousPriceQuote.toString()}: list targets nearest first.`,
      };
    case 'AMBIGUOUS_LAST_VALUE':
      return { message: `"${e.token}" could be a target or a confidence.` };
    case 'NOT_TRADE_COMMAND':
    case 'INPUT_TOO_LONG':
      return { message: 'Not a trade signal.' };
  }
}

function priceProblemText(problem: Extract<TradeParseError, { code: 'BAD_PRICE' }>['problem']): string {
  switch (problem) {
    case 'NOT_A_NUMBER':
      return 'expected a plain number like 45000 or 0.5';
    case 'NON_ASCII_DIGITS':
      return 'write the number with the digits 0-9';
    case 'DIGIT_SEPARATOR':
      return 'write it without thousands separators, with "." for decimals, like 45000.5';
    case 'TOO_LONG':
      return 'too many characters';
    case 'SIGN_NEEDS_PERCENT':
      return 'a signed value must be a percentage of the entry, like "-2%"';
    case 'NOT_POSITIVE':
      return 'prices must be above zero';
    case 'MARKET_NOT_ALLOWED':
      return 'only the entry can be "market"';
    case 'OFFSET_NOT_ALLOWED':
      return 'the entry must be a price or "market"';
    case 'PERCENT_NEEDS_SIGN':
      return 'a percentage of the entry needs its sign, like "+5%" or "-2%"';
    case 'OFFSET_OUT_OF_RANGE':
      return 'that offset would put the price at or below zero';
  }
}
