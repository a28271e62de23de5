import type { Logger } from '../ports.js';
import { loadPositionMarket, type PositionMarketDeps } from './load-position-market.js';
import type { PositionLocks } from './position-locks.js';
import type { PositionRecord } from './position-record.js';
import type { ProtectiveStops, StopSyncOutcome } from './sync-protective-stop.js';

export interface ProtectNewPositionDeps extends PositionMarketDeps {
  readonly locks: PositionLocks;
  readonly protectiveStops: ProtectiveStops;
  readonly log: Logger;
}

/**
 * Rests the protective stop of a position the moment it opens, instead of on the monitor's next
 * tick: a crash in between would otherwise leave a fresh position with no stop at the venue.
 * Best effort and never throws: whatever fails here (busy lock, venue error) the monitor places
 * the stop on its next tick, and meanwhile enforces it itself.
 */
export function makeProtectNewPosition(deps: ProtectNewPositionDeps) {
  return async function protectNewPosition(position: PositionRecord): Promise<StopSyncOutcome['kind'] | 'left_to_monitor'> {
    const log = deps.log.child({ positionId: position.id, symbol: position.symbol });
    try {
      const held = await deps.locks.withLock(position.id, async () => {
        const loaded = await loadPositionMarket(deps, position);
        if (!loaded.ok) return { value: 'left_to_monitor' as const, changed: false };
        const synced = await deps.protectiveStops.sync({ record: position, exchange: loaded.value.exchange, market: loaded.value.market });
        if (synced.kind === 'failed') log.warn({ reason: synced.failure.failure, message: synced.failure.message }, 'stop order not placed at entry: the monitor retries');
        return { value: synced.kind, changed: synced.kind !== 'unsupported' && synced.kind !== 'in_place' };
      });
      return held.kind === 'done' ? held.value : 'left_to_monitor';
    } catch (error) {
      log.error({ err: error }, 'stop order at entry failed: the monitor places it');
      return 'left_to_monitor';
    }
  };
}
