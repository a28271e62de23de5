import { describe, expect, it } from 'vitest';
import { PositionLocks } from '../../../src/core/positions/position-locks.js';

describe('PositionLocks', () => {
  it('lets one holder work on a position at a time and tells which positions changed after a mark', async () => {
    const locks = new PositionLocks();
    const read = locks.epoch;
    expect(locks.tryAcquire(1)).toBe(true);
    expect(locks.tryAcquire(1)).toBe(false);
    expect(locks.tryAcquire(2)).toBe(true);
    locks.release(1);
    expect(locks.changedSince(1, read)).toBe(false);
    const result = await locks.withLock(1, async () => ({ value: 'closed', changed: true }));
    expect(result).toEqual({ kind: 'done', value: 'closed' });
    expect(locks.changedSince(1, read)).toBe(true);
    expect(locks.changedSince(1, locks.epoch)).toBe(false);
    expect(await locks.withLock(2, async () => ({ value: 'x', changed: false }))).toEqual({ kind: 'busy' });
  });

  it('a holder that throws releases the lock and counts as a change (it may have written part)', async () => {
    const locks = new PositionLocks();
    const read = locks.epoch;
    await expect(locks.withLock(5, async () => { throw new Error('exchange down'); })).rejects.toThrow('exchange down');
    expect(locks.isHeld(5)).toBe(false);
    expect(locks.changedSince(5, read)).toBe(true);
  });

  it('forgets changes up to a finished reader\'s mark, and keeps the ones made after it', () => {
    const locks = new PositionLocks();
    locks.tryAcquire(1);
    locks.release(1, true);
    const read = locks.epoch; // a monitor tick reads here
    locks.tryAcquire(2);
    locks.release(2, true); // a chat action during the tick
    locks.forgetChangesUpTo(read); // the tick ends
    expect(locks.changedSince(1, 0)).toBe(false); // forgotten: no later reader's mark is that old
    expect(locks.changedSince(2, read)).toBe(true); // the next tick reads a newer mark, but this one is kept until then
  });
});
