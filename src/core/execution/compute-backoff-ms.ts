/** Exponential backoff with jitter, for throttled submits and for order lookups. */
export interface BackoffPolicy {
  /** Delay before the first retry, ms. */
  readonly baseMs: number;
  /** Upper bound of any delay, ms. */
  readonly maxMs: number;
}

/**
 * Delay before retry number `retry` (0 for the first retry): base * 2^retry capped at max, then
 * "equal jitter": half of it fixed, half drawn from `random` (values in [0, 1)), so callers that
 * were throttled together do not come back together. Whole milliseconds, never negative.
 */
export function computeBackoffMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retry));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.floor(exp / 2 + (exp / 2) * r));
}
