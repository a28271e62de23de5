import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../../../../src/core/adapters/exchange-paper/replay-clock.js';

/** A real clock the test moves by hand. */
function manualRealClock(startMs = 1_000_000) {
  let ms = startMs;
  return { now: () => new Date(ms), move: (delta: number) => { ms += delta; } };
}

const startAt = new Date('2025-10-01T00:00:00Z');

describe('ReplayClock', () => {
  it('starts at startAt and runs at `speed` simulated ms per real ms', () => {
    const real = manualRealClock();
    const clock = new ReplayClock({ startAt, speed: 60, realClock: real });
    expect(clock.now().toISOString()).toBe('2025-10-01T00:00:00.000Z');
    real.move(1000);
    expect(clock.now().toISOString()).toBe('2025-10-01T00:01:00.000Z');
    real.move(59_000);
    expect(clock.now().toISOString()).toBe('2025-10-01T01:00:00.000Z');
  });

  it('adds manual advances on top of elapsed time', () => {
    const real = manualRealClock();
    const clock = new ReplayClock({ startAt, speed: 2, realClock: real });
    real.move(500);
    clock.advance(300_000);
    expect(clock.now().getTime()).toBe(startAt.getTime() + 1000 + 300_000);
    real.move(500);
    expect(clock.now().getTime()).toBe(startAt.getTime() + 2000 + 300_000);
  });

  it('stands still at speed 0 until advanced', () => {
    const real = manualRealClock();
    const clock = new ReplayClock({ startAt, speed: 0, realClock: real });
    real.move(3_600_000);
    expect(clock.now().getTime()).toBe(startAt.getTime());
    clock.advance(5 * 60_000);
    expect(clock.now().toISOString()).toBe('2025-10-01T00:05:00.000Z');
  });

  it('changes speed without a jump in simulated time', () => {
    const real = manualRealClock();
    const clock = new ReplayClock({ startAt, speed: 10, realClock: real });
    real.move(1000);
    clock.setSpeed(100);
    expect(clock.now().getTime()).toBe(startAt.getTime() + 10_000);
    real.move(1000);
    expect(clock.now().getTime()).toBe(startAt.getTime() + 110_000);
  });

  it('stops at endAt instead of wrapping, and says it has finished', () => {
    const real = manualRealClock();
    const endAt = new Date(startAt.getTime() + 60_000);
    const clock = new ReplayClock({ startAt, endAt, speed: 1, realClock: real });
    expect(clock.isFinished()).toBe(false);
    real.move(59_999);
    expect(clock.isFinished()).toBe(false);
    real.move(10_000_000);
    expect(clock.now().getTime()).toBe(endAt.getTime());
    clock.advance(1_000_000);
    expect(clock.now().getTime()).toBe(endAt.getTime());
    expect(clock.isFinished()).toBe(true);
  });

  it('never runs backwards when the real clock steps back', () => {
    const real = manualRealClock();
    const clock = new ReplayClock({ startAt, speed: 1, realClock: real });
    real.move(5000);
    clock.advance(0);
    real.move(-4000);
    expect(clock.now().getTime()).toBe(startAt.getTime() + 5000);
  });

  it('refuses a negative advance, a negative speed and an end before the start', () => {
    const clock = new ReplayClock({ startAt, speed: 0, realClock: manualRealClock() });
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.setSpeed(-1)).toThrow(RangeError);
    expect(() => new ReplayClock({ startAt, endAt: new Date(startAt.getTime() - 1) })).toThrow(RangeError);
  });
});
