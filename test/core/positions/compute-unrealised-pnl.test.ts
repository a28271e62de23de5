import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { computeUnrealisedPnl } from '../../../src/core/positions/compute-unrealised-pnl.js';
import { position } from './position-builders.js';

describe('computeUnrealisedPnl', () => {
  it('gives a long’s open P&L in $, % of the entry and R', () => {
    const u = computeUnrealisedPnl(position('long', { qty: 2 }), dec(107));
    expect(u.pnlUsd.toString()).toBe('14'); // 2 × 7
    expect(u.pnlPct.toString()).toBe('7');
    expect(u.pnlR.toString()).toBe('0.7');
    expect(u.exitFeeUsd.toString()).toBe('0.214'); // 2 × 107 × 0.1 %
  });

  it('mirrors for a short', () => {
    const u = computeUnrealisedPnl(position('short', { qty: 2 }), dec(93));
    expect(u.pnlUsd.toString()).toBe('14');
    expect(u.pnlPct.toString()).toBe('7');
    expect(u.pnlR.toString()).toBe('0.7');
    expect(computeUnrealisedPnl(position('short', { qty: 2 }), dec(104)).pnlR.toString()).toBe('-0.4');
  });

  it('adds realised P&L and fees for the whole trade, in $ and in R of the initial risk', () => {
    // 0.3 bought at 100 (risk 10 × 0.3 = 3 $), 0.1 sold at 110 (+1 $), 0.2 open at 105 (+1 $), 0.2 $ fees paid.
    const p = position('long', { qty: '0.2', initialQtyBase: dec('0.3'), realisedPnlUsd: dec(1), feesUsd: dec('0.2') });
    const u = computeUnrealisedPnl(p, dec(105));
    expect(u.exitFeeUsd.toString()).toBe('0.021');
    expect(u.tradePnlUsd.toString()).toBe('1.779'); // 1 + 1 − 0.2 − 0.021
    expect(u.tradeR.toString()).toBe('0.593');
  });
});
