import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { evaluatePosition, InvalidPositionError } from '../../../src/core/positions/evaluate-position.js';
import { btcMarket, position, rules, tick, tradeActions } from './position-builders.js';

const market = btcMarket();
const noTrail = rules({ enableTrailingStop: false });

describe('evaluatePosition: stop hit', () => {
  it('closes a long when the tick low wicks through the stop, at the stop price', () => {
    const e = evaluatePosition(position('long'), tick(95, { low: '89.5', high: 96 }), rules(), market);
    expect(tradeActions(e.actions)).toEqual(['CLOSE STOP_HIT 0.3 @90']);
  });

  it('closes a short when the tick high wicks through the stop, at the stop price', () => {
    const e = evaluatePosition(position('short'), tick(105, { high: '110.5', low: 104 }), rules(), market);
    expect(tradeActions(e.actions)).toEqual(['CLOSE STOP_HIT 0.3 @110']);
  });

  it('counts a touch of the stop as a hit', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick(95, { low: 90 }), rules(), market).actions)).toEqual(['CLOSE STOP_HIT 0.3 @90']);
    expect(tradeActions(evaluatePosition(position('short'), tick(105, { high: 110 }), rules(), market).actions)).toEqual(['CLOSE STOP_HIT 0.3 @110']);
  });

  it('prices a gap through the stop at the mark, since the stop price never traded', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick(85, { high: 88, low: 84 }), rules(), market).actions)).toEqual(['CLOSE STOP_HIT 0.3 @85']);
    expect(tradeActions(evaluatePosition(position('short'), tick(115, { high: 116, low: 112 }), rules(), market).actions)).toEqual(['CLOSE STOP_HIT 0.3 @115']);
  });

  it('uses the mark alone when the tick carries no high and low', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick('90.5'), rules(), market).actions)).toEqual([]);
    expect(tradeActions(evaluatePosition(position('long'), tick(90), rules(), market).actions)).toEqual(['CLOSE STOP_HIT 0.3 @90']);
  });

  it('checks the stop before anything else in the tick: a wick to both sides is read adverse first', () => {
    // The long's high reaches 2R but the low hit the stop: it is stopped, not scaled out.
    const e = evaluatePosition(position('long'), tick(100, { high: 125, low: 89 }), rules(), market);
    expect(tradeActions(e.actions)).toEqual(['CLOSE STOP_HIT 0.3 @90']);
    expect(e.next.scaleOutsDone).toBe(0);
  });
});

