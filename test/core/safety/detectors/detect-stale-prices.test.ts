import { describe, expect, it } from 'vitest';
import { detectStalePrices } from '../../../../src/core/safety/detectors/detect-stale-prices.js';

const now = new Date('2025-10-10T12:00:00Z');

describe('detectStalePrices', () => {
  it('reports markets whose price is older than the limit, or unreadable', () => {
    const found = detectStalePrices(
      [
        { symbol: 'BTC/USDT', at: new Date(now.getTime() - 5_000) },
        { symbol: 'ETH/USDT', at: new Date(now.getTime() - 600_000) },
        { symbol: 'SOL/USDT', at: null },
      ],
      now,
    );
    expect(found).toEqual([
      { kind: 'STALE_PRICES', subject: 'ETH/USDT', detail: { ageSeconds: 600, maxAgeSeconds: 120 } },
      { kind: 'STALE_PRICES', subject: 'SOL/USDT', detail: { ageSeconds: 'unknown', maxAgeSeconds: 120 } },
    ]);
  });

  it('is quiet when every price is fresh', () => {
    expect(detectStalePrices([{ symbol: 'BTC/USDT', at: now }], now)).toEqual([]);
  });
});
