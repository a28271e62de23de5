import type { Notifier } from '../ports.js';
import { toOutcomeView } from './outcome-view.js';
import type { SignalOutcome } from './signal-outcome.js';

/** Notification kind of each outcome the user hears about unprompted (webhook, strategy, expiry). */
const kinds: Partial<Record<SignalOutcome['kind'], string>> = {
  executed: 'TRADE_EXECUTED',
  not_executed: 'TRADE_NOT_EXECUTED',
  unknown: 'TRADE_UNKNOWN',
  rejected: 'SIGNAL_REJECTED',
  proposed: 'SIGNAL_PROPOSED',
  expired: 'PROPOSAL_EXPIRED',
  failed: 'SIGNAL_FAILED',
};

/** Every notification kind the trading flow sends. */
export const tradingNotificationKinds: readonly string[] = Object.values(kinds);

/**
 * Tells the user about an outcome: data is `{ outcome: OutcomeView, noticeRef? }`, plain JSON.
 * Duplicates and already-handled signals are not announced.
 */
export async function notifyOutcome(notifier: Notifier, userId: number, outcome: SignalOutcome, noticeRef?: string | null): Promise<void> {
  const kind = kinds[outcome.kind];
  if (kind === undefined) return;
  await notifier.notify(userId, { kind, data: { outcome: toOutcomeView(outcome), ...(noticeRef ? { noticeRef } : {}) } });
}
