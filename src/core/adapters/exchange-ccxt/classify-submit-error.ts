import {
  AuthenticationError,
  BadRequest,
  BadSymbol,
  BaseError,
  DDoSProtection,
  DuplicateOrderId,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  OnMaintenance,
  OperationFailed,
  OperationRejected,
  OrderImmediatelyFillable,
  RateLimitExceeded,
} from 'ccxt';
import type { RefusalReason, SubmitOutcome } from '../../ports.js';
import { toAdapterError } from './ccxt-adapter-error.js';
import { sanitiseErrorMessage } from './sanitise-error-message.js';

/**
 * Venue messages that mean "an order with this client id already exists" but that ccxt does not
 * map to DuplicateOrderId. Binance answers {"code":-2010,"msg":"Duplicate order sent."}, which
 * ccxt 4.5 raises as a plain InvalidOrder (checked in binance.js: no DuplicateOrderId mapping).
 */
const DUPLICATE_CLIENT_ID_PATTERNS: readonly RegExp[] = [
  /duplicate order sent/i,
  /duplicate\w*\s+client\s*order\s*id/i,
  /client\s*order\s*id\s+(is\s+)?(already\s+(exists?|used)|duplicated?)/i,
];

function refused(reason: RefusalReason, retryable: boolean, message: string): SubmitOutcome {
  return { kind: 'refused', retryable, reason, message };
}

/**
 * Classifies an error thrown by ccxt's createOrder into a SubmitOutcome.
 *
 * - refused, retryable: throttling (DDoSProtection, RateLimitExceeded; checked first because they
 *   subclass NetworkError, yet the venue refused before executing) and announced maintenance.
 * - unknown: timeouts, 5xx, resets, unparsable replies (NetworkError, OperationFailed) and a
 *   duplicate client id: the venue may hold or have filled the order, so reconcile by
 *   clientOrderId and never resend.
 * - refused, not retryable: insufficient funds, a stop whose trigger is already passed (Binance:
 *   "Stop price would trigger immediately.", an InvalidOrder subclass, so checked first), invalid
 *   order or request, unknown symbol, explicit venue rejection, authentication or permission failure.
 *
 * Messages are sanitised (no key, signature or signed URL). Anything else is a bug or an
 * unmapped venue error: it is rethrown (as a sanitised CcxtAdapterError for ccxt errors).
 */
export function classifySubmitError(
  e: unknown,
  clientOrderId: string,
  secrets: readonly (string | undefined)[] = [],
): SubmitOutcome {
  if (!(e instanceof BaseError)) throw e;
  const message = sanitiseErrorMessage(e.message, secrets);
  if (e instanceof DDoSProtection || e instanceof RateLimitExceeded) return refused('THROTTLED', true, message);
  if (e instanceof OnMaintenance) return refused('EXCHANGE_BUSY', true, message);
  if (e instanceof NetworkError || e instanceof OperationFailed) return { kind: 'unknown', clientOrderId, message };
  if (e instanceof DuplicateOrderId || DUPLICATE_CLIENT_ID_PATTERNS.some((p) => p.test(e.message))) {
    return { kind: 'unknown', clientOrderId, message };
  }
  if (e instanceof InsufficientFunds) return refused('INSUFFICIENT_FUNDS', false, message);
  if (e instanceof OrderImmediatelyFillable) return refused('WOULD_EXECUTE_IMMEDIATELY', false, message);
  if (e instanceof AuthenticationError) return refused('AUTH_FAILED', false, message);
  if (e instanceof BadSymbol) return refused('UNKNOWN_SYMBOL', false, message);
  if (e instanceof InvalidOrder || e instanceof BadRequest) return refused('INVALID_ORDER', false, message);
  if (e instanceof OperationRejected) return refused('REJECTED', false, message);
  throw toAdapterError(e, secrets);
}

/**
 * Classifies an error from a read made before anything was sent (markets, ticker for the
 * notional check). Nothing can have executed, so what would be "unknown" for a submit is a
 * retryable EXCHANGE_BUSY refusal here.
 */
export function classifyPreTradeError(
  e: unknown,
  clientOrderId: string,
  secrets: readonly (string | undefined)[] = [],
): SubmitOutcome {
  const outcome = classifySubmitError(e, clientOrderId, secrets);
  return outcome.kind === 'unknown' ? refused('EXCHANGE_BUSY', true, outcome.message) : outcome;
}