describe('evaluatePosition: trailing stop', () => {
  it('does nothing and only records the best price while a long is below the activation level', () => {
    const e = evaluatePosition(position('long'), tick(101, { high: '101.99' }), rules(), market);
    expect(e.actions.filter((a) => a.kind !== 'HEALTH_DEGRADED')).toEqual([]);
    expect(e.next.bestPriceQuote.toString()).toBe('101.99');
    expect(e.next.trailingActive).toBe(false);
    expect(e.next.stopPriceQuote.toString()).toBe('90');
  });

  it('activates a long at +2 % and trails 1.5 % below the best price, floored to the tick', () => {
    const e = evaluatePosition(position('long'), tick('102.5', { high: 103, low: 102 }), rules(), market);
    // 103 × 0.985 = 101.455 -> 101.45
    expect(tradeActions(e.actions)).toEqual(['MOVE_STOP TRAILING 90 -> 101.45']);
    expect(e.next.trailingActive).toBe(true);
    expect(e.next.trailingStopPriceQuote?.toString()).toBe('101.45');
    expect(e.next.stopPriceQuote.toString()).toBe('101.45');
  });

  it('activates a short at −2 % and trails 1.5 % above the best price, ceiled to the tick', () => {
    const e = evaluatePosition(position('short'), tick('97.5', { high: 98, low: 97 }), rules(), market);
    // 97 × 1.015 = 98.455 -> 98.46
    expect(tradeActions(e.actions)).toEqual(['MOVE_STOP TRAILING 110 -> 98.46']);
    expect(e.next.trailingActive).toBe(true);
  });

  it('activates exactly at the activation level', () => {
    expect(evaluatePosition(position('long'), tick(102), rules(), market).next.trailingActive).toBe(true);
    expect(evaluatePosition(position('short'), tick(98), rules(), market).next.trailingActive).toBe(true);
    expect(evaluatePosition(position('long'), tick('101.99'), rules(), market).next.trailingActive).toBe(false);
  });

  it('follows new highs of a long and never loosens when the price falls back', () => {
    let p = evaluatePosition(position('long'), tick(103, { hours: 1 }), rules(), market).next;
    p = evaluatePosition(p, tick(106, { hours: 2 }), rules(), market).next;
    expect(p.stopPriceQuote.toString()).toBe('104.41'); // 106 × 0.985
    const back = evaluatePosition(p, tick('104.6', { low: '104.5', hours: 3 }), rules(), market);
    expect(tradeActions(back.actions)).toEqual([]);
    expect(back.next.stopPriceQuote.toString()).toBe('104.41');
    expect(tradeActions(evaluatePosition(back.next, tick(105, { low: '104.41', hours: 4 }), rules(), market).actions)).toEqual([
      'CLOSE STOP_HIT 0.3 @104.41',
    ]);
  });

  it('follows new lows of a short and never loosens when the price rises back', () => {
    let p = evaluatePosition(position('short'), tick(97, { hours: 1 }), rules(), market).next;
    p = evaluatePosition(p, tick(94, { hours: 2 }), rules(), market).next;
    expect(p.stopPriceQuote.toString()).toBe('95.41'); // 94 × 1.015
    const back = evaluatePosition(p, tick('95.3', { high: '95.4', hours: 3 }), rules(), market);
    expect(tradeActions(back.actions)).toEqual([]);
    expect(back.next.stopPriceQuote.toString()).toBe('95.41');
    expect(tradeActions(evaluatePosition(back.next, tick(95, { high: '95.41', hours: 4 }), rules(), market).actions)).toEqual([
      'CLOSE STOP_HIT 0.3 @95.41',
    ]);
  });

  it('never moves the stop back when the trailing level is looser than the stop in force', () => {
    const tight = position('long', { stopPriceQuote: dec(102) });
    const e = evaluatePosition(tight, tick(103), rules(), market);
    expect(e.next.trailingStopPriceQuote?.toString()).toBe('101.45');
    expect(e.next.stopPriceQuote.toString()).toBe('102');
    expect(tradeActions(e.actions)).toEqual([]);
  });

  it('closes at the new stop when the mark is already past it: the price crossed it after the new best', () => {
    const e = evaluatePosition(position('long'), tick('100.5', { high: 104, low: '100.4' }), rules(), market);
    // 104 × 0.985 = 102.44
    expect(tradeActions(e.actions)).toEqual(['MOVE_STOP TRAILING 90 -> 102.44', 'CLOSE STOP_HIT 0.3 @102.44']);
    const s = evaluatePosition(position('short'), tick('99.5', { high: '99.6', low: 96 }), rules(), market);
    // 96 × 1.015 = 97.44
    expect(tradeActions(s.actions)).toEqual(['MOVE_STOP TRAILING 110 -> 97.44', 'CLOSE STOP_HIT 0.3 @97.44']);
  });

  it('stays off when the trailing stop is disabled', () => {
    const e = evaluatePosition(position('long'), tick(105), noTrail, market);
    expect(tradeActions(e.actions)).toEqual([]);
    expect(e.next.trailingActive).toBe(false);
  });
});

