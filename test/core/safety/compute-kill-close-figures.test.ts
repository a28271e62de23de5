import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import type { PositionRecord } from '../../../src/core/positions/position-record.js';
import { computeKillCloseFigures } from '../../../src/core/safety/compute-kill-close-figures.js';

const d = (v: string) => new Decimal(v);
function position(o: Partial<PositionRecord> = {}): PositionRecord {
  return {
    id: 1, userId: 1, walletId: 1, signalId: null, symbol: 'ETH/USDT', side: 'long', status: 'open', entryPrice: d('3000'), initialStopPrice: d('2900'),
    stopPrice: d('2900'), targets: [], qtyBase: d('2'), initialQtyBase: d('2'), leverage: d('1'), realisedPnlUsd: d('0'), unrealisedPnlUsd: d('0'),
    feesUsd: d('6'), initialRiskUsd: d('206'), rMultiple: null, trailingActive: false, trailingStopPrice: null, bestPrice: null, scaleOutsDone: 0,
    exchangeStopOrderId: null, healthScore: null, closeReason: null, openedAt: new Date(0), closedAt: null, ...o,
  };
}

describe('computeKillCloseFigures', () => {
  it('a long closed in two fills: realised on the average, fees added, R on the initial risk', () => {
    const f = computeKillCloseFigures(position(), { qtyBase: d('2'), costQuote: d('1.5').mul(3100).plus(d('0.5').mul(3080)), feeQuote: d('6.19') });
    expect(f.qtyLeftBase.toString()).toBe('0');
    expect(f.avgPriceQuote!.toString()).toBe('3095');
    expect(f.realisedPnlUsd.toString()).toBe('190'); // (3095 − 3000) × 2
    expect(f.feesUsd.toString()).toBe('12.19');
    expect(f.tradePnlUsd.toString()).toBe('177.81');
    expect(f.rMultiple!.toDecimalPlaces(4).toString()).toBe('0.8632');
  });

  it('a short gains when bought back lower; earlier partial exits are kept', () => {
    const f = computeKillCloseFigures(position({ side: 'short', qtyBase: d('1'), realisedPnlUsd: d('50') }), { qtyBase: d('1'), costQuote: d('2950'), feeQuote: d('2.95') });
    expect(f.realisedPnlUsd.toString()).toBe('100');
    expect(f.tradePnlUsd.toString()).toBe('91.05');
  });

  it('a partial close leaves the rest open; no fill leaves everything as it was', () => {
    expect(computeKillCloseFigures(position(), { qtyBase: d('0.5'), costQuote: d('1500'), feeQuote: d('1.5') }).qtyLeftBase.toString()).toBe('1.5');
    const none = computeKillCloseFigures(position(), { qtyBase: d('0'), costQuote: d('0'), feeQuote: d('0') });
    expect(none.avgPriceQuote).toBeNull();
    expect(none.tradePnlUsd.toString()).toBe('-6');
  });
});
