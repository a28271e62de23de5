import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import type { Candle } from '../../../../src/core/ports.js';
import { detectPriceShock } from '../../../../src/core/safety/detectors/detect-price-shock.js';

/** Closes wiggling ±0.1 % around 100, then `last` as the final close. */
function candles(last: string, count = 60): Candle[] {
  const closes = Array.from({ length: count - 1 }, (_, i) => new Decimal(i % 2 === 0 ? '100' : '100.1'));
  closes.push(new Decimal(last));
  return closes.map((c, i) => ({ openAt: new Date(Date.UTC(2025, 9, 10, 0, 5 * i)), open: c, high: c, low: c, close: c, volume: new Decimal(10) }));
}

describe('detectPriceShock', () => {
  it('is quiet for a move within the usual range', () => {
    expect(detectPriceShock('BTC/USDT', candles('100.2'))).toBeNull();
  });

  it('fires on a candle many times the recent volatility', () => {
    const hit = detectPriceShock('BTC/USDT', candles('97'));
    expect(hit).toMatchObject({ kind: 'PRICE_SHOCK', subject: 'BTC/USDT' });
    expect(hit!.detail.movePct).toBe('-3.046'); // ln(97 / 100)
    expect(Number(hit!.detail.sigmas)).toBeGreaterThan(6);
  });

  it('ignores a large multiple of a dead-calm market when the move itself is tiny', () => {
    const flat = candles('100', 60).map((c, i, all) => (i < all.length - 1 ? { ...c, close: new Decimal(100) } : { ...c, close: new Decimal('100.5') }));
    expect(detectPriceShock('BTC/USDT', flat)).toBeNull(); // 0.5 % < the 1 % minimum move
  });

  it('needs enough candles to know what normal is', () => {
    expect(detectPriceShock('BTC/USDT', candles('90', 20))).toBeNull();
  });
});
