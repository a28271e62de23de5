import type { Decimal } from '../money.js';
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

/** A stored order of a position, as much of it as settling an exit needs. */
export interface PositionOrderFill {
  /** Order row id (OrderRecord.id). */
  readonly id: number;
  readonly clientOrderId: string;
  readonly purpose: string;
  /** The order's type (see AnyOrderType); resting protective stops are `stop_market` / `stop_limit`. Absent: not known. */
  readonly type?: string;
  /** The order's status (see OrderStatus): intent, sent, unknown and open are not final. */
  readonly status: string;
  readonly filledQtyBase: Decimal;
  /** Average fill price, quote per unit; null when nothing filled. */
  readonly avgFillPrice: Decimal | null;
  readonly feeQuote: Decimal;
  readonly createdAt: Date;
}

/** What the position monitor needs beyond PositionRepository (implemented by PrismaPositionRepository). */
export interface ManagedPositionStore extends PositionRepository {
  /** Applies many patches in one transaction (one commit instead of one per row); returns nothing. */
  updateMany(updates: readonly { readonly positionId: number; readonly patch: PositionPatch }[]): Promise<void>;
  /** The position's orders created at or after `since`, oldest first: how a pending exit is settled. */
  ordersSince(positionId: number, since: Date): Promise<PositionOrderFill[]>;
}
