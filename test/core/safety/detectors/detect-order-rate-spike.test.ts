import { describe, expect, it } from 'vitest';
import { detectOrderRateSpike } from '../../../../src/core/safety/detectors/detect-order-rate-spike.js';

const now = new Date('2025-10-10T12:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

describe('detectOrderRateSpike', () => {
  it('is quiet at a normal pace, even a busy one', () => {
    // 2 orders a minute for the last hour, 3 in the last minute.
    const history = Array.from({ length: 120 }, (_, i) => secondsAgo(60 + i * 30));
    expect(detectOrderRateSpike([...history, secondsAgo(5), secondsAgo(20), secondsAgo(40)], now)).toBeNull();
  });

  it('fires on a burst far above both the floor and the usual rate (a runaway loop)', () => {
    const history = Array.from({ length: 60 }, (_, i) => secondsAgo(60 + i * 60)); // one a minute
    const burst = Array.from({ length: 35 }, (_, i) => secondsAgo(i));
    const hit = detectOrderRateSpike([...history, ...burst], now);
    expect(hit).toMatchObject({ kind: 'ORDER_RATE_SPIKE', subject: 'orders', detail: { orders: 35, windowSeconds: 60, normalPerWindow: '1.00', threshold: '20.00' } });
  });

  it('measures a spike against the user\'s own normal: a steady high rate is not one', () => {
    const history = Array.from({ length: 1800 }, (_, i) => secondsAgo(60 + i * 2)); // 30 a minute all hour
    const recent = Array.from({ length: 40 }, (_, i) => secondsAgo(i * 1.4));
    expect(detectOrderRateSpike([...history, ...recent], now)).toBeNull();
    const spike = Array.from({ length: 160 }, (_, i) => secondsAgo(i * 0.3));
    expect(detectOrderRateSpike([...history, ...spike], now)?.detail.threshold).toBe('150.00');
  });
});
