import type { Exchange, ExchangeOrder, Logger } from '../ports.js';
import { computeBackoffMs, type BackoffPolicy } from './compute-backoff-ms.js';

/**
 * found: the venue holds the order. absent: the venue answered that it has no such order.
 * failed: every lookup failed (timeouts, outages), so nothing is known.
 */
export type LookupResult =
  | { readonly kind: 'found'; readonly order: ExchangeOrder }
  | { readonly kind: 'absent' }
  | { readonly kind: 'failed'; readonly message: string };

export interface LookupDeps {
  readonly exchange: Exchange;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: Logger;
}

export interface LookupOptions extends BackoffPolicy {
  /** Lookups at most (at least 1). */
  readonly attempts: number;
  /** Wait before the first lookup too: a request that timed out may still be on its way. */
  readonly waitFirst: boolean;
}

/**
 * Looks an order up by our client id, a few times with backoff, stopping at the first order
 * found. It only reads: whatever it answers, nothing is ever resent from here.
 */
export async function lookUpOrder(deps: LookupDeps, symbol: string, clientOrderId: string, options: LookupOptions): Promise<LookupResult> {
  let sawAbsent = false;
  let lastError = '';
  const attempts = Math.max(1, options.attempts);
  for (let i = 0; i < attempts; i++) {
    if (i > 0 || options.waitFirst) await deps.sleep(computeBackoffMs(i, options, deps.random));
    try {
      const order = await deps.exchange.fetchOrderByClientId(symbol, clientOrderId);
      if (order) return { kind: 'found', order };
      sawAbsent = true;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      deps.log.warn({ symbol, clientOrderId, lookup: i + 1, err: error }, 'order lookup failed');
    }
  }
  return sawAbsent ? { kind: 'absent' } : { kind: 'failed', message: lastError };
}
