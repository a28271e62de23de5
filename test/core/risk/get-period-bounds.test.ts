import { describe, expect, it } from 'vitest';
import { getPeriodBounds } from '../../../src/core/risk/get-period-bounds.js';

const iso = (b: { startAt: Date; endAt: Date }) => [b.startAt.toISOString(), b.endAt.toISOString()];

describe('getPeriodBounds', () => {
  it('starts the Berlin day at local midnight and makes the spring-forward day 23 hours long', () => {
    const b = getPeriodBounds(new Date('2023-03-26T12:00:00Z'), 'Europe/Berlin', 'day');
    expect(iso(b)).toEqual(['2023-03-25T23:00:00.000Z', '2023-03-26T22:00:00.000Z']);
  });

  it('makes the Berlin fall-back day 25 hours long', () => {
    const b = getPeriodBounds(new Date('2023-10-29T12:00:00Z'), 'Europe/Berlin', 'day');
    expect(iso(b)).toEqual(['2023-10-28T22:00:00.000Z', '2023-10-29T23:00:00.000Z']);
  });

  it('uses the local date, not the UTC date: 23:30 in Berlin on the 31st is already the 1st there', () => {
    const b = getPeriodBounds(new Date('2023-03-31T22:30:00Z'), 'Europe/Berlin', 'month');
    expect(iso(b)).toEqual(['2023-03-31T22:00:00.000Z', '2023-04-30T22:00:00.000Z']);
  });

  it('starts the ISO week on Monday 00:00 New York time, across the November DST change', () => {
    // Monday 03:00 UTC is still Sunday evening in New York: the week began Monday Oct 30 (EDT)
    const b = getPeriodBounds(new Date('2023-11-06T03:00:00Z'), 'America/New_York', 'week');
    expect(iso(b)).toEqual(['2023-10-30T04:00:00.000Z', '2023-11-06T05:00:00.000Z']);
  });

  it('treats a Monday in New York as the first day of its own week', () => {
    const b = getPeriodBounds(new Date('2023-11-06T05:00:00Z'), 'America/New_York', 'week');
    expect(b.startAt.toISOString()).toBe('2023-11-06T05:00:00.000Z');
  });

  it('rolls the month over the year end', () => {
    const b = getPeriodBounds(new Date('2023-12-15T00:00:00Z'), 'UTC', 'month');
    expect(iso(b)).toEqual(['2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
  });

  it('starts a day at its first instant where the zone skips midnight (Santiago, 3 Sep 2023)', () => {
    const b = getPeriodBounds(new Date('2023-09-03T12:00:00Z'), 'America/Santiago', 'day');
    expect(b.startAt.toISOString()).toBe('2023-09-03T04:00:00.000Z'); // 00:00 -04 never happened; 01:00 -03
    const before = getPeriodBounds(new Date('2023-09-02T12:00:00Z'), 'America/Santiago', 'day');
    expect(before.endAt.toISOString()).toBe('2023-09-03T04:00:00.000Z');
  });

  it('throws for an unknown time zone (a configuration bug)', () => {
    expect(() => getPeriodBounds(new Date(0), 'Mars/Olympus_Mons', 'day')).toThrow(RangeError);
  });
});