describe('evaluatePosition: scale-outs and break-even', () => {
  it('sells a third of a long at 1R and moves the stop to break-even (entry plus both fees, ceiled)', () => {
    const e = evaluatePosition(position('long'), tick(110, { low: 108 }), noTrail, market);
    // 100 × 1.001 / 0.999 = 100.2002… -> 100.21
    expect(tradeActions(e.actions)).toEqual(['SCALE_OUT 1 0.1 @110', 'MOVE_STOP BREAK_EVEN 90 -> 100.21']);
    expect(e.next.scaleOutsDone).toBe(1);
    expect(e.next.qtyBase.toString()).toBe('0.3'); // quantities move when the fill is applied
  });

  it('sells a third of a short at 1R and moves the stop to break-even (floored)', () => {
    const e = evaluatePosition(position('short'), tick(90, { high: 92 }), noTrail, market);
    // 100 × 0.999 / 1.001 = 99.8002 -> 99.80
    expect(tradeActions(e.actions)).toEqual(['SCALE_OUT 1 0.1 @90', 'MOVE_STOP BREAK_EVEN 110 -> 99.8']);
  });

  it('passes several levels in one tick and closes the rest at the final level', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick('130.5', { high: 131, low: 100 }), noTrail, market).actions)).toEqual([
      'SCALE_OUT 1 0.1 @110',
      'SCALE_OUT 2 0.1 @120',
      'CLOSE FINAL_TARGET 0.1 @130',
    ]);
    expect(tradeActions(evaluatePosition(position('short'), tick('69.5', { low: 69, high: 100 }), noTrail, market).actions)).toEqual([
      'SCALE_OUT 1 0.1 @90',
      'SCALE_OUT 2 0.1 @80',
      'CLOSE FINAL_TARGET 0.1 @70',
    ]);
  });

  it('takes the next level only once the previous ones are done', () => {
    const first = evaluatePosition(position('long'), tick(111), noTrail, market);
    const afterFill = { ...first.next, qtyBase: dec('0.2') };
    expect(tradeActions(evaluatePosition(afterFill, tick(115, { hours: 2 }), noTrail, market).actions)).toEqual([]);
    expect(tradeActions(evaluatePosition(afterFill, tick(120, { hours: 2 }), noTrail, market).actions)).toEqual(['SCALE_OUT 2 0.1 @120']);
  });

  it('prices a gap past a level at the mark', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick(114, { low: 112, high: 115 }), noTrail, market).actions)).toEqual([
      'SCALE_OUT 1 0.1 @114',
      'MOVE_STOP BREAK_EVEN 90 -> 100.21',
    ]);
  });

  it('floors each scale-out to the amount step and lets the last level take the remainder', () => {
    const p = position('long', { qty: '0.05' });
    expect(tradeActions(evaluatePosition(p, tick(131, { low: 100 }), noTrail, btcMarket({ minNotional: dec(1) })).actions)).toEqual([
      'SCALE_OUT 1 0.01666 @110',
      'SCALE_OUT 2 0.01667 @120',
      'CLOSE FINAL_TARGET 0.01667 @130',
    ]);
  });

  it('skips a scale-out below the minimum notional and folds its quantity into the next level', () => {
    // A third of 0.12 at 110 is 4.40 USDT, below the 5 USDT minimum.
    const p = position('long', { qty: '0.12' });
    const first = evaluatePosition(p, tick(110), noTrail, market);
    expect(tradeActions(first.actions)).toEqual(['SCALE_OUT_SKIPPED 1 0.04 NOTIONAL_BELOW_MIN', 'MOVE_STOP BREAK_EVEN 90 -> 100.21']);
    expect(first.next.scaleOutsDone).toBe(1);
    expect(tradeActions(evaluatePosition(first.next, tick(120, { hours: 2 }), noTrail, market).actions)).toEqual(['SCALE_OUT 2 0.08 @120']);
  });

  it('skips a scale-out below the minimum quantity', () => {
    const p = position('long', { qty: '0.00002' });
    expect(tradeActions(evaluatePosition(p, tick(110), noTrail, btcMarket({ minNotional: dec(0) })).actions)).toEqual([
      'SCALE_OUT_SKIPPED 1 0 QTY_BELOW_MIN',
      'MOVE_STOP BREAK_EVEN 90 -> 100.21',
    ]);
  });

  it('keeps a runner when the fractions sum below one: no final close, the stop manages the rest', () => {
    const ladder = rules({ enableTrailingStop: false, scaleOutLevelsR: [dec(1), dec(2)], scaleOutFractions: [dec('0.5'), dec('0.25')] });
    const e = evaluatePosition(position('short'), tick(75, { high: 100 }), ladder, market);
    expect(tradeActions(e.actions)).toEqual(['SCALE_OUT 1 0.15 @90', 'SCALE_OUT 2 0.075 @80', 'MOVE_STOP BREAK_EVEN 110 -> 99.8']);
    expect(e.next.scaleOutsDone).toBe(2);
    expect(tradeActions(evaluatePosition({ ...e.next, qtyBase: dec('0.075') }, tick(60, { hours: 2 }), ladder, market).actions)).toEqual([]);
  });

  it('with scale-out disabled closes the whole position at the last level, without break-even', () => {
    const whole = rules({ enableScaleOut: false, enableTrailingStop: false });
    expect(tradeActions(evaluatePosition(position('long'), tick(125), whole, market).actions)).toEqual([]);
    expect(tradeActions(evaluatePosition(position('long'), tick(130), whole, market).actions)).toEqual(['CLOSE FINAL_TARGET 0.3 @130']);
    expect(tradeActions(evaluatePosition(position('short'), tick(70), whole, market).actions)).toEqual(['CLOSE FINAL_TARGET 0.3 @70']);
  });

  it('does not move the stop to break-even when the stop is already tighter', () => {
    const p = position('long', { stopPriceQuote: dec(105) });
    expect(tradeActions(evaluatePosition(p, tick(110), noTrail, market).actions)).toEqual(['SCALE_OUT 1 0.1 @110']);
  });

  it('does not move the stop to break-even when that rule is off', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick(110), rules({ enableTrailingStop: false, moveStopToBreakEven: false }), market).actions)).toEqual([
      'SCALE_OUT 1 0.1 @110',
    ]);
  });

  it('moves the stop once, to the tighter of break-even and the trailing level', () => {
    const e = evaluatePosition(position('long'), tick(111, { low: 109 }), rules(), market);
    // break-even 100.21, trailing 111 × 0.985 = 109.335 -> 109.33
    expect(tradeActions(e.actions)).toEqual(['SCALE_OUT 1 0.1 @110', 'MOVE_STOP TRAILING 90 -> 109.33']);
  });

  it('rounds levels of a fractional R away from the entry', () => {
    const p = position('long', { entry: 100, stop: '96.67' }); // R = 3.33, 1.5R = 4.995 -> 104.995 -> 105.00
    const half = rules({ enableTrailingStop: false, scaleOutLevelsR: [dec('1.5'), dec(3)], scaleOutFractions: [dec('0.5'), dec('0.5')] });
    expect(tradeActions(evaluatePosition(p, tick('104.99'), half, market).actions)).toEqual([]);
    expect(tradeActions(evaluatePosition(p, tick(105), half, market).actions)[0]).toBe('SCALE_OUT 1 0.15 @105');
  });
});

