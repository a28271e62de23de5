import type { Decimal } from '../money.js';
import type { PositionSide } from '../risk/trade-intent.js';
import type { SignalLevels, SignalPrices } from '../signals/parsed-signal.js';
import type { DecisionSnapshot } from './decision-snapshot.js';

/** Where a signal came from. */
export type SignalSource = 'chat' | 'webhook' | 'strategy';

/**
 * Life of a signal. `new` is stored but not yet decided; `proposed` waits for the user until
 * `expiresAt`; `approved` is claimed for execution (by the user or by auto-trading); `executed`
 * opened a position; `rejected` by the risk gate, the venue or the user; `expired` unanswered.
 * Only new -> proposed | approved | rejected | expired, proposed -> approved | rejected | expired
 * and approved -> executed | rejected (| proposed when a half size is below the minimum) happen.
 */
export type SignalStatus = 'new' | 'proposed' | 'approved' | 'executed' | 'rejected' | 'expired';

/** A stored signal, as the engine reads it. Prices are quote units; confidence a ratio 0..1. */
export interface SignalRecord {
  readonly id: number;
  readonly userId: number;
  /** The wallet it was decided for (set when it is decided), null before. */
  readonly walletId: number | null;
  readonly source: SignalSource;
  readonly idempotencyKey: string | null;
  readonly symbol: string;
  readonly side: PositionSide;
  /** The levels as written: offsets stay offsets, so a re-price recomputes them. */
  readonly levels: SignalLevels;
  /** The levels resolved when the signal arrived (a market entry at the reference price of that moment). */
  readonly prices: SignalPrices;
  /** Null when the source gave none (the user's minimum applies, and auto-trading never acts on it). */
  readonly confidence: Decimal | null;
  readonly status: SignalStatus;
  /** Machine-readable reason of the last status change, e.g. RR_BELOW_MIN, USER_REJECTED, FILLED. */
  readonly statusReason: string | null;
  /** The latest risk decision, as shown to the user. */
  readonly decision: DecisionSnapshot | null;
  readonly note: string | null;
  /** Where the proposal was shown (transport-specific), for editing it on expiry. */
  readonly noticeRef: string | null;
  /** A new signal must be decided, a proposal approved, before this instant. */
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
}

export interface NewSignal {
  readonly userId: number;
  readonly walletId: number | null;
  readonly source: SignalSource;
  /** Unique per user when set: a second signal with the same key is a duplicate and is not stored. */
  readonly idempotencyKey: string | null;
  readonly symbol: string;
  readonly side: PositionSide;
  readonly levels: SignalLevels;
  readonly prices: SignalPrices;
  readonly confidence: Decimal | null;
  readonly note: string | null;
  readonly receivedAt: Date;
  readonly expiresAt: Date;
}

/** Fields written together with a status change; absent fields keep their value. */
export interface SignalPatch {
  readonly statusReason?: string | null;
  readonly decision?: DecisionSnapshot | null;
  readonly expiresAt?: Date | null;
  readonly walletId?: number | null;
}
