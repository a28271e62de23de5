import { BaseError, NetworkError, OperationFailed } from 'ccxt';
import { sanitiseErrorMessage } from './sanitise-error-message.js';

/**
 * What the ccxt adapter throws instead of a raw ccxt error: the same story with credentials
 * removed from the message (ccxt puts signed URLs in its messages), the ccxt class name for
 * logs, and whether the failure was transient (network, timeout, 5xx, throttling) rather than
 * a refusal or a bug. The original error is deliberately not kept as `cause`: it holds the raw text.
 */
export class CcxtAdapterError extends Error {
  override readonly name = 'CcxtAdapterError';
  constructor(
    message: string,
    /** ccxt error class, e.g. "RequestTimeout", "AuthenticationError". */
    readonly errorClass: string,
    /** True for ccxt NetworkError / OperationFailed: the same read may succeed later. */
    readonly isTransient: boolean,
  ) {
    super(message);
  }
}

/** Thrown by `market()` and order calls for a symbol that is not among the loaded markets. */
export class UnknownMarketError extends Error {
  override readonly name = 'UnknownMarketError';
}

/**
 * Converts a ccxt error into a CcxtAdapterError with a sanitised message. Errors that did not
 * come from ccxt (our own bugs, a refused test host) are returned unchanged.
 */
export function toAdapterError(e: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (!(e instanceof BaseError)) return e;
  const transient = e instanceof NetworkError || e instanceof OperationFailed;
  return new CcxtAdapterError(sanitiseErrorMessage(e.message, secrets), e.name, transient);
}