describe('evaluatePosition: time exits', () => {
  it('closes a long at the mark when 1R was not reached within 48 hours', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick(105, { hours: 47.9 }), noTrail, market).actions)).toEqual([]);
    expect(tradeActions(evaluatePosition(position('long'), tick(105, { hours: 48 }), noTrail, market).actions)).toEqual(['CLOSE TIME_NO_PROGRESS 0.3 @105']);
  });

  it('closes a short at the mark when 1R was not reached within 48 hours', () => {
    expect(tradeActions(evaluatePosition(position('short'), tick(97, { hours: 50 }), noTrail, market).actions)).toEqual(['CLOSE TIME_NO_PROGRESS 0.3 @97']);
  });

  it('keeps a position whose best price reached 1R at some point, even if it is back below', () => {
    const reached = position('long', { bestPriceQuote: dec(110), scaleOutsDone: 1, stopPriceQuote: dec('100.21') });
    expect(tradeActions(evaluatePosition(reached, tick(104, { hours: 60 }), noTrail, market).actions)).toEqual([]);
    const short = position('short', { bestPriceQuote: dec(90), scaleOutsDone: 1, stopPriceQuote: dec('99.8') });
    expect(tradeActions(evaluatePosition(short, tick(96, { hours: 60 }), noTrail, market).actions)).toEqual([]);
  });

  it('counts a tick that reaches 1R at the deadline as progress', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick(109, { high: 110, hours: 48 }), noTrail, market).actions)).toEqual([
      'SCALE_OUT 1 0.1 @110',
      'MOVE_STOP BREAK_EVEN 90 -> 100.21',
    ]);
  });

  it('honours a configured holding time', () => {
    expect(tradeActions(evaluatePosition(position('long'), tick(105, { hours: 12 }), rules({ enableTrailingStop: false, maxHoursWithoutOneR: 12 }), market).actions)).toEqual([
      'CLOSE TIME_NO_PROGRESS 0.3 @105',
    ]);
  });

  it('closes any position at its maximum age, winners included', () => {
    const winner = position('long', { bestPriceQuote: dec(125), scaleOutsDone: 2, qty: '0.1', initialQtyBase: dec('0.3'), stopPriceQuote: dec('100.21') });
    expect(tradeActions(evaluatePosition(winner, tick(124, { hours: 7 * 24 - 1 }), noTrail, market).actions)).toEqual([]);
    expect(tradeActions(evaluatePosition(winner, tick(124, { hours: 7 * 24 }), noTrail, market).actions)).toEqual(['CLOSE MAX_AGE 0.1 @124']);
    expect(tradeActions(evaluatePosition(position('short'), tick(99, { hours: 200 }), noTrail, market).actions)).toEqual(['CLOSE MAX_AGE 0.3 @99']);
  });
});

