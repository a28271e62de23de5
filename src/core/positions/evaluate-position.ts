import { Decimal, HUNDRED, ONE, roundToTick } from '../money.js';
import type { MarketRules } from '../ports.js';
import type { PositionRules } from './build-position-rules.js';
import { compareWithDoubles, toApproxNumber } from './compare-decimals.js';
import { computeBreakEvenPrice } from './compute-break-even-price.js';
import type { ManagedPosition } from './managed-position.js';
import type { MoveStopReason, PositionAction } from './position-action.js';
import { positionHealthScoreWith, positionHealthWith, type PositionHealth } from './position-health.js';
import type { PositionTick } from './position-tick.js';
import { readTickRange } from './read-tick-range.js';
import { fillAt, walkScaleOutLadder } from './walk-scale-out-ladder.js';
import { withRuleState } from './with-rule-state.js';

/**
 * The outcome of one evaluation. `next` and `health` are built when first read: the monitor
 * evaluates every open position on every tick but needs them only for the few it writes or alerts
 * (healthScore and ruleStateChanged answer the rest without allocating). Reading them is pure:
 * the same object every time, equal to what an eager evaluation would have built.
 */
export interface PositionEvaluation {
  /**
   * The position with the rules' state advanced: best price, trailing state, stop (already moved
   * when a MOVE_STOP is in `actions`), scaleOutsDone and healthScore. Quantities, realised P&L and
   * fees are unchanged: they move when the exits fill (applyExitFill). The evaluated position itself
   * when no rule-owned field changed.
   */
  readonly next: ManagedPosition;
  /** What to do, in order; empty when nothing is due. At most one MOVE_STOP and at most one CLOSE. */
  readonly actions: readonly PositionAction[];
  /** Health of `next` at the tick's mark (see positionHealth). */
  readonly health: PositionHealth;
  /** `health.score` (and `next.healthScore`), without building the parts. */
  readonly healthScore: number;
  /** `next.stopPriceQuote` (the stop in force after this tick's moves), without building `next`. */
  readonly stopPriceQuote: Decimal;
  /**
   * Whether `next` differs from the evaluated position in the stop, the trailing state, the best
   * price or scaleOutsDone (the health score aside), without building `next`.
   */
  readonly ruleStateChanged: boolean;
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
 * price, a level or activation threshold within reach, or an action. The health is scored without
 * its parts, and `next` and `health` are built only when read (see PositionEvaluation): the
 * common evaluation allocates one small object.
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
  // The advanced state lives in locals (not an object) until the end: V8 would box every double
  // field of a per-position object, and the monitor evaluates thousands of positions per tick.
  let stop = position.stopPriceQuote;
  let stopNum = toApproxNumber(stop);
  let best = position.bestPriceQuote;
  let bestNum = toApproxNumber(best);
  let trailingActive = position.trailingActive;
  let trailing = position.trailingStopPriceQuote;
  let scaleOutsDone = position.scaleOutsDone;
  // Created on the first action: most evaluations emit none and share NO_ACTIONS.
  let actions: PositionAction[] | null = null;
  // Each step may end the evaluation; `break steps` jumps to the one exit below (a closure or a
  // state object would box the doubles).
  steps: {
    if (position.qtyBase.isZero() || position.qtyBase.isNegative()) break steps;
    if (dir === 1 ? compareWithDoubles(range.low, range.lowNum, stop, stopNum) <= 0 : compareWithDoubles(range.high, range.highNum, stop, stopNum) >= 0) {
      actions = [{ kind: 'CLOSE', reason: 'STOP_HIT', qtyBase: position.qtyBase, priceQuote: fillAt(stop, range) }];
      break steps;
    }
    if (heldMs >= rules.maxAgeHours * HOUR_MS) {
      actions = [{ kind: 'CLOSE', reason: 'MAX_AGE', qtyBase: position.qtyBase, priceQuote: range.mark }];
      break steps;
    }

    const newBest =
      dir === 1 ? compareWithDoubles(range.high, range.highNum, best, bestNum) > 0 : compareWithDoubles(range.low, range.lowNum, best, bestNum) < 0;
    if (newBest) {
      best = dir === 1 ? range.high : range.low;
      bestNum = dir === 1 ? range.highNum : range.lowNum;
    }
    const ladder = walkScaleOutLadder(position, rules, market, range);
    let openQty = position.qtyBase;
    if (ladder !== null) {
      // Nothing was emitted before the ladder (every earlier action ends the evaluation).
      actions = ladder.actions;
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
      // Activation: best ≥ entry × (1 ± p/100), tested on doubles and settled in Decimal only near
      // the threshold (the double test is inline: V8 would box doubles passed to a call).
      if (!trailingActive && dir * (bestNum - entryNum) > 0) {
        const threshold = entryNum * (1 + (dir * toApproxNumber(rules.trailingActivationPercent)) / 100);
        if (dir * (bestNum - threshold) >= -Math.abs(threshold) * GUARD) trailingActive = isActivated(dir, entry, best, rules.trailingActivationPercent);
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
      (actions ??= []).push({ kind: 'MOVE_STOP', fromPriceQuote: stopBefore, toPriceQuote: stop, reason });
      if (dir * compareWithDoubles(range.mark, range.markNum, stop, stopNum) <= 0) {
        actions.push({ kind: 'CLOSE', reason: 'STOP_HIT', qtyBase: openQty, priceQuote: fillAt(stop, range) });
        break steps;
      }
    }

    if (heldMs >= rules.maxHoursWithoutOneR * HOUR_MS) {
      // Reached 1R (best ≥ entry ± R): doubles first, Decimal only near the level.
      const oneR = entryNum + dir * Math.abs(entryNum - initialStopNum);
      const reached = dir * (bestNum - oneR) >= -Math.abs(oneR) * GUARD && hasReachedOneR(dir, entry, position.initialStopPriceQuote, best);
      if (!reached) (actions ??= []).push({ kind: 'CLOSE', reason: 'TIME_NO_PROGRESS', qtyBase: openQty, priceQuote: range.mark });
    }
  }

  // Health of the advanced state: the score only (the parts are built if someone reads them).
  const score = positionHealthScoreWith(position, stop, best, tick, rules.maxHoursWithoutOneR);
  const closing = actions !== null && actions[actions.length - 1]!.kind === 'CLOSE';
  const previous = position.healthScore;
  if (!closing && score < rules.healthThreshold && (previous === null || previous >= rules.healthThreshold)) {
    (actions ??= []).push({ kind: 'HEALTH_DEGRADED', score, threshold: rules.healthThreshold });
  }
  return new Evaluation(position, tick, rules, actions ?? NO_ACTIONS, score, stop, trailingActive, trailing, best, scaleOutsDone);
}

/** Whether the best price is at least `activationPct` percent past the entry, exactly. */
function isActivated(dir: number, entry: Decimal, best: Decimal, activationPct: Decimal): boolean {
  const move = entry.mul(activationPct).div(HUNDRED);
  return dir * best.cmp(dir === 1 ? entry.plus(move) : entry.minus(move)) >= 0;
}

/** Whether the best price has reached entry ± 1R, exactly. */
function hasReachedOneR(dir: number, entry: Decimal, initialStop: Decimal, best: Decimal): boolean {
  const r = entry.minus(initialStop).abs();
  return dir * best.cmp(dir === 1 ? entry.plus(r) : entry.minus(r)) >= 0;
}

// The common tick emits nothing: one frozen empty list shared rather than an array per position.
const NO_ACTIONS: readonly PositionAction[] = Object.freeze([]);

/**
 * A PositionEvaluation that keeps the advanced rule state as references and builds `next` and
 * `health` on first read (withRuleState; positionHealthWith over the same inputs the score came
 * from, so both agree exactly with healthScore). About 150 bytes instead of about 1 kB for the
 * eager objects (a copied position; the health with six parts and their boxed doubles): less
 * garbage per tick, and less for the young generation to copy when many evaluations are alive.
 */
class Evaluation implements PositionEvaluation {
  readonly actions: readonly PositionAction[];
  readonly healthScore: number;
  readonly stopPriceQuote: Decimal;
  readonly ruleStateChanged: boolean;
  readonly #position: ManagedPosition;
  readonly #tick: PositionTick;
  readonly #rules: PositionRules;
  readonly #trailingActive: boolean;
  readonly #trailing: Decimal | null;
  readonly #best: Decimal;
  readonly #scaleOutsDone: number;
  #next: ManagedPosition | null = null;
  #health: PositionHealth | null = null;

