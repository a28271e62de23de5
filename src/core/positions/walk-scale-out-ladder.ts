import { Decimal, floorToStep, ONE, roundToTick, ZERO } from '../money.js';
import type { MarketRules } from '../ports.js';
import { FULL_EXIT_TOLERANCE, type PositionRules } from './build-position-rules.js';
import { compareDecimals, compareWithDoubles, toApproxNumber } from './compare-decimals.js';
import type { ManagedPosition } from './managed-position.js';
import type { PositionAction } from './position-action.js';
import type { TickRange } from './read-tick-range.js';

/** Where the ladder left the position after a tick that reached at least one level. */
export interface LadderOutcome {
  /** Levels passed so far (executed or skipped). */
  readonly scaleOutsDone: number;
  /** Quantity still open after this tick's scale-outs; null once a CLOSE FINAL_TARGET was emitted. */
  readonly openQtyBase: Decimal | null;
  /** The ladder's actions, in order (never empty); evaluatePosition appends the later steps' actions to it. */
  readonly actions: PositionAction[];
}

// Prices are compared first as doubles; a level is worked out in Decimal only when the favourable
// extreme is within this relative distance of it or beyond (far more than the doubles' error).
const GUARD = 1e-9;

/**
 * Scale-out step of evaluatePosition: from `scaleOutsDone`, every level entry ± levelR × R
 * (R = |entry − initialStop| per unit; the price rounded to the tick away from the entry) that the
 * tick's favourable extreme reaches is passed.
 * A level sells down to the ladder's remaining share of `initialQtyBase`, floored to the amount
 * step: whatever an earlier level skipped is included, so minimums and rounding never strand
 * quantity. Below minQty or minNotional the level is skipped (SCALE_OUT_SKIPPED). The last level
 * of a ladder whose fractions sum to 1 closes what is left (CLOSE FINAL_TARGET); with scale-out
 * disabled, reaching the last level closes everything.
 * Returns null when the tick reached no level (the common case, kept free of allocation and of
 * Decimal arithmetic).
 */
export function walkScaleOutLadder(position: ManagedPosition, rules: PositionRules, market: MarketRules, range: TickRange): LadderOutcome | null {
  const dir = position.side === 'long' ? 1 : -1;
  // Doubles for the cheap reach test, worked out here rather than passed in: V8 boxes doubles
  // passed to a call it does not inline, and this runs for every position on every tick.
  const entryNum = toApproxNumber(position.entryPriceQuote);
  const riskNum = Math.abs(entryNum - toApproxNumber(position.initialStopPriceQuote));
  const levels = rules.scaleOutLevelsR;
  const favourable = dir === 1 ? range.high : range.low;
  const favourableNum = dir === 1 ? range.highNum : range.lowNum;
  let passed = rules.enableScaleOut ? position.scaleOutsDone : levels.length - 1;
  let open = position.qtyBase;
  if (passed >= levels.length || !nearOrBeyond(dir, favourableNum, entryNum, riskNum, levels[passed]!)) return null;
  const riskPerUnit = position.entryPriceQuote.minus(position.initialStopPriceQuote).abs();

  if (!rules.enableScaleOut) {
    const final = levelPrice(dir, position, riskPerUnit, levels[passed]!, market.priceTick);
    if (dir * compareDecimals(favourable, final) < 0) return null;
    return { scaleOutsDone: position.scaleOutsDone, openQtyBase: null, actions: [{ kind: 'CLOSE', reason: 'FINAL_TARGET', qtyBase: open, priceQuote: fillAt(final, range) }] };
  }

  const actions: PositionAction[] = [];
  let cumulative = ZERO;
  for (let k = 0; k < passed; k++) cumulative = cumulative.plus(rules.scaleOutFractions[k]!);
  while (passed < levels.length) {
    const levelR = levels[passed]!;
    const price = levelPrice(dir, position, riskPerUnit, levelR, market.priceTick);
    if (dir * compareDecimals(favourable, price) < 0) break;
    cumulative = cumulative.plus(rules.scaleOutFractions[passed]!);
    passed++;
    const fill = fillAt(price, range);
    if (passed === levels.length && cumulative.gte(ONE.minus(FULL_EXIT_TOLERANCE))) {
      actions.push({ kind: 'CLOSE', reason: 'FINAL_TARGET', qtyBase: open, priceQuote: fill });
      return { scaleOutsDone: passed, openQtyBase: null, actions };
    }
    // 40-digit thirds leave noise in the last digits (1 − 2/3 is 0.33…34): rounding it away first
    // keeps the floor below from dropping a whole amount step.
    const keep = position.initialQtyBase.mul(ONE.minus(cumulative)).toSignificantDigits(30);
    let qty = open.gt(keep) ? floorToStep(open.minus(keep), market.amountStep) : ZERO;
    if (qty.gt(open)) qty = open;
    if (qty.isZero() || qty.lt(market.minQty)) {
      actions.push({ kind: 'SCALE_OUT_SKIPPED', level: passed, levelR, qtyBase: qty, reason: 'QTY_BELOW_MIN' });
    } else if (qty.mul(fill).lt(market.minNotional)) {
      actions.push({ kind: 'SCALE_OUT_SKIPPED', level: passed, levelR, qtyBase: qty, reason: 'NOTIONAL_BELOW_MIN' });
    } else {
      actions.push({ kind: 'SCALE_OUT', level: passed, levelR, qtyBase: qty, priceQuote: fill });
      open = open.minus(qty);
    }
    if (passed < levels.length && !nearOrBeyond(dir, favourableNum, entryNum, riskNum, levels[passed]!)) break;
  }
  if (actions.length === 0) return null;
  return { scaleOutsDone: passed, openQtyBase: open, actions };
}

/** Level price in Decimal: entry ± levelR × R, rounded to the tick away from the entry (never nearer than its nominal R). */
function levelPrice(dir: number, position: ManagedPosition, riskPerUnit: Decimal, levelR: Decimal, priceTick: Decimal): Decimal {
  const distance = riskPerUnit.mul(levelR);
  const exact = dir === 1 ? position.entryPriceQuote.plus(distance) : position.entryPriceQuote.minus(distance);
  return roundToTick(exact, priceTick, dir === 1 ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
}

/** Cheap double test: false only when `price` is certainly short of the level (so the Decimal level need not be built). */
function nearOrBeyond(dir: number, price: number, entryNum: number, riskNum: number, levelR: Decimal): boolean {
  const nominal = entryNum + dir * riskNum * toApproxNumber(levelR);
  return dir * (price - nominal) >= -Math.abs(nominal) * GUARD;
}

/** The level when the tick traded through it, else the mark (the tick gapped past it). */
export function fillAt(level: Decimal, range: TickRange): Decimal {
  const x = toApproxNumber(level);
  return compareWithDoubles(level, x, range.low, range.lowNum) >= 0 && compareWithDoubles(level, x, range.high, range.highNum) <= 0 ? level : range.mark;
}
