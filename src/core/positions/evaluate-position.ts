import { Decimal, HUNDRED, ONE, roundToTick } from '../money.js';
import type { MarketRules } from '../ports.js';
import type { PositionRules } from './build-position-rules.js';
import { compareWithDoubles, toApproxNumber } from './compare-decimals.js';
import { computeBreakEvenPrice } from './compute-break-even-price.js';
import type { ManagedPosition } from './managed-position.js';
import type { MoveStopReason, PositionAction } from './position-action.js';
import { scorePositionHealth, type PositionHealth } from './position-health.js';
import type { PositionTick } from './position-tick.js';
import { readTickRange, type TickRange } from './read-tick-range.js';
import { fillAt, walkScaleOutLadder } from './walk-scale-out-ladder.js';
import { withRuleState } from './with-rule-state.js';

/** The outcome of one evaluation. */
export interface PositionEvaluation {
  /**
   * The position with the rules' state advanced: best price, trailing state, stop (already moved
   * when a MOVE_STOP is in `actions`), scaleOutsDone and healthScore. Quantities, realised P&L and
   * fees are unchanged: they move when the exits fill (applyExitFill).
   */
  readonly next: ManagedPosition;
  /** What to do, in order; empty when nothing is due. At most one MOVE_STOP and at most one CLOSE. */
  readonly actions: readonly PositionAction[];
  /** Health of `next` at the tick's mark (see positionHealth). */
  readonly health: PositionHealth;
}

/** Thrown for a position the rules cannot manage (a bug upstream: the risk gate refuses such trades). */
export class InvalidPositionError extends Error {
  override readonly name = 'InvalidPositionError';
}

const HOUR_MS = 3_600_000;
// Relative margin of the double pre-checks (activation, 1R): far above double rounding, far below a tick.
const GUARD = 1e-9;

/**
 * Applies the position rules to one tick and returns the advanced position, the actions due and
 * the health. Pure and deterministic: no clock, no I/O; longs and shorts are mirror images. Inside
 * one tick the adverse extreme is assumed to come first (the conservative reading of a candle).
 *
 * 1. STOP_HIT: the tick's low (long) or high (short) reached the stop in force → CLOSE all.
 * 2. MAX_AGE: open `maxAgeHours` or longer → CLOSE all at the mark.
 * 3. Best price: the tick's high (long) or low (short) when better.
 * 4. Scale-outs at entry ± kR (see walkScaleOutLadder): SCALE_OUT, SCALE_OUT_SKIPPED (too small:
 *    the quantity stays open for later exits) or CLOSE FINAL_TARGET at the last level.
 * 5. Stop: after the first scale-out level, break-even (computeBreakEvenPrice) if
 *    moveStopToBreakEven; once the best price is trailingActivationPercent past the entry the
 *    trailing stop activates and sits trailingStopPercent behind the best price (floored to the
 *    tick for a long, ceiled for a short). The tightest candidate replaces the stop only if it is
 *    tighter (MOVE_STOP): the stop never loosens. A mark at or past the new stop means the price
 *    crossed it after the new best → CLOSE STOP_HIT at the new stop.
 * 6. TIME_NO_PROGRESS: held `maxHoursWithoutOneR` or longer and the best price never reached
 *    1R → CLOSE all at the mark.
 * 7. HEALTH_DEGRADED when the score falls below `healthThreshold` (on the crossing only, and not
 *    when the position closes).
 *
 * Action prices are the trigger (stop or level) when the tick traded through it, else the mark
 * (the tick gapped past it). `market` supplies the amount step, minimums and price tick. A position
 * with nothing open gets no actions. Throws InvalidPositionError when the initial stop is not on
 * the loss side of the entry (R would be zero or negative).
 *
 * Cost: a tick that changes nothing does no Decimal arithmetic: prices are compared through double
 * approximations, falling back to an exact Decimal comparison only when they are too close to
 * call (see compareDecimals), so results are exact. Decimal work happens only for a new best
 * price, a level or activation threshold within reach, or an action.
 */
