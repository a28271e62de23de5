import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from '../../../src/core/execution/compute-backoff-ms.js';

describe('computeBackoffMs', () => {
  const policy = { baseMs: 200, maxMs: 1000 };
  it('doubles per retry, with half of the delay jittered, and never exceeds the cap', () => {
    expect([0, 1, 2, 3, 4].map((r) => computeBackoffMs(r, policy, () => 0))).toEqual([100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4].map((r) => computeBackoffMs(r, policy, () => 0.999999))).toEqual([199, 399, 799, 999, 999]);
  });
  it('clamps a misbehaving RNG', () => {
    expect(computeBackoffMs(0, policy, () => 5)).toBe(200);
    expect(computeBackoffMs(0, policy, () => -1)).toBe(100);
  });
});