  constructor(
    position: ManagedPosition,
    tick: PositionTick,
    rules: PositionRules,
    actions: readonly PositionAction[],
    healthScore: number,
    stop: Decimal,
    trailingActive: boolean,
    trailing: Decimal | null,
    best: Decimal,
    scaleOutsDone: number,
  ) {
    this.actions = actions;
    this.healthScore = healthScore;
    this.stopPriceQuote = stop;
    this.ruleStateChanged =
      stop !== position.stopPriceQuote ||
      trailingActive !== position.trailingActive ||
      trailing !== position.trailingStopPriceQuote ||
      best !== position.bestPriceQuote ||
      scaleOutsDone !== position.scaleOutsDone;
    this.#position = position;
    this.#tick = tick;
    this.#rules = rules;
    this.#trailingActive = trailingActive;
    this.#trailing = trailing;
    this.#best = best;
    this.#scaleOutsDone = scaleOutsDone;
  }

  get next(): ManagedPosition {
    if (this.#next === null) {
      const p = this.#position;
      this.#next =
        !this.ruleStateChanged && this.healthScore === p.healthScore
          ? p
          : withRuleState(p, this.stopPriceQuote, this.#trailingActive, this.#trailing, this.#best, this.#scaleOutsDone, this.healthScore);
    }
    return this.#next;
  }

  get health(): PositionHealth {
    this.#health ??= positionHealthWith(this.#position, this.stopPriceQuote, this.#best, this.#tick, this.#rules.maxHoursWithoutOneR);
    return this.#health;
  }
}