describe('evaluatePosition: health and bookkeeping', () => {
  it('reports HEALTH_DEGRADED once, on the crossing below the threshold', () => {
    // Close to the stop, losing, late: every part is poor.
    const weak = tick(91, { hours: 40, atr: 3, baselineAtr: 1 });
    const first = evaluatePosition(position('long', { healthScore: 70 }), weak, rules(), market);
    expect(first.health.score).toBeLessThan(40);
    expect(first.actions).toEqual([{ kind: 'HEALTH_DEGRADED', score: first.health.score, threshold: 40 }]);
    expect(first.next.healthScore).toBe(first.health.score);
    expect(evaluatePosition(first.next, weak, rules(), market).actions).toEqual([]);
  });

  it('does not report HEALTH_DEGRADED for a position it closes', () => {
    const e = evaluatePosition(position('long', { healthScore: 70 }), tick(89, { hours: 40 }), rules(), market);
    expect(e.actions.map((a) => a.kind)).toEqual(['CLOSE']);
  });

  it('returns the same position object when nothing changed (cheap persistence check)', () => {
    const p = position('long', { healthScore: null });
    const once = evaluatePosition(p, tick(99), rules(), market).next;
    expect(evaluatePosition(once, tick(99), rules(), market).next).toBe(once);
  });

  it('does nothing for a position with no open quantity', () => {
    expect(evaluatePosition(position('long', { qty: 0 }), tick(80), rules(), market).actions).toEqual([]);
  });

  it('refuses a position whose initial stop is not on the loss side of the entry', () => {
    expect(() => evaluatePosition(position('long', { stop: 100 }), tick(100), rules(), market)).toThrow(InvalidPositionError);
    expect(() => evaluatePosition(position('short', { stop: 95 }), tick(100), rules(), market)).toThrow(InvalidPositionError);
  });

  it('is deterministic: the same inputs give equal outputs', () => {
    const p = position('short');
    const t = tick(93, { low: 92, high: 95, hours: 5 });
    const a = evaluatePosition(p, t, rules(), market);
    const b = evaluatePosition(p, t, rules(), market);
    expect(a).toEqual(b);
    // next and health are built when read (not own fields), so compared on their own.
    expect(a.next).toEqual(b.next);
    expect(a.health).toEqual(b.health);
  });
});
