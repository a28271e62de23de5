import { describe, expect, it } from 'vitest';
import {
  InsufficientBookDepthError,
  estimateFillFromBook,
  type BookSide,
} from '../../../../src/core/adapters/exchange-ccxt/estimate-fill-from-book.js';
import { Decimal } from '../../../../src/core/money.js';

const d = (v: string) => new Decimal(v);
const levels = (...pairs: [string, string][]) => pairs.map(([p, q]) => ({ price: d(p), qtyBase: d(q) }));

describe('estimateFillFromBook', () => {
  it('fills a buy inside the first level at the touch: no slippage', () => {
    const book: BookSide = { symbol: 'X/USDT', side: 'buy', levels: levels(['100', '5'], ['101', '5']) };
    const e = estimateFillFromBook(book, d('2'));
    expect(e.avgPrice.toString()).toBe('100');
    expect(e.worstPrice.toString()).toBe('100');
    expect(e.slippagePct.isZero()).toBe(true);
    expect(e.liquidityQuote.toString()).toBe('1005'); // 101 is exactly 1 % above the touch
  });

  it('walks a sell down the bids; slippage is positive when worse than the touch', () => {
    const book: BookSide = { symbol: 'X/USDT', side: 'sell', levels: levels(['100', '1'], ['99', '1'], ['98.5', '10']) };
    const e = estimateFillFromBook(book, d('3'));
    // 100 + 99 + 98.5 = 297.5 for 3
    expect(e.avgPrice.toString()).toBe(d('297.5').div(3).toString());
    expect(e.worstPrice.toString()).toBe('98.5');
    expect(e.slippagePct.toString()).toBe(d('100').minus(d('297.5').div(3)).div(100).mul(100).toString());
    expect(e.liquidityQuote.toString()).toBe('199'); // 98.5 is below 99 (1 % under 100)
  });

  it('consumes an exact level boundary without touching the next level', () => {
    const e = estimateFillFromBook({ symbol: 'X', side: 'buy', levels: levels(['10', '1'], ['11', '1']) }, d('1'));
    expect(e.worstPrice.toString()).toBe('10');
  });

  it('refuses to invent prices when the book is too thin, or empty', () => {
    expect(() => estimateFillFromBook({ symbol: 'X', side: 'buy', levels: levels(['10', '1']) }, d('2'))).toThrow(InsufficientBookDepthError);
    expect(() => estimateFillFromBook({ symbol: 'X', side: 'buy', levels: [] }, d('1'))).toThrow(InsufficientBookDepthError);
  });

  it('rejects a non-positive quantity', () => {
    expect(() => estimateFillFromBook({ symbol: 'X', side: 'buy', levels: levels(['10', '1']) }, d('0'))).toThrow(RangeError);
  });
});