export function evaluatePosition(position: ManagedPosition, tick: PositionTick, rules: PositionRules, market: MarketRules): PositionEvaluation {
  const dir = position.side === 'long' ? 1 : -1;
  const entry = position.entryPriceQuote;
  const entryNum = toApproxNumber(entry);
  const initialStopNum = toApproxNumber(position.initialStopPriceQuote);
  if (dir * compareWithDoubles(entry, entryNum, position.initialStopPriceQuote, initialStopNum) <= 0) {
    throw new InvalidPositionError(`Position ${position.id}: the initial stop must be ${dir === 1 ? 'below' : 'above'} the entry`);
  }
  const range = readTickRange(tick);
  const heldMs = tick.now.getTime() - position.openedAt.getTime();
  // The advanced state lives in locals (not an object) until `finish`: V8 would box every double
  // field of a per-position object, and the monitor evaluates thousands of positions per tick.
  let stop = position.stopPriceQuote;
  let stopNum = toApproxNumber(stop);
  let best = position.bestPriceQuote;
  let bestNum = toApproxNumber(best);
  let trailingActive = position.trailingActive;
  let trailing = position.trailingStopPriceQuote;
  let scaleOutsDone = position.scaleOutsDone;
  const actions: PositionAction[] = [];
  // Each step may end the evaluation; `break steps` jumps to the one exit below (a closure or a
  // state object would box the doubles).
  steps: {
    if (position.qtyBase.isZero() || position.qtyBase.isNegative()) break steps;
    if (dir === 1 ? compareWithDoubles(range.low, range.lowNum, stop, stopNum) <= 0 : compareWithDoubles(range.high, range.highNum, stop, stopNum) >= 0) {
      actions.push({ kind: 'CLOSE', reason: 'STOP_HIT', qtyBase: position.qtyBase, priceQuote: fillAt(stop, range) });
      break steps;
    }
    if (heldMs >= rules.maxAgeHours * HOUR_MS) {
      actions.push({ kind: 'CLOSE', reason: 'MAX_AGE', qtyBase: position.qtyBase, priceQuote: range.mark });
      break steps;
    }

    const newBest =
      dir === 1 ? compareWithDoubles(range.high, range.highNum, best, bestNum) > 0 : compareWithDoubles(range.low, range.lowNum, best, bestNum) < 0;
    if (newBest) {
      best = dir === 1 ? range.high : range.low;
      bestNum = dir === 1 ? range.highNum : range.lowNum;
    }
    const ladder = walkScaleOutLadder(position, rules, market, range, actions);
    let openQty = position.qtyBase;
    if (ladder !== null) {
      scaleOutsDone = ladder.scaleOutsDone;
      if (ladder.openQtyBase === null) break steps;
      openQty = ladder.openQtyBase;
    }

    const stopBefore = stop;
    let reason: MoveStopReason = 'TRAILING';
    // Only a stop not yet past the entry can need the break-even move (a cheap test before the fee arithmetic).
    if (rules.moveStopToBreakEven && scaleOutsDone >= 1 && dir * compareWithDoubles(stop, stopNum, entry, entryNum) <= 0) {
      const breakEven = computeBreakEvenPrice(position, market.priceTick);
      const breakEvenNum = toApproxNumber(breakEven);
      if (dir * compareWithDoubles(breakEven, breakEvenNum, stop, stopNum) > 0) {
        stop = breakEven;
        stopNum = breakEvenNum;
        reason = 'BREAK_EVEN';
      }
    }
    if (rules.enableTrailingStop) {
      if (!trailingActive && dir * (bestNum - entryNum) > 0) {
        trailingActive = isActivated(dir, entry, entryNum, best, bestNum, rules.trailingActivationPercent);
      }
      // The trailing level depends only on the best price: it is recomputed only when that moved.
      // An unchanged level against an unchanged stop was already weighed on the previous tick.
      if (trailingActive && (trailing === null || newBest || !position.trailingActive)) {
        const offset = rules.trailingStopPercent.div(HUNDRED);
        const factor = dir === 1 ? ONE.minus(offset) : ONE.plus(offset);
        trailing = roundToTick(best.mul(factor), market.priceTick, dir === 1 ? Decimal.ROUND_DOWN : Decimal.ROUND_UP);
      }
      if (trailingActive && trailing !== null && (trailing !== position.trailingStopPriceQuote || stop !== stopBefore)) {
        const trailingNum = toApproxNumber(trailing);
        if (dir * compareWithDoubles(trailing, trailingNum, stop, stopNum) > 0) {
          stop = trailing;
          stopNum = trailingNum;
          reason = 'TRAILING';
        }
      }
    }
    if (stop !== stopBefore) {
      actions.push({ kind: 'MOVE_STOP', fromPriceQuote: stopBefore, toPriceQuote: stop, reason });
      if (dir * compareWithDoubles(range.mark, range.markNum, stop, stopNum) <= 0) {
        actions.push({ kind: 'CLOSE', reason: 'STOP_HIT', qtyBase: openQty, priceQuote: fillAt(stop, range) });
        break steps;
      }
    }

    if (heldMs >= rules.maxHoursWithoutOneR * HOUR_MS && !hasReachedOneR(dir, position, best, bestNum)) {
      actions.push({ kind: 'CLOSE', reason: 'TIME_NO_PROGRESS', qtyBase: openQty, priceQuote: range.mark });
    }
  }
  return finish(position, rules, actions, range, dir, entryNum, initialStopNum, heldMs, stop, stopNum, best, bestNum, trailingActive, trailing, scaleOutsDone);
}

