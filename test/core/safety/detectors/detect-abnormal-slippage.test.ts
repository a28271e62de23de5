import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import { detectAbnormalSlippage, type SlippageSample } from '../../../../src/core/safety/detectors/detect-abnormal-slippage.js';

const since = new Date('2025-10-10T12:00:00Z');
const sample = (minutes: number, pct: string, symbol = 'BTC/USDT'): SlippageSample => ({ at: new Date(since.getTime() + minutes * 60_000), symbol, slippagePct: new Decimal(pct) });
const normalHistory = Array.from({ length: 20 }, (_, i) => sample(-100 + i, i % 2 === 0 ? '0.04' : '0.06'));

describe('detectAbnormalSlippage', () => {
  it('is quiet for fills in line with the usual slippage', () => {
    expect(detectAbnormalSlippage([...normalHistory, sample(1, '0.08'), sample(2, '-0.02')], since)).toBeNull();
  });

  it('fires on a fill far beyond the median and above the floor', () => {
    const hit = detectAbnormalSlippage([...normalHistory, sample(1, '0.05'), sample(2, '1.8', 'SOL/USDT')], since);
    expect(hit).toMatchObject({ kind: 'ABNORMAL_SLIPPAGE', subject: 'SOL/USDT', detail: { slippagePct: '1.8', normalPct: '0.05', thresholdPct: '1' } });
  });

  it('uses the user\'s normal once it is above the floor', () => {
    const noisy = Array.from({ length: 20 }, (_, i) => sample(-100 + i, '0.4'));
    expect(detectAbnormalSlippage([...noisy, sample(1, '1.9')], since)).toBeNull(); // below 5 × 0.4
    expect(detectAbnormalSlippage([...noisy, sample(1, '2.1')], since)?.detail.thresholdPct).toBe('2');
  });

  it('without enough history only the floor applies, and old fills are never re-reported', () => {
    expect(detectAbnormalSlippage([sample(-5, '3'), sample(1, '0.9')], since)).toBeNull();
    expect(detectAbnormalSlippage([sample(1, '1.2')], since)?.detail.normalPct).toBe('n/a');
  });
});
