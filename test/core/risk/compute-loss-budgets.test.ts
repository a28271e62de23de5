import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { computeLossBudgets, type LossBudgetInput } from '../../../src/core/risk/compute-loss-budgets.js';
import { defaultRiskSettings } from '../../../src/core/risk/risk-settings.js';

const input = (overrides: Partial<LossBudgetInput> = {}): LossBudgetInput => ({
  now: new Date('2023-06-14T10:00:00Z'),
  timeZone: 'Europe/Berlin',
  equityUsd: dec(10000),
  equityAtDayStartUsd: dec(10000),
  equityAtWeekStartUsd: dec(10000),
  equityAtMonthStartUsd: dec(10000),
  settings: defaultRiskSettings,
  ...overrides,
});

describe('computeLossBudgets', () => {
  it('measures the period P&L on equity: now (unrealised included) minus the period start', () => {
    const b = computeLossBudgets(input({ equityUsd: dec(9800), equityAtWeekStartUsd: dec(9500) }));
    expect(b.day.pnlUsd.toString()).toBe('-200');
    expect(b.day.lossPct.toString()).toBe('2');
    expect(b.week.pnlUsd.toString()).toBe('300');
    expect(b.week.lossUsd.toString()).toBe('0');
    expect(b.breached).toEqual([]);
  });

  it('spends the daily budget with a 500 USD loss against the 500 USD limit (and 5 %)', () => {
    const b = computeLossBudgets(input({ equityUsd: dec(9500) }));
    expect(b.breached).toEqual(['DAILY_LOSS_LIMIT', 'DAILY_LOSS_PCT_LIMIT']);
    expect(b.checks[0]).toEqual({ code: 'DAILY_LOSS_LIMIT', passed: false, value: dec(500), limit: dec(500), unit: 'usd' });
    expect(b.remainingUsd.toString()).toBe('0');
  });

  it('applies the daily percent limit to the equity at the day start', () => {
    const b = computeLossBudgets(input({ equityUsd: dec(1900), equityAtDayStartUsd: dec(2000), equityAtWeekStartUsd: dec(2000), equityAtMonthStartUsd: dec(2000) }));
    expect(b.breached).toEqual(['DAILY_LOSS_PCT_LIMIT']);
    expect(b.day.limitUsd.toString()).toBe('100');
  });

  it('spends the weekly and monthly budgets by percent of their own start equity', () => {
    const b = computeLossBudgets(input({ equityUsd: dec(9000), equityAtDayStartUsd: dec(9100), equityAtWeekStartUsd: dec(10000), equityAtMonthStartUsd: dec(11200) }));
    expect(b.breached).toEqual(['WEEKLY_LOSS_LIMIT']);
    expect(b.month.lossPct.toFixed(2)).toBe('19.64');
    const both = computeLossBudgets(input({ equityUsd: dec(9000), equityAtDayStartUsd: dec(9100), equityAtWeekStartUsd: dec(9500), equityAtMonthStartUsd: dec(11250) }));
    expect(both.breached).toEqual(['MONTHLY_LOSS_LIMIT']);
  });

  it('reports the smallest remaining budget in USD for the decision', () => {
    // day: min(500, 5 % of 10 000) − 100 = 400; week: 10 % of 9 500 − 0; month: 20 % of 10 500 − 600 = 1 500
    const b = computeLossBudgets(input({ equityUsd: dec(9900), equityAtWeekStartUsd: dec(9500), equityAtMonthStartUsd: dec(10500) }));
    expect(b.remainingUsd.toString()).toBe('400');
  });

  it('restores a spent budget at the next period start in the user time zone', () => {
    const b = computeLossBudgets(input({ equityUsd: dec(9400) }));
    expect(b.resumeAt?.toISOString()).toBe('2023-06-14T22:00:00.000Z'); // Berlin midnight (CEST)
    const weekly = computeLossBudgets(input({ equityUsd: dec(8900), equityAtDayStartUsd: dec(8900) }));
    expect(weekly.resumeAt?.toISOString()).toBe('2023-06-18T22:00:00.000Z'); // Monday 19 June 00:00
  });
});
