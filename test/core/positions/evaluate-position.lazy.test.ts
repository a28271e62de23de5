import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import type { PositionRules } from '../../../src/core/positions/build-position-rules.js';
import { evaluatePosition, type PositionEvaluation } from '../../../src/core/positions/evaluate-position.js';
import type { ManagedPosition } from '../../../src/core/positions/managed-position.js';
import { positionHealth } from '../../../src/core/positions/position-health.js';
import type { PositionRecord } from '../../../src/core/positions/position-record.js';
import type { PositionTick } from '../../../src/core/positions/position-tick.js';
import { needsStateWrite, ruleStatePatch } from '../../../src/core/positions/rule-state-patch.js';
import { btcMarket, fillExits, HOUR_MS, nextBar, OPENED_AT, position, rules, stopBpsAway } from './position-builders.js';

/*
 * The monitor reads only healthScore, ruleStateChanged, stopPriceQuote and actions of most
 * evaluations; `next` and `health` are built on first read. These properties check, over random
 * positions and price paths, that the cheap fields and the lazily built objects say exactly what
 * an eager evaluation says: `next` with the advanced state, `health` = positionHealth(next) at the
 * tick, and the persistence decision as it was defined on them.
 */


const scenarioArb = fc.record({
  side: fc.constantFrom('long' as const, 'short' as const),
  entryCents: fc.integer({ min: 100, max: 10_000_000 }),
  stopBps: fc.integer({ min: 20, max: 1500 }),
  qtyUnits: fc.integer({ min: 1, max: 200_000 }),
  step: fc.constantFrom('0.00001', '0.001', '1'),
  enableTrailingStop: fc.boolean(),
  trailBps: fc.integer({ min: 10, max: 1000 }),
  activationBps: fc.integer({ min: 0, max: 1000 }),
  enableScaleOut: fc.boolean(),
  moveStopToBreakEven: fc.boolean(),
  healthThreshold: fc.integer({ min: 0, max: 100 }),
  maxHoursWithoutOneR: fc.constantFrom(6, 12.5, 48),
  driftBps: fc.integer({ min: -100, max: 200 }),
  atrBps: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
  baselineBps: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
  path: fc.array(
    fc.record({
      moveBps: fc.integer({ min: -300, max: 300 }),
      upBps: fc.integer({ min: 0, max: 150 }),
      downBps: fc.integer({ min: 0, max: 150 }),
      hours: fc.integer({ min: 0, max: 6 }),
      // A ticker-only tick (no high and low), as the live monitor sees.
      markOnly: fc.boolean(),
      // How the stored record looks: never evaluated (no best price, no score) or evaluated.
      bestPriceStored: fc.boolean(),
    }),
    { minLength: 1, maxLength: 60 },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** needsStateWrite as it was defined on an eagerly built evaluation (`next` and `health`). */
function needsStateWriteFromNext(record: PositionRecord, managed: ManagedPosition, e: PositionEvaluation, threshold: number): boolean {
  const next = e.next;
  if (next === managed && record.healthScore !== null) return false;
  if (
    record.bestPrice === null ||
    next.stopPriceQuote !== managed.stopPriceQuote ||
    next.trailingActive !== managed.trailingActive ||
    next.trailingStopPriceQuote !== managed.trailingStopPriceQuote ||
    next.bestPriceQuote !== managed.bestPriceQuote ||
    next.scaleOutsDone !== managed.scaleOutsDone
  ) {
    return true;
  }
  return record.healthScore === null || record.healthScore < threshold !== e.health.score < threshold;
}

/** The stored record `p` came from (toManagedPosition's inverse for the fields the persistence check reads). */
function recordOf(p: ManagedPosition, bestPriceStored: boolean): PositionRecord {
  return {
    id: p.id, userId: 1, walletId: 1, signalId: null, symbol: p.symbol, side: p.side, status: 'open', entryPrice: p.entryPriceQuote,
    initialStopPrice: p.initialStopPriceQuote, stopPrice: p.stopPriceQuote, targets: p.targetPricesQuote, qtyBase: p.qtyBase, initialQtyBase: p.initialQtyBase,
    leverage: dec(1), realisedPnlUsd: p.realisedPnlUsd, unrealisedPnlUsd: dec(0), feesUsd: p.feesUsd, initialRiskUsd: dec(1), rMultiple: null,
    trailingActive: p.trailingActive, trailingStopPrice: p.trailingStopPriceQuote, bestPrice: bestPriceStored ? p.bestPriceQuote : null,
    scaleOutsDone: p.scaleOutsDone, exchangeStopOrderId: null, healthScore: p.healthScore, closeReason: null, openedAt: p.openedAt, closedAt: null,
  };
}

/** An evaluation whose `next` and `health` throw when read. */
function withoutLazyParts(e: PositionEvaluation): PositionEvaluation {
  return {
    actions: e.actions,
    healthScore: e.healthScore,
    stopPriceQuote: e.stopPriceQuote,
    ruleStateChanged: e.ruleStateChanged,
    get next(): ManagedPosition {
      throw new Error('next read');
    },
    get health(): never {
      throw new Error('health read');
    },
  };
}

function walk(s: Scenario, check: (p: ManagedPosition, t: PositionTick, r: PositionRules, bestPriceStored: boolean) => ManagedPosition): void {
  const entry = dec(s.entryCents).div(100);
  const r = rules({
    enableTrailingStop: s.enableTrailingStop,
    trailingStopPercent: dec(s.trailBps).div(100),
    trailingActivationPercent: dec(s.activationBps).div(100),
    enableScaleOut: s.enableScaleOut,
    moveStopToBreakEven: s.moveStopToBreakEven,
    healthThreshold: s.healthThreshold,
    maxHoursWithoutOneR: s.maxHoursWithoutOneR,
  });
  let p = position(s.side, { entry, stop: stopBpsAway(entry, s.stopBps, s.side), qty: dec(s.qtyUnits).mul(s.step) });
  let price = entry;
  let hours = 0;
  for (const step of s.path) {
    const { close, high, low } = nextBar(price, step, s.side, s.driftBps);
    hours += step.hours;
    const t: PositionTick = {
      markPriceQuote: close,
      ...(step.markOnly ? {} : { highPriceQuote: high, lowPriceQuote: low }),
      atrQuote: s.atrBps === null ? null : entry.mul(s.atrBps).div(10_000),
      baselineAtrQuote: s.baselineBps === null ? null : entry.mul(s.baselineBps).div(10_000),
      now: new Date(OPENED_AT.getTime() + hours * HOUR_MS),
    };
    p = check(p, t, r, step.bestPriceStored);
    price = close;
    if (p.qtyBase.isZero()) break;
  }
}

describe('evaluatePosition: the cheap fields and the lazily built next and health (fast-check)', () => {
  it('healthScore, stopPriceQuote and ruleStateChanged agree with next and health, and health is positionHealth of next', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        walk(s, (p, t, r) => {
          const e = evaluatePosition(p, t, r, btcMarket({ amountStep: dec(s.step), minQty: dec(s.step) }));
          const next = e.next;
          expect(e.next).toBe(next);
          expect(e.health).toBe(e.health);
          expect(e.health).toEqual(positionHealth(next, t, r));
          expect(e.healthScore).toBe(e.health.score);
          expect(next.healthScore).toBe(e.healthScore);
          expect(e.stopPriceQuote).toBe(next.stopPriceQuote);
          const changed =
            next.stopPriceQuote !== p.stopPriceQuote ||
            next.trailingActive !== p.trailingActive ||
            next.trailingStopPriceQuote !== p.trailingStopPriceQuote ||
            next.bestPriceQuote !== p.bestPriceQuote ||
            next.scaleOutsDone !== p.scaleOutsDone;
          expect(e.ruleStateChanged).toBe(changed);
          expect(next === p).toBe(!changed && e.healthScore === p.healthScore);
          // Everything ManagedPosition carries besides the rule state is the evaluated position's.
          expect({ ...next, stopPriceQuote: p.stopPriceQuote, trailingActive: p.trailingActive, trailingStopPriceQuote: p.trailingStopPriceQuote, bestPriceQuote: p.bestPriceQuote, scaleOutsDone: p.scaleOutsDone, healthScore: p.healthScore }).toEqual(p);
          return fillExits(next, e.actions);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('needsStateWrite decides from the cheap fields alone, as it did from next and health', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        walk(s, (p, t, r, bestPriceStored) => {
          const market = btcMarket({ amountStep: dec(s.step), minQty: dec(s.step) });
          const record = recordOf(p, bestPriceStored);
          const e = evaluatePosition(p, t, r, market);
          const cheap = needsStateWrite(record, p, withoutLazyParts(e), r.healthThreshold);
          expect(cheap).toBe(needsStateWriteFromNext(record, p, e, r.healthThreshold));
          if (cheap) {
            expect(ruleStatePatch(e)).toEqual({
              stopPrice: e.next.stopPriceQuote, trailingActive: e.next.trailingActive, trailingStopPrice: e.next.trailingStopPriceQuote,
              bestPrice: e.next.bestPriceQuote, scaleOutsDone: e.next.scaleOutsDone, healthScore: e.health.score, healthParts: e.health.parts,
            });
          }
          return fillExits(e.next, e.actions);
        });
      }),
      { numRuns: 300 },
    );
  });
});
