import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, ZERO, type Decimal } from '../../../src/core/money.js';
import type { PositionRules } from '../../../src/core/positions/build-position-rules.js';
import { evaluatePosition } from '../../../src/core/positions/evaluate-position.js';
import type { ManagedPosition } from '../../../src/core/positions/managed-position.js';
import type { PositionTick } from '../../../src/core/positions/position-tick.js';
import { btcMarket, fillExits, HOUR_MS, nextBar, OPENED_AT, position, rules, stopBpsAway } from './position-builders.js';


/** A random price path: per step a move in basis points and two wick lengths, prices kept to cents. */
const pathArb = fc.array(
  fc.record({ moveBps: fc.integer({ min: -300, max: 300 }), upBps: fc.integer({ min: 0, max: 150 }), downBps: fc.integer({ min: 0, max: 150 }), hours: fc.integer({ min: 0, max: 6 }) }),
  { minLength: 1, maxLength: 80 },
);

const scenarioArb = fc.record({
  side: fc.constantFrom('long' as const, 'short' as const),
  entryCents: fc.integer({ min: 100, max: 10_000_000 }),
  stopBps: fc.integer({ min: 20, max: 1500 }),
  qtyUnits: fc.integer({ min: 1, max: 200_000 }),
  step: fc.constantFrom('0.00001', '0.001', '0.1', '1'),
  minNotional: fc.constantFrom(0, 5, 50),
  enableTrailingStop: fc.boolean(),
  trailBps: fc.integer({ min: 10, max: 1000 }),
  activationBps: fc.integer({ min: 0, max: 1000 }),
  enableScaleOut: fc.boolean(),
  ladder: fc.constantFrom('thirds', 'halves', 'runner', 'single'),
  moveStopToBreakEven: fc.boolean(),
  /** Trend in the position's favour (negative: against it), basis points per step, so many paths reach the levels. */
  driftBps: fc.integer({ min: -100, max: 200 }),
  path: pathArb,
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function setUp(s: Scenario): { p: ManagedPosition; r: PositionRules } {
  const entry = dec(s.entryCents).div(100);
  const third = dec(1).div(3);
  const ladders = {
    thirds: { scaleOutLevelsR: [dec(1), dec(2), dec(3)], scaleOutFractions: [third, third, third] },
    halves: { scaleOutLevelsR: [dec('0.5'), dec('1.5')], scaleOutFractions: [dec('0.5'), dec('0.5')] },
    runner: { scaleOutLevelsR: [dec(1), dec(2)], scaleOutFractions: [dec('0.4'), dec('0.3')] },
    single: { scaleOutLevelsR: [dec(2)], scaleOutFractions: [dec(1)] },
  };
  const r = rules({
    enableTrailingStop: s.enableTrailingStop,
    trailingStopPercent: dec(s.trailBps).div(100),
    trailingActivationPercent: dec(s.activationBps).div(100),
    enableScaleOut: s.enableScaleOut,
    moveStopToBreakEven: s.moveStopToBreakEven,
    ...ladders[s.ladder],
  });
  const qty = dec(s.qtyUnits).mul(s.step);
  return { p: position(s.side, { entry, stop: stopBpsAway(entry, s.stopBps, s.side), qty }), r };
}

/** Walks the path, applying each evaluation's fills; calls `check` after every step. */
function walk(s: Scenario, check: (before: ManagedPosition, after: ManagedPosition, e: ReturnType<typeof evaluatePosition>) => void): ManagedPosition {
  const { p: start, r } = setUp(s);
  const market = btcMarket({ amountStep: dec(s.step), minQty: dec(s.step), minNotional: dec(s.minNotional) });
  let p = start;
  let price = start.entryPriceQuote;
  let hours = 0;
  for (const step of s.path) {
    const { close, high, low } = nextBar(price, step, s.side, s.driftBps);
    hours += step.hours;
    const t: PositionTick = { markPriceQuote: close, highPriceQuote: high, lowPriceQuote: low, atrQuote: dec(1), baselineAtrQuote: dec(1), now: new Date(OPENED_AT.getTime() + hours * HOUR_MS) };
    const e = evaluatePosition(p, t, r, market);
    const after = fillExits(e.next, e.actions);
    check(p, after, e);
    p = after;
    price = close;
    if (p.qtyBase.isZero()) break;
  }
  return p;
}

/** `a` is at least as tight as `b` for the side (higher or equal for a long). */
const atLeastAsTight = (side: 'long' | 'short', a: Decimal, b: Decimal) => (side === 'long' ? a.gte(b) : a.lte(b));

describe('evaluatePosition properties (fast-check)', () => {
  it('never loosens the stop along any price path, and every MOVE_STOP tightens', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        walk(s, (before, after, e) => {
          expect(atLeastAsTight(s.side, after.stopPriceQuote, before.stopPriceQuote)).toBe(true);
          for (const a of e.actions) {
            if (a.kind === 'MOVE_STOP') {
              expect(a.fromPriceQuote.eq(before.stopPriceQuote)).toBe(true);
              expect(atLeastAsTight(s.side, a.toPriceQuote, a.fromPriceQuote) && !a.toPriceQuote.eq(a.fromPriceQuote)).toBe(true);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never scales out more than the initial quantity, and closes exactly what is left', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        let scaledOut = ZERO;
        let initial = ZERO;
        walk(s, (before, after, e) => {
          initial = before.initialQtyBase;
          let openBefore = before.qtyBase;
          for (const a of e.actions) {
            if (a.kind === 'SCALE_OUT') {
              scaledOut = scaledOut.plus(a.qtyBase);
              openBefore = openBefore.minus(a.qtyBase);
              expect(a.qtyBase.isPositive() && !a.qtyBase.isZero()).toBe(true);
            }
            if (a.kind === 'CLOSE') expect(a.qtyBase.eq(openBefore)).toBe(true);
          }
          expect(scaledOut.lte(before.initialQtyBase)).toBe(true);
          expect(after.qtyBase.gte(0)).toBe(true);
        });
        expect(scaledOut.lte(initial)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('only emits scale-outs the market accepts: step multiples, at least minQty and minNotional', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        walk(s, (_before, _after, e) => {
          for (const a of e.actions) {
            if (a.kind !== 'SCALE_OUT') continue;
            expect(a.qtyBase.mod(dec(s.step)).isZero()).toBe(true);
            expect(a.qtyBase.gte(dec(s.step))).toBe(true);
            expect(a.qtyBase.mul(a.priceQuote).gte(s.minNotional)).toBe(true);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('passes each scale-out level at most once, in order', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const seen: number[] = [];
        walk(s, (before, after, e) => {
          expect(after.scaleOutsDone).toBeGreaterThanOrEqual(before.scaleOutsDone);
          for (const a of e.actions) if (a.kind === 'SCALE_OUT' || a.kind === 'SCALE_OUT_SKIPPED') seen.push(a.level);
        });
        expect(seen).toEqual(seen.map((_, k) => k + 1));
      }),
      { numRuns: 200 },
    );
  });
});
