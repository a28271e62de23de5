import type { Decimal } from '../money.js';
import type { PositionRules } from './build-position-rules.js';
import { toApproxNumber } from './compare-decimals.js';
import type { ManagedPosition } from './managed-position.js';
import type { PositionTick } from './position-tick.js';
import { readTickRange, type TickRange } from './read-tick-range.js';

/** The six measurements the health score combines. */
export type HealthPartName = 'STOP_DISTANCE_R' | 'STOP_DISTANCE_ATR' | 'UNREALISED_R' | 'TIME_PROGRESS' | 'GIVE_BACK' | 'VOLATILITY_REGIME';

/** Machine-readable remark on one part; the bot words it. */
export type HealthNote =
  | 'OK'
  | 'STOP_BREACHED'
  | 'NEAR_STOP'
  | 'WITHIN_NOISE'
  | 'ATR_UNKNOWN'
  | 'LOSING'
  | 'BEHIND_SCHEDULE'
  | 'OUT_OF_TIME'
  | 'GIVING_BACK'
  | 'VOLATILITY_ELEVATED'
  | 'VOLATILITY_EXTREME';

/** One part of the score. */
export interface HealthPart {
  readonly name: HealthPartName;
  /** 0..100, higher is healthier, rounded to an integer for display (the total uses the exact value). */
  readonly score: number;
  /** Nominal weight (the weights sum to 100); 0 when the part is unknown and left out. */
  readonly weight: number;
  /** The measurement in the part's unit (see positionHealth), rounded to 4 decimals; null when unknown. */
  readonly value: number | null;
  readonly note: HealthNote;
}

/** A position's health: 0 (about to be stopped out, stale, volatile) to 100 (room, profit, on schedule, calm). */
export interface PositionHealth {
  /** Weighted mean of the known parts, rounded to an integer, 0..100. */
  readonly score: number;
  readonly parts: readonly HealthPart[];
}

const HOUR_MS = 3_600_000;
const W_STOP_R = 25;
const W_STOP_ATR = 15;
const W_UNREALISED = 20;
const W_TIME = 15;
const W_GIVE_BACK = 15;
const W_VOLATILITY = 10;

/**
 * Health score of an open position at a tick: a weighted mean of six parts, each 0..100 and
 * piecewise linear (clamped), computed in floating point (a score, not money). Let x(p) be the
 * favourable distance of a price from the entry in R: (p − entry) / R for a long, (entry − p) / R
 * for a short, with R = |entry − initialStop|; m = x(mark), b = max(x(best), m).
 *
 * | Part | Weight | Value | Score (100 × clamp 0..1) |
 * |---|---|---|---|
 * | STOP_DISTANCE_R | 25 | d = (mark − stop) / R (mirrored for shorts) | d / 1: a fresh position scores 100, halfway to the stop 50 |
 * | STOP_DISTANCE_ATR | 15 | a = (mark − stop) / ATR (mirrored) | a / 3: three ATRs of room or more score 100 |
 * | UNREALISED_R | 20 | m | (m + 1) / 3: −1R is 0, flat 33, +2R or more 100 |
 * | TIME_PROGRESS | 15 | s = t − max(m, 0), t = hours held / maxHoursWithoutOneR | 1 − s: on the 1R-per-window pace (or ahead) 100, no progress at the deadline 0 |
 * | GIVE_BACK | 15 | g = b − max(m, 0): open profit given back from the best, in R | 1 − g / max(1, b): half of a 2R peak given back is 50 |
 * | VOLATILITY_REGIME | 10 | v = ATR / baseline ATR | (3 − v) / 2: at or below the baseline 100, twice it 50, three times 0 |
 *
 * Notes: STOP_BREACHED (d or a ≤ 0), NEAR_STOP (d < 0.25), WITHIN_NOISE (a < 1), LOSING (m < 0),
 * BEHIND_SCHEDULE (s > 0.25), OUT_OF_TIME (s ≥ 1), GIVING_BACK (more than half the peak given back),
 * VOLATILITY_ELEVATED (v > 1.5), VOLATILITY_EXTREME (v > 2), ATR_UNKNOWN, else OK.
 *
 * Parts with an unknown ATR (or baseline) get weight 0 and the others share the total. The score
 * never falls when the mark moves in the position's favour with all else equal, never rises when
 * the stop moves closer to the mark (both up to double rounding), and is always an integer in
 * 0..100. A breached stop is not refused: the stop parts then score 0. Throws on a zero R.
 */
