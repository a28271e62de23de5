import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { prepareRiskBook } from '../../../src/core/risk/prepare-risk-book.js';
import { budgets, position, settings } from './risk-builders.js';

describe('prepareRiskBook', () => {
  it('turns the percent limits into USD at the current equity', () => {
    const s = settings();
    const book = prepareRiskBook({
      settings: s, account: { equityUsd: dec(12000), availableCashUsd: dec(5000) }, positions: [], lossBudgets: budgets(dec(12000), s), tradingState: 'active',
    });
    expect(book.limits.riskPerTradeUsd.toString()).toBe('120'); // 1 %
    expect(book.limits.positionCapUsd.toString()).toBe('1200'); // 10 %, under the 10 000 USD cap
    expect(book.limits.exposureLimitUsd.toString()).toBe('2400'); // 20 %
    expect(book.limits.heatLimitUsd.toString()).toBe('6000'); // 50 %
    expect(book.limits.futuresMarginLimitUsd.toString()).toBe('6000'); // default 50 %
    expect(book.limits.pctPerUsd * 12000).toBeCloseTo(100, 12);
  });

  it('takes the smaller of the USD and percent position caps', () => {
    const s = settings({ maxPositionSizeUsd: dec(800) });
    const book = prepareRiskBook({ settings: s, account: { equityUsd: dec(12000), availableCashUsd: dec(0) }, positions: [], lossBudgets: budgets(dec(12000), s), tradingState: 'active' });
    expect(book.limits.positionCapUsd.toString()).toBe('800');
  });

  it('falls back to the documented defaults for settings the store does not carry yet', () => {
    const { kellyMinHistoryTrades: _k, maxMarginUtilizationPercent: _m, correlationThreshold: _c, ...older } = settings();
    const book = prepareRiskBook({ settings: older, account: { equityUsd: dec(1000), availableCashUsd: dec(0) }, positions: [], lossBudgets: budgets(dec(1000)), tradingState: 'active' });
    expect(book.limits).toMatchObject({ kellyMinHistoryTrades: 20, correlationThreshold: 0.7, futuresMarginLimitPct: dec(50) });
  });

  it('summarises the open positions once', () => {
    const book = prepareRiskBook({
      settings: settings(), account: { equityUsd: dec(1000), availableCashUsd: dec(0) }, positions: [position(), position({ symbol: 'SOL/USDT' })], lossBudgets: budgets(dec(1000)), tradingState: 'paused',
    });
    expect(book.portfolio.positionCount).toBe(2);
    expect(book.portfolio.openRiskUsd.toString()).toBe('200');
    expect(book.tradingState).toBe('paused');
  });
});
