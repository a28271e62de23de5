import { describe, expect, it } from 'vitest';
import { dec, type Decimal } from '../../../src/core/money.js';
import { computeLossBudgets } from '../../../src/core/risk/compute-loss-budgets.js';
import {
  evaluateTradingState,
  initialTradingStatus,
  type TradingCommand,
  type TradingStateInputs,
  type TradingStatus,
} from '../../../src/core/risk/evaluate-trading-state.js';
import { defaultRiskSettings } from '../../../src/core/risk/risk-settings.js';
import type { ClosedTradeOutcome } from '../../../src/core/risk/summarize-trade-history.js';

const TZ = 'Europe/Berlin';
const T0 = new Date('2023-06-14T10:00:00Z'); // Wednesday, 12:00 in Berlin
const BERLIN_MIDNIGHT = new Date('2023-06-14T22:00:00Z');

function inputs(now: Date, o: { equity?: Decimal; dayStart?: Decimal; trades?: ClosedTradeOutcome[]; command?: TradingCommand } = {}): TradingStateInputs {
  const dayStart = o.dayStart ?? dec(10000);
  return {
    command: o.command ?? null,
    lossBudgets: computeLossBudgets({
      now,
      timeZone: TZ,
      equityUsd: o.equity ?? dec(10000),
      equityAtDayStartUsd: dayStart,
      equityAtWeekStartUsd: dayStart,
      equityAtMonthStartUsd: dayStart,
      settings: defaultRiskSettings,
    }),
    closedTrades: o.trades ?? [],
    maxConsecutiveLosses: 3,
  };
}

const loss = (minutesAfterT0: number): ClosedTradeOutcome => ({ closedAt: new Date(T0.getTime() + minutesAfterT0 * 60_000), realizedPnlUsd: dec(-40) });

/** Evaluates twice: the second pass must return the first result unchanged (idempotence). */
function step(current: TradingStatus, i: TradingStateInputs, now: Date) {
  const first = evaluateTradingState(current, i, now);
  const again = evaluateTradingState(first.status, i, now);
  expect(again.changed).toBe(false);
  expect(again.status).toBe(first.status);
  return first;
}

