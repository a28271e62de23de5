import type { BucketSettings } from './webhook-deps.js';

/** The outcome of asking a limiter: allowed, or refused with the whole seconds to wait. */
export type LimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets per key (a user id, an address). Time comes from the caller (`nowMs`), so tests
 * and replays control it. At most `maxKeys` buckets are kept: past that, the least recently used
 * is forgotten, which only ever forgives a client, never blocks one by mistake.
 */
export class TokenBucketLimiter {
  readonly #settings: BucketSettings;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(settings: BucketSettings, maxKeys: number) {
    if (!(settings.capacity >= 1) || !(settings.refillPerSecond >= 0) || !(maxKeys >= 1)) {
      throw new RangeError('A token bucket needs capacity >= 1, refillPerSecond >= 0 and maxKeys >= 1');
    }
    this.#settings = settings;
    this.#maxKeys = maxKeys;
  }

  /** Takes one token for `key` when there is one. */
  take(key: string, nowMs: number): LimitDecision {
    const bucket = this.#refilled(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: this.#secondsUntilToken(bucket) };
  }

  /** Whether `key` has a token left, without taking it. */
  check(key: string, nowMs: number): LimitDecision {
    if (!this.#buckets.has(key)) return { allowed: true };
    const bucket = this.#refilled(key, nowMs);
    return bucket.tokens >= 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: this.#secondsUntilToken(bucket) };
  }

  #refilled(key: string, nowMs: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (bucket) {
      const elapsedSeconds = Math.max(0, nowMs - bucket.updatedMs) / 1000;
      bucket.tokens = Math.min(this.#settings.capacity, bucket.tokens + elapsedSeconds * this.#settings.refillPerSecond);
      bucket.updatedMs = Math.max(bucket.updatedMs, nowMs);
      this.#buckets.delete(key); // re-inserted below: Map order is our recency order
    } else {
      bucket = { tokens: this.#settings.capacity, updatedMs: nowMs };
      if (this.#buckets.size >= this.#maxKeys) {
        const oldest = this.#buckets.keys().next();
        if (!oldest.done) this.#buckets.delete(oldest.value);
      }
    }
    this.#buckets.set(key, bucket);
    return bucket;
  }

  #secondsUntilToken(bucket: Bucket): number {
    const rate = this.#settings.refillPerSecond;
    // With no refill the wait is unbounded; a day is the honest "not soon" a Retry-After can carry.
    if (rate <= 0) return 86_400;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  }
}
