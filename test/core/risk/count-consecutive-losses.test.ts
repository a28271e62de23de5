import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { countConsecutiveLosses } from '../../../src/core/risk/count-consecutive-losses.js';

const t = (day: number, pnl: number | string) => ({ closedAt: new Date(Date.UTC(2023, 0, day)), realizedPnlUsd: dec(pnl) });

describe('countConsecutiveLosses', () => {
  it('counts losses from the most recent trade back to the first non-loss', () => {
    expect(countConsecutiveLosses([t(1, -5), t(2, 10), t(3, -1), t(4, -2), t(5, -3)])).toBe(3);
  });

  it('sorts by close time, whatever the input order', () => {
    expect(countConsecutiveLosses([t(5, -3), t(2, 10), t(4, -2), t(3, -1)])).toBe(3);
  });

  it('ends a streak at a break-even trade', () => {
    expect(countConsecutiveLosses([t(1, -1), t(2, 0), t(3, -1)])).toBe(1);
  });

  it('counts only trades closed after the given instant (the last manual resume)', () => {
    expect(countConsecutiveLosses([t(1, -1), t(2, -1), t(3, -1), t(4, -1)], new Date(Date.UTC(2023, 0, 3)))).toBe(1);
  });
});