export function positionHealth(position: HealthSubject, tick: PositionTick, rules: Pick<PositionRules, 'maxHoursWithoutOneR'>): PositionHealth {
  return positionHealthWith(position, position.stopPriceQuote, position.bestPriceQuote, tick, rules.maxHoursWithoutOneR);
}

/** The fields of a position the health score reads. */
export type HealthSubject = Pick<ManagedPosition, 'side' | 'entryPriceQuote' | 'initialStopPriceQuote' | 'stopPriceQuote' | 'bestPriceQuote' | 'openedAt'>;

/**
 * positionHealth of `position` with its stop and best price replaced by `stopPriceQuote` and
 * `bestPriceQuote`: the health of an evaluation's advanced state before its `next` is built.
 */
export function positionHealthWith(
  position: HealthSubject,
  stopPriceQuote: Decimal,
  bestPriceQuote: Decimal,
  tick: PositionTick,
  maxHoursWithoutOneR: number,
): PositionHealth {
  const range = readTickRange(tick);
  const x: HealthMeasures = { d: NaN, a: NaN, m: NaN, s: NaN, g: NaN, giveBackShare: NaN, v: NaN, e0: NaN, e1: NaN, e2: NaN, e3: NaN, e4: NaN, e5: NaN };
  const score = measureHealth(position, stopPriceQuote, bestPriceQuote, tick, range, maxHoursWithoutOneR, x);
  const atrKnown = range.atrNum > 0;
  const regimeKnown = atrKnown && range.baselineAtrNum > 0;
  return {
    score,
    parts: [
      part('STOP_DISTANCE_R', W_STOP_R, x.d, x.e0, x.d <= 0 ? 'STOP_BREACHED' : x.d < 0.25 ? 'NEAR_STOP' : 'OK'),
      atrKnown ? part('STOP_DISTANCE_ATR', W_STOP_ATR, x.a, x.e1, x.a <= 0 ? 'STOP_BREACHED' : x.a < 1 ? 'WITHIN_NOISE' : 'OK') : UNKNOWN_ATR_PART,
      part('UNREALISED_R', W_UNREALISED, x.m, x.e2, x.m < 0 ? 'LOSING' : 'OK'),
      part('TIME_PROGRESS', W_TIME, x.s, x.e3, x.s >= 1 ? 'OUT_OF_TIME' : x.s > 0.25 ? 'BEHIND_SCHEDULE' : 'OK'),
      part('GIVE_BACK', W_GIVE_BACK, x.g, x.e4, x.giveBackShare > 0.5 ? 'GIVING_BACK' : 'OK'),
      regimeKnown ? part('VOLATILITY_REGIME', W_VOLATILITY, x.v, x.e5, x.v > 2 ? 'VOLATILITY_EXTREME' : x.v > 1.5 ? 'VOLATILITY_ELEVATED' : 'OK') : UNKNOWN_REGIME_PART,
    ],
  };
}

/**
 * positionHealthWith(...).score without the parts: what the monitor needs for every position on
 * every tick (the threshold crossing, the persistence check), while the parts are read only for the
 * few positions written or alerted. The same arithmetic (measureHealth), so always equal.
 */
export function positionHealthScoreWith(
  position: HealthSubject,
  stopPriceQuote: Decimal,
  bestPriceQuote: Decimal,
  tick: PositionTick,
  maxHoursWithoutOneR: number,
): number {
  return measureHealth(position, stopPriceQuote, bestPriceQuote, tick, readTickRange(tick), maxHoursWithoutOneR, null);
}

