/**
 * In-process exclusion between the position monitor and chat actions (close, break-even) on the
 * same position: only one of them works on a position at a time, and the monitor can tell that a
 * chat action changed a position after it was read (changedSince), so it never writes back state
 * computed from a stale copy (a trailing stop must not overwrite a newer break-even).
 * One instance per process, created with the use cases and shared; nothing here survives a
 * restart, and nothing needs to: an exit in flight is recorded in the database (pendingExit).
 */
export class PositionLocks {
  readonly #held = new Set<number>();
  /** Position id → the epoch of its last reported change. */
  readonly #changedAt = new Map<number, number>();
  #epoch = 0;

  /** A mark to compare against later with changedSince (e.g. taken when positions are read). */
  get epoch(): number {
    return this.#epoch;
  }

  /** Takes the position's lock; false when someone already holds it (the caller backs off). */
  tryAcquire(positionId: number): boolean {
    if (this.#held.has(positionId)) return false;
    this.#held.add(positionId);
    return true;
  }

  /** Releases the lock; `changed` records that the holder wrote the position. */
  release(positionId: number, changed = false): void {
    this.#held.delete(positionId);
    if (changed) this.#changedAt.set(positionId, ++this.#epoch);
  }

  isHeld(positionId: number): boolean {
    return this.#held.has(positionId);
  }

  /**
   * Forgets changes reported at or before `epoch`: once the reader that took that mark is done,
   * no later reader (whose mark is newer) can ask about them. Keeps the map as small as the
   * positions changed during one monitor tick instead of every position ever written.
   */
  forgetChangesUpTo(epoch: number): void {
    for (const [positionId, changedAt] of this.#changedAt) if (changedAt <= epoch) this.#changedAt.delete(positionId);
  }

  /** Whether a holder reported a change of the position after `epoch` was read. */
  changedSince(positionId: number, epoch: number): boolean {
    return (this.#changedAt.get(positionId) ?? 0) > epoch;
  }

  /**
   * Runs `work` holding the lock; resolves to `{ kind: 'busy' }` without running it when the lock is held.
   * `work` returns whether it changed the position.
   */
  async withLock<T>(positionId: number, work: () => Promise<{ value: T; changed: boolean }>): Promise<{ kind: 'done'; value: T } | { kind: 'busy' }> {
    if (!this.tryAcquire(positionId)) return { kind: 'busy' };
    // A holder that threw may have written part of its change: assume it did.
    let changed = true;
    try {
      const result = await work();
      changed = result.changed;
      return { kind: 'done', value: result.value };
    } finally {
      this.release(positionId, changed);
    }
  }
}
