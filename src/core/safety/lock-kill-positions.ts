import type { PositionRecord } from '../positions/position-record.js';
import type { KillSwitchDeps } from './kill-switch-types.js';

export interface LockedPositions {
  /** Fresh records of the positions now held (read after locking: a stop may have changed them meanwhile). */
  readonly held: PositionRecord[];
  /** Positions another action kept working on past the wait. */
  readonly busy: PositionRecord[];
  /** Releases every lock taken, marking the positions changed. */
  release(): void;
}

/**
 * Takes the shared per-position lock of each position, waiting up to `waitMs` for one that a stop
 * or a chat close is working on, then reads the user's open positions again so the kill works on
 * their state after that action. Without `deps.locks` every position counts as held.
 */
export async function lockKillPositions(
  deps: Pick<KillSwitchDeps, 'locks' | 'positions' | 'sleep' | 'elapsedMs'>,
  userId: number,
  positions: readonly PositionRecord[],
  waitMs: number,
): Promise<LockedPositions> {
  const locks = deps.locks;
  if (!locks) return { held: [...positions], busy: [], release: () => undefined };
  const taken = new Set<number>();
  const deadline = deps.elapsedMs() + waitMs;
  let waiting = positions.map((p) => p.id);
  for (;;) {
    waiting = waiting.filter((id) => {
      if (!locks.tryAcquire(id)) return true;
      taken.add(id);
      return false;
    });
    if (waiting.length === 0 || deps.elapsedMs() >= deadline) break;
    await deps.sleep(50);
  }
  const fresh = new Map((await deps.positions.listOpen(userId)).map((p) => [p.id, p]));
  return {
    // A position closed by the action we waited for is gone from the list: nothing left to do.
    held: [...taken].flatMap((id) => fresh.get(id) ?? []),
    busy: positions.filter((p) => !taken.has(p.id)),
    release: () => {
      for (const id of taken) locks.release(id, true);
    },
  };
}
