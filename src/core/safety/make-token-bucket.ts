/** Spaces calls to a rate: `take()` resolves when the caller may make its call. */
export interface TokenBucket {
  take(): Promise<void>;
}

export interface TokenBucketOptions {
  /** Calls per second on average. */
  readonly ratePerSecond: number;
  /** Calls allowed at once before spacing applies (the bucket's capacity, at least 1). */
  readonly burst: number;
  /** Monotonic milliseconds (performance.now in production, a fake in tests). */
  readonly nowMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * A token bucket for concurrent callers: each `take()` reserves the next free slot at once and
 * then waits for it, so callers are served in order and the rate holds however many wait. With
 * `burst` 1 no two calls are closer than 1 / rate seconds (what venues enforce per window).
 * Throws RangeError for a rate or burst that is not positive.
 */
export function makeTokenBucket(o: TokenBucketOptions): TokenBucket {
  if (!(o.ratePerSecond > 0) || !Number.isFinite(o.ratePerSecond) || !(o.burst >= 1)) {
    throw new RangeError(`a token bucket needs a positive rate and burst >= 1 (rate ${o.ratePerSecond}, burst ${o.burst})`);
  }
  let tokens = o.burst;
  let updatedMs = o.nowMs();
  return {
    async take(): Promise<void> {
      const now = o.nowMs();
      tokens = Math.min(o.burst, tokens + (Math.max(0, now - updatedMs) * o.ratePerSecond) / 1000);
      updatedMs = Math.max(updatedMs, now);
      tokens -= 1;
      // Negative tokens are reservations of callers already waiting: this one queues behind them.
      if (tokens < 0) await o.sleep((-tokens * 1000) / o.ratePerSecond);
    },
  };
}