describe('evaluateTradingState', () => {
  it('stays active, unchanged, while nothing is breached', () => {
    const start = initialTradingStatus(T0);
    const r = step(start, inputs(T0), T0);
    expect(r).toMatchObject({ changed: false, allowsEntries: true, allowsExits: true });
    expect(r.status).toBe(start);
  });

  it('pauses after three consecutive losses, with the streak in the detail', () => {
    const trades = [loss(-30), loss(-20), loss(-10)];
    const r = step(initialTradingStatus(T0), inputs(T0, { trades }), T0);
    expect(r.status).toMatchObject({ state: 'paused', reason: 'CONSECUTIVE_LOSSES', detail: { consecutiveLosses: 3, limit: 3 }, resumeAt: null });
    expect(r.allowsEntries).toBe(false);
  });

  it('does not pause after two losses and a win', () => {
    const trades = [loss(-30), { closedAt: new Date(T0.getTime() - 15 * 60_000), realizedPnlUsd: dec(10) }, loss(-10), loss(-5)];
    expect(step(initialTradingStatus(T0), inputs(T0, { trades }), T0).status.state).toBe('active');
  });

  it('keeps a losing-streak pause in place the next day and next month: no automatic resume', () => {
    const trades = [loss(-30), loss(-20), loss(-10)];
    const paused = step(initialTradingStatus(T0), inputs(T0, { trades }), T0).status;
    const later = new Date('2023-07-20T10:00:00Z');
    expect(step(paused, inputs(later, { trades }), later).status).toBe(paused);
  });

  it('resumes on the user command and counts the streak afresh from then on', () => {
    const trades = [loss(-30), loss(-20), loss(-10)];
    const paused = step(initialTradingStatus(T0), inputs(T0, { trades }), T0).status;
    const at = new Date(T0.getTime() + 3_600_000);
    const resumed = step(paused, inputs(at, { trades, command: 'resume' }), at);
    expect(resumed.status).toMatchObject({ state: 'active', reason: 'USER_RESUME', lossesCountedAfter: at });
    const moreLosses = [...trades, loss(70), loss(80)];
    const later = new Date(at.getTime() + 3_600_000);
    expect(step(resumed.status, inputs(later, { trades: moreLosses }), later).status.state).toBe('active');
    const third = [...moreLosses, loss(90)];
    expect(step(resumed.status, inputs(later, { trades: third }), later).status.reason).toBe('CONSECUTIVE_LOSSES');
  });

  it('moves to reducing when the daily budget is spent, resuming at the next Berlin midnight', () => {
    const r = step(initialTradingStatus(T0), inputs(T0, { equity: dec(9500) }), T0);
    expect(r.status).toMatchObject({ state: 'reducing', reason: 'DAILY_LOSS_LIMIT', resumeAt: BERLIN_MIDNIGHT });
    expect(r.status.detail).toMatchObject({ period: 'day', lossUsd: '500', limitUsd: '500' });
    expect(r.allowsEntries).toBe(false);
    expect(r.allowsExits).toBe(true);
  });

  it('stays reducing until the period ends even if equity recovers during the day', () => {
    const reducing = step(initialTradingStatus(T0), inputs(T0, { equity: dec(9500) }), T0).status;
    const evening = new Date('2023-06-14T20:00:00Z');
    expect(step(reducing, inputs(evening, { equity: dec(10100) }), evening).status).toBe(reducing);
  });

  it('returns to active at the next period start once the new day has budget again', () => {
    const reducing = step(initialTradingStatus(T0), inputs(T0, { equity: dec(9500) }), T0).status;
    const r = step(reducing, inputs(BERLIN_MIDNIGHT, { equity: dec(9500), dayStart: dec(9500) }), BERLIN_MIDNIGHT);
    expect(r.status).toMatchObject({ state: 'active', reason: 'PERIOD_RESET', detail: { previousReason: 'DAILY_LOSS_LIMIT' }, resumeAt: null });
    expect(r.changed).toBe(true);
  });

  it('moves the resume later when a longer budget is spent while reducing', () => {
    const reducing = step(initialTradingStatus(T0), inputs(T0, { equity: dec(9500) }), T0).status;
    const at = new Date('2023-06-14T15:00:00Z');
    const weekly = computeLossBudgets({
      now: at, timeZone: TZ, equityUsd: dec(8900), equityAtDayStartUsd: dec(10000), equityAtWeekStartUsd: dec(10000), equityAtMonthStartUsd: dec(10000), settings: defaultRiskSettings,
    });
    const r = step(reducing, { command: null, lossBudgets: weekly, closedTrades: [], maxConsecutiveLosses: 3 }, at);
    expect(r.status).toMatchObject({ state: 'reducing', reason: 'WEEKLY_LOSS_LIMIT', resumeAt: new Date('2023-06-18T22:00:00Z') });
  });

  it('does not lift reducing on a resume command: only the calendar restores a budget', () => {
    const reducing = step(initialTradingStatus(T0), inputs(T0, { equity: dec(9500) }), T0).status;
    expect(step(reducing, inputs(T0, { equity: dec(9500), command: 'resume' }), T0).status).toBe(reducing);
  });

  it('pauses on the user command from active or reducing, and ignores a repeated pause', () => {
    const paused = step(initialTradingStatus(T0), inputs(T0, { command: 'pause' }), T0);
    expect(paused.status).toMatchObject({ state: 'paused', reason: 'USER_PAUSE' });
    expect(step(paused.status, inputs(T0, { command: 'pause' }), T0).status).toBe(paused.status);
    const reducing = step(initialTradingStatus(T0), inputs(T0, { equity: dec(9500) }), T0).status;
    expect(step(reducing, inputs(T0, { equity: dec(9500), command: 'pause' }), T0).status.state).toBe('paused');
  });

  it('lands in reducing, not active, when the user resumes with a spent budget', () => {
    const paused = step(initialTradingStatus(T0), inputs(T0, { command: 'pause' }), T0).status;
    const r = step(paused, inputs(T0, { equity: dec(9500), command: 'resume' }), T0);
    expect(r.status).toMatchObject({ state: 'reducing', reason: 'DAILY_LOSS_LIMIT' });
  });

  it('kills from any state, leaves killed only on an explicit resume, and ignores pause while killed', () => {
    const killed = step(initialTradingStatus(T0), inputs(T0, { command: 'kill' }), T0).status;
    expect(killed).toMatchObject({ state: 'killed', reason: 'USER_KILL' });
    expect(step(killed, inputs(T0, { command: 'pause' }), T0).status).toBe(killed);
    const nextMonth = new Date('2023-07-20T10:00:00Z');
    expect(step(killed, inputs(nextMonth), nextMonth).status).toBe(killed);
    expect(step(killed, inputs(nextMonth, { command: 'resume' }), nextMonth).status).toMatchObject({ state: 'active', reason: 'USER_RESUME' });
  });
});