/** Whether the best price is at least `activationPct` percent past the entry (doubles first, Decimal near the threshold). */
function isActivated(dir: number, entry: Decimal, entryNum: number, best: Decimal, bestNum: number, activationPct: Decimal): boolean {
  const threshold = entryNum * (1 + (dir * toApproxNumber(activationPct)) / 100);
  if (dir * (bestNum - threshold) < -Math.abs(threshold) * GUARD) return false;
  const move = entry.mul(activationPct).div(HUNDRED);
  return dir * best.cmp(dir === 1 ? entry.plus(move) : entry.minus(move)) >= 0;
}

/** Whether the best price has reached entry ± 1R (doubles first, Decimal near the level). */
function hasReachedOneR(dir: number, position: ManagedPosition, best: Decimal, bestNum: number): boolean {
  const e = toApproxNumber(position.entryPriceQuote);
  const oneR = e + dir * Math.abs(e - toApproxNumber(position.initialStopPriceQuote));
  if (dir * (bestNum - oneR) < -Math.abs(oneR) * GUARD) return false;
  const r = position.entryPriceQuote.minus(position.initialStopPriceQuote).abs();
  return dir * best.cmp(dir === 1 ? position.entryPriceQuote.plus(r) : position.entryPriceQuote.minus(r)) >= 0;
}

const NO_ACTIONS: readonly PositionAction[] = Object.freeze([]);

/**
 * Adds the health of the advanced state and, on a downward crossing of the threshold without a
 * CLOSE, HEALTH_DEGRADED; returns `position` itself when no rule-owned field changed. Positional
 * parameters keep the doubles unboxed (see evaluatePosition).
 */
function finish(
  position: ManagedPosition,
  rules: PositionRules,
  actions: PositionAction[],
  range: TickRange,
  dir: number,
  entryNum: number,
  initialStopNum: number,
  heldMs: number,
  stop: Decimal,
  stopNum: number,
  best: Decimal,
  bestNum: number,
  trailingActive: boolean,
  trailing: Decimal | null,
  scaleOutsDone: number,
): PositionEvaluation {
  const health = scorePositionHealth(dir, entryNum, initialStopNum, stopNum, bestNum, heldMs, range, rules.maxHoursWithoutOneR);
  const closing = actions.length > 0 && actions[actions.length - 1]!.kind === 'CLOSE';
  const previous = position.healthScore;
  if (!closing && health.score < rules.healthThreshold && (previous === null || previous >= rules.healthThreshold)) {
    actions.push({ kind: 'HEALTH_DEGRADED', score: health.score, threshold: rules.healthThreshold });
  }
  const unchanged =
    stop === position.stopPriceQuote &&
    trailingActive === position.trailingActive &&
    trailing === position.trailingStopPriceQuote &&
    best === position.bestPriceQuote &&
    scaleOutsDone === position.scaleOutsDone &&
    health.score === position.healthScore;
  const next = unchanged ? position : withRuleState(position, stop, trailingActive, trailing, best, scaleOutsDone, health.score);
  // The common tick emits nothing: share one frozen empty list rather than keep an array per position.
  return { next, actions: actions.length === 0 ? NO_ACTIONS : actions, health };
}
