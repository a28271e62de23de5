import type { NewSignal, SignalPatch, SignalRecord, SignalStatus } from './signal-record.js';

/** Storage of signals (implemented by PrismaSignalRepository). */
export interface SignalRepository {
  /**
   * Stores a signal with status `new`. When the user already has a signal with the same
   * idempotency key, nothing is stored and that first signal comes back as a duplicate
   * (the store's unique index decides, so it holds across processes and restarts).
   */
  create(signal: NewSignal): Promise<{ readonly kind: 'created' | 'duplicate'; readonly signal: SignalRecord }>;
  /** The signal if it belongs to the user, else null. */
  findForUser(userId: number, signalId: number): Promise<SignalRecord | null>;
  /**
   * Compare-and-set: moves the signal to `to` (writing `patch`) only if its status is one of
   * `from`, in one conditional update. Returns false when another caller moved it first: this is
   * what makes a double approval execute once.
   */
  transition(signalId: number, from: readonly SignalStatus[], to: SignalStatus, patch?: SignalPatch): Promise<boolean>;
  /** Remembers where the proposal was shown; no status change. */
  setNoticeRef(signalId: number, noticeRef: string): Promise<void>;
  /** Signals in one of `statuses` whose expiresAt is at or before `now`, oldest first, at most `limit`. */
  listOverdue(statuses: readonly SignalStatus[], now: Date, limit: number): Promise<SignalRecord[]>;
  /**
   * Claimed signals whose entry outcome was never recorded, oldest first, at most `limit`: status
   * `approved` with one of `reasons` as statusReason, or (`anyApproved`) every `approved` signal,
   * which only a start-up may ask for (no executor can be running then).
   */
  listUnsettledEntries(q: { readonly reasons: readonly string[]; readonly anyApproved: boolean; readonly limit: number }): Promise<SignalRecord[]>;
}
