import { describe, expect, it } from 'vitest';
import { Decimal, ZERO } from '../../../src/core/money.js';
import { computeSlippageStats } from '../../../src/core/execution/compute-slippage-stats.js';
import { logRow } from './log-builders.js';

describe('computeSlippageStats', () => {
  it('average, median, nearest-rank p95 and max of the slippage of filled rows, per symbol and order type', () => {
    const slips = ['0.01', '0.02', '0.03', '0.04', '0.05', '0.06', '0.07', '0.08', '0.09', '0.10', '0.11', '0.12', '0.13', '0.14', '0.15', '0.16', '0.17', '0.18', '0.19', '1.00'];
    const rows = [
      ...slips.map((slip) => logRow({ slip })),
      logRow({ symbol: 'ETH/USDT', orderType: 'limit', slip: '-0.02' }),
      logRow({ symbol: 'ETH/USDT', orderType: 'limit', slip: '0.04' }),
    ];
    const stats = computeSlippageStats(rows);
    const btc = stats.bySymbol.find((g) => g.symbol === 'BTC/USDT')!;
    expect(btc.fills).toBe(20);
    expect(btc.avgSlippagePct?.toString()).toBe('0.145'); // (1.9 + 1) / 20
    expect(btc.medianSlippagePct?.toString()).toBe('0.105');
    expect(btc.p95SlippagePct?.toString()).toBe('0.19'); // rank ceil(0.95 * 20) = 19
    expect(btc.maxSlippagePct?.toString()).toBe('1');
    expect(btc.feesQuote.toString()).toBe('2');
    const ethLimit = stats.bySymbolAndType.find((g) => g.symbol === 'ETH/USDT' && g.orderType === 'limit')!;
    expect(ethLimit.avgSlippagePct?.toString()).toBe('0.01');
    expect(ethLimit.medianSlippagePct?.toString()).toBe('0.01');
    expect(ethLimit.p95SlippagePct?.toString()).toBe('0.04');
    expect(stats.overall.fills).toBe(22);
    expect(stats.bySymbol.map((g) => g.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('fill rates count each order once, by its last row: a throttled send then a fill is one full fill', () => {
    const rows = [
      logRow({ orderId: 900, status: 'failed', filledQtyBase: ZERO, fillPct: ZERO, executedPrice: null, slip: null, retryCount: 0 }),
      logRow({ orderId: 900, retryCount: 1 }),
      logRow({ orderId: 901, status: 'partial', filledQtyBase: new Decimal('0.5'), fillPct: new Decimal(50) }),
      logRow({ orderId: null, status: 'failed', filledQtyBase: ZERO, fillPct: ZERO, executedPrice: null, slip: null }),
    ];
    const { overall } = computeSlippageStats(rows);
    expect(overall.orders).toBe(3);
    expect(overall.fillRatePct?.toString()).toBe('50'); // 1.5 of 3 requested
    expect(overall.completeFillPct?.toDecimalPlaces(2).toString()).toBe('33.33');
    expect(overall.fills).toBe(2);
  });

  it('measures slippage against the signal price too, by side', () => {
    const rows = [
      logRow({ signalPrice: new Decimal(99), executedPrice: new Decimal(100) }), // buy 1.0101 % worse
      logRow({ side: 'sell', signalPrice: new Decimal(100), executedPrice: new Decimal(101) }), // sell 1 % better
    ];
    expect(computeSlippageStats(rows).overall.avgSignalSlippagePct?.toDecimalPlaces(4).toString()).toBe('0.0051');
  });

  it('gives null figures without data', () => {
    const stats = computeSlippageStats([]);
    expect(stats.overall).toMatchObject({ fills: 0, avgSlippagePct: null, p95SlippagePct: null, fillRatePct: null, orders: 0 });
    expect(stats.bySymbol).toEqual([]);
  });
});
