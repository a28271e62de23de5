import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { baseOfSymbol, summarizePortfolio } from '../../../src/core/risk/summarize-portfolio.js';
import { position } from './risk-builders.js';

describe('summarizePortfolio', () => {
  it('counts as heat the loss from entry to stop plus the exit fee at the stop', () => {
    const s = summarizePortfolio([position({ qtyBase: dec(2), entryPriceQuote: dec(2000), stopPriceQuote: dec(1900), markPriceQuote: dec(2050), feeRate: dec('0.001') })]);
    expect(s.openRiskUsd.toString()).toBe('203.8'); // 2 · (100 + 1.9)
  });

  it('measures a losing position from the mark, since the loss so far is already in equity', () => {
    const s = summarizePortfolio([position({ qtyBase: dec(1), entryPriceQuote: dec(2000), stopPriceQuote: dec(1900), markPriceQuote: dec(1950) })]);
    expect(s.openRiskUsd.toString()).toBe('50');
  });

  it('gives a stop trailed past the entry no heat but its exit fee', () => {
    const s = summarizePortfolio([position({ qtyBase: dec(1), entryPriceQuote: dec(2000), stopPriceQuote: dec(2100), markPriceQuote: dec(2300), feeRate: dec('0.001') })]);
    expect(s.openRiskUsd.toString()).toBe('2.1');
  });

  it('mirrors the heat for shorts', () => {
    const s = summarizePortfolio([position({ side: 'short', qtyBase: dec(1), entryPriceQuote: dec(2000), stopPriceQuote: dec(2100), markPriceQuote: dec(2000) })]);
    expect(s.openRiskUsd.toString()).toBe('100');
  });

  it('sums margin as notional / leverage unless the margin is given, spot counting the notional', () => {
    const s = summarizePortfolio([
      position({ qtyBase: dec(1), markPriceQuote: dec(2000), leverage: 4 }),
      position({ symbol: 'SOL/USDT', qtyBase: dec(10), markPriceQuote: dec(100), leverage: 1 }),
      position({ symbol: 'XRP/USDT', qtyBase: dec(10), markPriceQuote: dec(1), leverage: 10, marginUsd: dec(3) }),
    ]);
    expect(s.usedMarginUsd.toString()).toBe('1503');
  });

  it('adds the gross notional at mark of every position on the same base asset', () => {
    const s = summarizePortfolio([
      position({ symbol: 'BTC/USDT', qtyBase: dec('0.1'), markPriceQuote: dec(40000) }),
      position({ symbol: 'BTC/USDC', side: 'short', qtyBase: dec('0.05'), markPriceQuote: dec(40000), stopPriceQuote: dec(42000) }),
    ]);
    expect(s.notionalByBase.get('BTC')?.toString()).toBe('6000');
    expect(s.positionCount).toBe(2);
  });

  it('counts positions per symbol and side for the correlation and pyramiding checks', () => {
    const s = summarizePortfolio([
      position({ symbol: 'BTC/USDT' }),
      position({ symbol: 'ETH/USDT' }),
      position({ symbol: 'BTC/USDT', side: 'short', stopPriceQuote: dec(2100) }),
      position({ symbol: 'BTC/USDT' }),
    ]);
    expect(s.symbols).toEqual([
      { symbol: 'BTC/USDT', base: 'BTC', longCount: 2, shortCount: 1 },
      { symbol: 'ETH/USDT', base: 'ETH', longCount: 1, shortCount: 0 },
    ]);
  });

  it('derives the base asset from spot and futures symbols', () => {
    expect(baseOfSymbol('BTC/USDT')).toBe('BTC');
    expect(baseOfSymbol('ETH/USDT:USDT')).toBe('ETH');
    expect(baseOfSymbol('SOLUSDT')).toBe('SOLUSDT');
  });
});
