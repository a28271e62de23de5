/** Loss-budget periods: the local calendar day, the ISO week (Monday start) and the calendar month. */
export type LossPeriod = 'day' | 'week' | 'month';

/** A half-open interval [startAt, endAt) of instants; `endAt` is the next period's start. */
export interface PeriodBounds {
  readonly startAt: Date;
  readonly endAt: Date;
}

/**
 * The day, ISO week (Monday 00:00) or calendar month containing `now`, in the user's IANA time zone,
 * as UTC instants. Local midnights are found with Intl.DateTimeFormat (no time-zone library), so a
 * day is 23 or 25 hours long across a daylight-saving change and weeks and months follow the wall
 * clock. When a zone skips midnight itself, the period starts at the first instant of the local date.
 * Throws a RangeError for an unknown time zone: that is a configuration bug, not a market outcome.
 */
export function getPeriodBounds(now: Date, timeZone: string, period: LossPeriod): PeriodBounds {
  const local = localParts(now.getTime(), timeZone);
  let from: CivilDate;
  let to: CivilDate;
  if (period === 'day') {
    from = { y: local.y, m: local.m, d: local.d };
    to = addDays(from, 1);
  } else if (period === 'week') {
    const weekday = new Date(Date.UTC(local.y, local.m - 1, local.d)).getUTCDay(); // 0 is Sunday
    from = addDays({ y: local.y, m: local.m, d: local.d }, -((weekday + 6) % 7));
    to = addDays(from, 7);
  } else {
    from = { y: local.y, m: local.m, d: 1 };
    to = local.m === 12 ? { y: local.y + 1, m: 1, d: 1 } : { y: local.y, m: local.m + 1, d: 1 };
  }
  return { startAt: new Date(startOfLocalDate(from, timeZone)), endAt: new Date(startOfLocalDate(to, timeZone)) };
}

interface CivilDate {
  readonly y: number;
  readonly m: number; // 1..12
  readonly d: number;
}

interface CivilTime extends CivilDate {
  readonly h: number;
  readonly mi: number;
  readonly s: number;
}

// Building a DateTimeFormat costs far more than formatting with it, and the budget checks run on
// every tick of a backtest. Formatters are immutable, so caching them cannot change any result.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(ms: number, timeZone: string): CivilTime {
  let y = 0, m = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of formatterFor(timeZone).formatToParts(ms)) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': m = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
      default: break;
    }
  }
  return { y, m, d, h, mi, s };
}

/** Local wall time minus UTC at `ms`, in milliseconds (+3 600 000 for Berlin in winter). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

function dateKey(p: CivilDate): number {
  return p.y * 10000 + p.m * 100 + p.d;
}

function addDays(date: CivilDate, days: number): CivilDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** The first instant (ms) whose local date in `timeZone` is `date`. */
function startOfLocalDate(date: CivilDate, timeZone: string): number {
  const wallMidnight = Date.UTC(date.y, date.m - 1, date.d);
  // Two passes settle the offset unless a transition lies between the guess and the answer.
  const firstGuess = wallMidnight - offsetAt(wallMidnight, timeZone);
  const candidate = wallMidnight - offsetAt(firstGuess, timeZone);
  const target = dateKey(date);
  const at = localParts(candidate, timeZone);
  if (dateKey(at) === target && at.h === 0 && at.mi === 0 && at.s === 0 && candidate % 1000 === 0) {
    if (dateKey(localParts(candidate - 1000, timeZone)) < target) return candidate;
  }
  // Midnight skipped or repeated: search the widest span of real offsets (−12 h .. +14 h) for the
  // first whole second that is already on the local date.
  let lo = wallMidnight - 15 * 3_600_000;
  let hi = wallMidnight + 13 * 3_600_000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (dateKey(localParts(mid, timeZone)) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}
