import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { estimateWinOdds, estimateWinProbability } from '../../../src/core/risk/estimate-win-probability.js';

describe('estimateWinProbability', () => {
  it('uses the signal confidence alone below the minimum history', () => {
    expect(estimateWinProbability(dec('0.8'), { closedTrades: 19, winningTrades: 0 }, 20).toString()).toBe('0.8');
    expect(estimateWinProbability(dec('0.8'), undefined, 20).toString()).toBe('0.8');
  });

  it('blends the win rate in with weight n / (n + 50) once the history is long enough', () => {
    // n 50, h 0.5, w 0.5: 0.5 · 0.8 + 0.5 · 0.5 = 0.65
    expect(estimateWinProbability(dec('0.8'), { closedTrades: 50, winningTrades: 25 }, 20).toString()).toBe('0.65');
    // n 20, h 0.3, w 20/70: 0.8 + (0.3 − 0.8) · 2/7
    expect(estimateWinProbability(dec('0.8'), { closedTrades: 20, winningTrades: 6 }, 20).toFixed(6)).toBe('0.657143');
  });

  it('gives the history more weight as it grows, never all of it', () => {
    const w = (n: number) => estimateWinProbability(dec(1), { closedTrades: n, winningTrades: 0 }, 20);
    expect(w(200).lt(w(50))).toBe(true);
    expect(w(100000).gt(0)).toBe(true);
  });

  it('clamps a confidence outside 0..1', () => {
    expect(estimateWinProbability(dec('1.7'), undefined, 20).toString()).toBe('1');
    expect(estimateWinProbability(dec('-0.2'), undefined, 20).toString()).toBe('0');
  });

  it('gives the same probability as a fraction of short numbers for Kelly', () => {
    expect(estimateWinOdds(dec('0.8'), undefined, 20)).toEqual({ wins: dec('0.8'), trials: 1 });
    // (50 · 0.8 + 6) / (20 + 50)
    const odds = estimateWinOdds(dec('0.8'), { closedTrades: 20, winningTrades: 6 }, 20);
    expect(odds).toEqual({ wins: dec(46), trials: 70 });
    expect(odds.wins.div(odds.trials).eq(estimateWinProbability(dec('0.8'), { closedTrades: 20, winningTrades: 6 }, 20))).toBe(true);
    expect(estimateWinOdds(dec('1.7'), { closedTrades: 30, winningTrades: 40 }, 20)).toEqual({ wins: dec(80), trials: 80 });
  });
});
