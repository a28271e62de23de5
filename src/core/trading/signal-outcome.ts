import type { Decimal } from '../money.js';
import type { ExecutionFill, ExecutionRefusalReason } from '../execution/executor-types.js';
import type { PositionRecord } from '../positions/position-record.js';
import type { TradeParseError } from '../signals/parsed-signal.js';
import type { DecisionSnapshot } from './decision-snapshot.js';
import type { PriceDrift } from './price-signal-at-market.js';
import type { ApprovedSize, ScaledQtyProblem } from './scale-approved-qty.js';
import type { SignalRecord } from './signal-record.js';

/** What moved between the decision the user saw (or the signal) and the one executed. */
export interface Repricing {
  readonly drift: PriceDrift;
  /** The quantity decided before (null when there was no earlier size). */
  readonly fromQtyBase: Decimal | null;
  /** The quantity decided now (null when the trade was refused). */
  readonly toQtyBase: Decimal | null;
}

/** How an entry ended. */
export type EntryOutcome =
  | {
      readonly kind: 'executed';
      readonly signal: SignalRecord;
      readonly snapshot: DecisionSnapshot;
      readonly position: PositionRecord;
      readonly fill: ExecutionFill;
      /** Part of the quantity did not fill (the position holds what did). */
      readonly isPartial: boolean;
      readonly size: ApprovedSize;
      readonly repricing: Repricing | null;
      /** Executed by auto-trading, without asking. */
      readonly byAutoTrade: boolean;
    }
  | {
      readonly kind: 'not_executed';
      readonly signal: SignalRecord;
      readonly snapshot: DecisionSnapshot;
      readonly reason: ExecutionRefusalReason;
      readonly message: string;
      readonly repricing: Repricing | null;
      readonly byAutoTrade: boolean;
    }
  /** The venue's answer was lost: the order may exist; the restart reconciler settles it. */
  | { readonly kind: 'unknown'; readonly signal: SignalRecord; readonly snapshot: DecisionSnapshot; readonly clientOrderId: string; readonly message: string; readonly byAutoTrade: boolean };

/** Every result of processing, approving, rejecting or expiring a signal. */
export type SignalOutcome =
  | EntryOutcome
  | {
      readonly kind: 'rejected';
      readonly signal: SignalRecord;
      /** Failed check codes (comma-separated), a TradeParseError code, USER_REJECTED, NO_WALLET, UNKNOWN_SYMBOL. */
      readonly reason: string;
      readonly snapshot: DecisionSnapshot | null;
      /** Set when re-pricing made the levels invalid. */
      readonly problem: TradeParseError | null;
      readonly repricing: Repricing | null;
    }
  | { readonly kind: 'proposed'; readonly signal: SignalRecord; readonly snapshot: DecisionSnapshot; readonly expiresAt: Date; readonly expiresInSeconds: number }
  /** Half the size is below the market minimum: nothing traded, the proposal is open again. */
  | { readonly kind: 'half_below_min'; readonly signal: SignalRecord; readonly snapshot: DecisionSnapshot; readonly problem: ScaledQtyProblem }
  | { readonly kind: 'expired'; readonly signal: SignalRecord }
  /** Someone (a second tap, the expiry job, auto-trading) handled it first; nothing was done. */
  | { readonly kind: 'already_handled'; readonly signal: SignalRecord }
  /** The same idempotency key was seen before; nothing new was stored or done. */
  | { readonly kind: 'duplicate'; readonly signal: SignalRecord }
  | { readonly kind: 'not_found'; readonly signalId: number }
  /** Deciding or executing failed on an outage (logged); a sent order is settled by the reconciler. */
  | { readonly kind: 'failed'; readonly signal: SignalRecord };
