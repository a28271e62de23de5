import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { summarizeTradeHistory } from '../../../src/core/risk/summarize-trade-history.js';

describe('summarizeTradeHistory', () => {
  it('counts closed trades and those with a positive realised P&L as wins', () => {
    const closedAt = new Date(0);
    const s = summarizeTradeHistory([dec(5), dec(-2), dec(0), dec('0.01')].map((realizedPnlUsd) => ({ closedAt, realizedPnlUsd })));
    expect(s).toEqual({ closedTrades: 4, winningTrades: 2 });
  });
});