/** The values of the table in positionHealth, and the exact (unrounded) part scores. */
interface HealthMeasures {
  d: number;
  a: number;
  m: number;
  s: number;
  g: number;
  giveBackShare: number;
  v: number;
  e0: number;
  e1: number;
  e2: number;
  e3: number;
  e4: number;
  e5: number;
}

/**
 * The score, and into `out` (when given) the values the parts are built from. The one place the
 * score is computed. It takes Decimals and returns an integer, and writes doubles only into an
 * `out` the caller asked for: V8 boxes every double passed to a call it does not inline or stored
 * in an object, and the score is worked out for every open position on every tick. Throws on a zero R.
 */
function measureHealth(
  position: HealthSubject,
  stopPriceQuote: Decimal,
  bestPriceQuote: Decimal,
  tick: PositionTick,
  range: TickRange,
  maxHoursWithoutOneR: number,
  out: HealthMeasures | null,
): number {
  const dir = position.side === 'long' ? 1 : -1;
  const entry = toApproxNumber(position.entryPriceQuote);
  const stop = toApproxNumber(stopPriceQuote);
  const best = toApproxNumber(bestPriceQuote);
  const r = Math.abs(entry - toApproxNumber(position.initialStopPriceQuote));
  if (!(r > 0)) throw new RangeError('positionHealth: the initial stop equals the entry (R is zero)');
  const heldMs = tick.now.getTime() - position.openedAt.getTime();
  const mark = range.markNum;
  const stopRoom = dir * (mark - stop);
  const m = (dir * (mark - entry)) / r;
  const b = Math.max((dir * (best - entry)) / r, m);
  const atr = range.atrNum;
  const baseline = range.baselineAtrNum;
  const t = Math.max(0, heldMs / HOUR_MS) / maxHoursWithoutOneR;

  const d = stopRoom / r;
  const a = stopRoom / atr;
  const s = t - Math.max(m, 0);
  const g = Math.max(0, b - Math.max(m, 0));
  const giveBackShare = g / Math.max(1, b);
  const v = atr / baseline;
  const atrKnown = atr > 0;
  const regimeKnown = atrKnown && baseline > 0;
  // Exact part scores: the total uses these, so display rounding cannot break monotonicity.
  const e0 = to100(d);
  const e1 = atrKnown ? to100(a / 3) : 0;
  const e2 = to100((m + 1) / 3);
  const e3 = to100(1 - s);
  const e4 = to100(1 - giveBackShare);
  const e5 = regimeKnown ? to100((3 - v) / 2) : 0;
  const w1 = atrKnown ? W_STOP_ATR : 0;
  const w5 = regimeKnown ? W_VOLATILITY : 0;
  const total = (W_STOP_R * e0 + w1 * e1 + W_UNREALISED * e2 + W_TIME * e3 + W_GIVE_BACK * e4 + w5 * e5) / (W_STOP_R + w1 + W_UNREALISED + W_TIME + W_GIVE_BACK + w5);
  if (out !== null) {
    out.d = d;
    out.a = a;
    out.m = m;
    out.s = s;
    out.g = g;
    out.giveBackShare = giveBackShare;
    out.v = v;
    out.e0 = e0;
    out.e1 = e1;
    out.e2 = e2;
    out.e3 = e3;
    out.e4 = e4;
    out.e5 = e5;
  }
  return Math.round(total);
}

/** 100 × x clamped to 0..1. */
function to100(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 100 : 100 * x;
}

function part(name: HealthPartName, weight: number, value: number, exact: number, note: HealthNote): HealthPart {
  return { name, score: Math.round(exact), weight, value: Math.round(value * 10_000) / 10_000, note };
}

const UNKNOWN_ATR_PART: HealthPart = Object.freeze({ name: 'STOP_DISTANCE_ATR', score: 0, weight: 0, value: null, note: 'ATR_UNKNOWN' });
const UNKNOWN_REGIME_PART: HealthPart = Object.freeze({ name: 'VOLATILITY_REGIME', score: 0, weight: 0, value: null, note: 'ATR_UNKNOWN' });
