import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from '../../src/webhook/token-bucket-limiter.js';

describe('TokenBucketLimiter', () => {
  it('allows a burst of `capacity`, then refuses with the whole seconds until the next token', () => {
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 0.25 }, 100);
    for (let i = 0; i < 3; i++) expect(limiter.take('u', 0)).toEqual({ allowed: true });
    expect(limiter.take('u', 0)).toEqual({ allowed: false, retryAfterSeconds: 4 });
    expect(limiter.take('u', 3_000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('u', 4_000)).toEqual({ allowed: true });
  });

  it('never refills above capacity after a long idle time', () => {
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 1 }, 100);
    limiter.take('u', 0);
    const later = 1_000_000;
    expect([limiter.take('u', later), limiter.take('u', later), limiter.take('u', later)].map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it('checks without taking', () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0 }, 100);
    expect(limiter.check('ip', 0)).toEqual({ allowed: true });
    expect(limiter.check('ip', 0)).toEqual({ allowed: true });
    limiter.take('ip', 0);
    expect(limiter.check('ip', 0)).toEqual({ allowed: false, retryAfterSeconds: 86_400 });
  });

  it('keeps keys apart and forgets the least recently used beyond maxKeys (forgiving, never blocking)', () => {
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0 }, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    expect(limiter.take('a', 0).allowed).toBe(false);
    limiter.take('c', 0); // evicts b, the least recently used
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  it('never lets through more than capacity + rate * elapsed, whatever the arrival times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 300 }),
        (capacity, rate, gapsMs) => {
          const limiter = new TokenBucketLimiter({ capacity, refillPerSecond: rate }, 10);
          let now = 0;
          let allowed = 0;
          for (const gap of gapsMs) {
            now += gap;
            if (limiter.take('k', now).allowed) allowed++;
          }
          expect(allowed).toBeLessThanOrEqual(capacity + Math.floor((rate * now) / 1000) + 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses settings that make no bucket', () => {
    expect(() => new TokenBucketLimiter({ capacity: 0, refillPerSecond: 1 }, 10)).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ capacity: 1, refillPerSecond: Number.NaN }, 10)).toThrow(RangeError);
  });
});
