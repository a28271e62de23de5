import type { Exchange, ExchangeOrder, Logger, OrderRequest, RefusalReason } from '../ports.js';
import { computeBackoffMs } from './compute-backoff-ms.js';
import type { ExecutorConfig } from './executor-types.js';
import { lookUpOrder } from './look-up-order.js';

/**
 * accepted: the venue holds the order (`lostAnswer` set when it was found by lookup after the
 * answer was lost). refused: nothing executed. unknown: lookups did not find it; it may exist.
 */
export type SubmitResult = (
  | { readonly kind: 'accepted'; readonly order: ExchangeOrder; readonly lostAnswer: string | null }
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly retryable: boolean; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string }
) & {
  /** Retries before this outcome (0: the first send decided). */
  readonly retries: number;
  /** elapsedMs() when the deciding send started. */
  readonly attemptStartedMs: number;
};

/** A refused attempt that will be retried: the caller logs it. */
export interface RetriedAttempt {
  readonly retry: number;
  readonly reason: RefusalReason;
  readonly message: string;
  readonly executionTimeMs: number;
}

export interface SubmitDeps {
  readonly exchange: Exchange;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly elapsedMs: () => number;
  readonly log: Logger;
}

/**
 * Sends one order and classifies the outcome.
 * - Retryable refusals (THROTTLED, EXCHANGE_BUSY) are retried with exponential backoff and
 *   jitter, at most `maxSubmitAttempts` sends, always with the SAME client order id: nothing
 *   executed, and if a refusal was misreported the venue refuses the duplicate instead of
 *   filling twice.
 * - Unknown outcomes are never resent: the order is looked up by client id a few times.
 * - Definitive refusals return at once.
 */
export async function submitWithRetry(
  deps: SubmitDeps,
  config: ExecutorConfig,
  request: OrderRequest,
  onRetry: (attempt: RetriedAttempt) => Promise<void>,
): Promise<SubmitResult> {
  for (let retry = 0; ; retry++) {
    const startedMs = deps.elapsedMs();
    const outcome = await deps.exchange.submitOrder(request);
    const meta = { retries: retry, attemptStartedMs: startedMs };
    if (outcome.kind === 'accepted') return { kind: 'accepted', order: outcome.order, lostAnswer: null, ...meta };
    if (outcome.kind === 'unknown') {
      // A timeout is not a rejection: the venue may hold or have filled this order. Resending
      // could double the position, so it is settled by looking the client id up.
      deps.log.warn({ clientOrderId: request.clientOrderId, symbol: request.symbol, message: outcome.message }, 'order outcome unknown: looking it up');
      const found = await lookUpOrder(deps, request.symbol, request.clientOrderId, {
        attempts: config.reconcileLookups,
        baseMs: config.reconcileBaseMs,
        maxMs: config.backoffMaxMs,
        waitFirst: true,
      });
      if (found.kind === 'found') return { kind: 'accepted', order: found.order, lostAnswer: outcome.message, ...meta };
      return { kind: 'unknown', message: outcome.message, ...meta };
    }
    if (!outcome.retryable || retry + 1 >= config.maxSubmitAttempts) {
      return { kind: 'refused', reason: outcome.reason, retryable: outcome.retryable, message: outcome.message, ...meta };
    }
    await onRetry({ retry, reason: outcome.reason, message: outcome.message, executionTimeMs: Math.round(deps.elapsedMs() - startedMs) });
    await deps.sleep(computeBackoffMs(retry, { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs }, deps.random));
  }
}
