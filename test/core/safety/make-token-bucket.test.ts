import { describe, expect, it } from 'vitest';
import { makeTokenBucket } from '../../../src/core/safety/make-token-bucket.js';

/** A fake clock whose sleep records the wait and moves time on. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    nowMs: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    advance: (ms: number) => (now += ms),
    waits,
  };
}

describe('makeTokenBucket', () => {
  it('spaces concurrent callers 1 / rate apart, in the order they asked (burst 1)', async () => {
    const t = fakeTime();
    const bucket = makeTokenBucket({ ratePerSecond: 10, burst: 1, nowMs: t.nowMs, sleep: t.sleep });
    await Promise.all(Array.from({ length: 5 }, () => bucket.take()));
    expect(t.waits).toEqual([100, 200, 300, 400]); // the first goes at once
  });

  it('lets a burst through at once, then holds the average rate', async () => {
    const t = fakeTime();
    const bucket = makeTokenBucket({ ratePerSecond: 10, burst: 3, nowMs: t.nowMs, sleep: t.sleep });
    await Promise.all(Array.from({ length: 5 }, () => bucket.take()));
    expect(t.waits).toEqual([100, 200]);
  });

  it('refills with time: after a quiet second a caller goes at once', async () => {
    const t = fakeTime();
    const bucket = makeTokenBucket({ ratePerSecond: 2, burst: 1, nowMs: t.nowMs, sleep: t.sleep });
    await bucket.take();
    t.advance(1000);
    await bucket.take();
    expect(t.waits).toEqual([]);
  });

  it('refuses a rate or burst that makes no sense', () => {
    const t = fakeTime();
    expect(() => makeTokenBucket({ ratePerSecond: 0, burst: 1, nowMs: t.nowMs, sleep: t.sleep })).toThrow(RangeError);
    expect(() => makeTokenBucket({ ratePerSecond: 5, burst: 0, nowMs: t.nowMs, sleep: t.sleep })).toThrow(RangeError);
  });
});
