import type { ClosedTradeOutcome } from '../risk/summarize-trade-history.js';
import type { NewPosition, PositionPatch, PositionRecord } from './position-record.js';

/** Storage of positions (implemented by PrismaPositionRepository). */
export interface PositionRepository {
  create(position: NewPosition): Promise<PositionRecord>;
  /** The position if it belongs to the user, else null: users only ever see their own. */
  findForUser(userId: number, positionId: number): Promise<PositionRecord | null>;
  /** Open and closing positions of one user, oldest first. */
  listOpen(userId: number): Promise<PositionRecord[]>;
  /** Every open and closing position of every user (the monitor's work list). */
  listAllOpen(): Promise<PositionRecord[]>;
  update(positionId: number, patch: PositionPatch): Promise<PositionRecord>;
  /** Closed trades since an instant (null: all), for loss streaks and Kelly's history. */
  listClosedOutcomes(userId: number, since: Date | null): Promise<ClosedTradeOutcome[]>;
}
